import { describe, expect, it } from 'vitest';
import { periodGoal } from '../../lambdas/pack/chart-goals.js';
import { packConfig } from './fixtures/pack-config.js';

// Goals: every quarter 5.6M revenue, 680 opportunities, a 30% win rate (QUARTER_TARGETS); Q4 2026 runs 92 days (Oct–Dec).
const config = packConfig();

describe('chart goals', () => {
  it('gives a quarter its own goal', () => {
    expect(periodGoal(config, 'quarterly', '2026-Q4', 'revenue')).toBe(5_600_000);
  });

  it('prorates a month’s goal from its quarter by days', () => {
    // November: 30 of Q4's 92 days.
    expect(periodGoal(config, 'monthly', '2026-11', 'revenue')).toBeCloseTo((5_600_000 * 30) / 92, 6);
  });

  it('prorates a week’s amount goal day by day from the quarters its days fall in', () => {
    // 2026-W40 runs Mon 28 Sep – Sun 4 Oct: 3 days of Q3 (92 days) and 4 of Q4 (92 days).
    expect(periodGoal(config, 'weekly', '2026-W40', 'opportunities')).toBeCloseTo((680 * 3) / 92 + (680 * 4) / 92, 9);
  });

  it('takes a week’s rate goal from the quarter it ends in, unprorated', () => {
    expect(periodGoal(config, 'weekly', '2026-W47', 'win_rate')).toBe(0.3);
  });

  it('has no goal where the config sets none', () => {
    const noGoals = packConfig({ goals: { quarterly: {}, monthly: {} } });

    expect(periodGoal(noGoals, 'weekly', '2026-W47', 'revenue')).toBeUndefined();
  });
});
