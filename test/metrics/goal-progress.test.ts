import { describe, expect, it } from 'vitest';
import { periodById } from '../../lambdas/calendar/fiscal-calendar.js';
import type { CalendarSettings } from '../../lambdas/calendar/period-types.js';
import { goalProgress, goalTargets } from '../../lambdas/metrics/goal-progress.js';
import { measured } from '../../lambdas/metrics/metric-types.js';

/** Fiscal year starting in October, named after the year it ends in: Oct–Dec 2026 is 2027-Q1. */
const fiscal: CalendarSettings = { timeZone: 'UTC', weekStart: 'monday', fiscalYearStartMonth: 10, fiscalYearNaming: 'end' };

describe('goal targets', () => {
  it('reads a fiscal quarter by its id over the every-quarter default', () => {
    const quarter = periodById('quarterly', '2027-Q1', fiscal);
    const targets = goalTargets({ quarterly: { '2027-Q1': { leads: 500 } }, monthly: {}, everyQuarter: { leads: 400, revenue: 90_000 } }, quarter, fiscal);
    expect(quarter).toMatchObject({ start: '2026-10-01', end: '2026-12-31' });
    expect(targets).toEqual([
      { metric: 'leads', target: 500, source: 'config' },
      { metric: 'revenue', target: 90_000, source: 'config' },
    ]);
  });

  it('prorates a month from its fiscal quarter by days, and copies rates', () => {
    const november = periodById('monthly', '2026-11', fiscal);
    const targets = goalTargets({ quarterly: { '2027-Q1': { leads: 920, win_rate: 0.3 } }, monthly: {} }, november, fiscal);
    // November has 30 of the quarter's 92 days: 920 × 30 / 92 = 300.
    expect(targets).toEqual([
      { metric: 'leads', target: 300, source: 'prorated' },
      { metric: 'win_rate', target: 0.3, source: 'prorated' },
    ]);
  });

  it('prefers a month target given in config', () => {
    const november = periodById('monthly', '2026-11', fiscal);
    const targets = goalTargets({ quarterly: { '2027-Q1': { leads: 920 } }, monthly: { '2026-11': { leads: 250 } } }, november, fiscal);
    expect(targets).toEqual([{ metric: 'leads', target: 250, source: 'config' }]);
  });
});

describe('goal progress', () => {
  const quarter = periodById('quarterly', '2027-Q1', fiscal);

  it('measures pace against the share of the quarter elapsed', () => {
    // Through 15 Nov: 46 of 92 days = half; 300 of 920 leads is 0.326 attained, pace 0.652.
    const [leads] = goalProgress({
      targets: [{ metric: 'leads', target: 920, source: 'config' }],
      goalPeriod: quarter,
      through: '2026-11-15',
      actual: () => measured(300),
      onTrackPace: 0.95,
    });
    expect(leads?.elapsedShare).toBe(0.5);
    expect(leads?.pace).toEqual(measured((300 / 920) / 0.5));
    expect(leads?.projection).toEqual(measured(600));
    expect(leads?.onTrack).toBe(false);
  });

  it('compares the win rate itself with its target', () => {
    const [winRate] = goalProgress({
      targets: [{ metric: 'win_rate', target: 0.25, source: 'config' }],
      goalPeriod: quarter,
      through: '2026-11-15',
      actual: () => measured(0.3),
      onTrackPace: 0.95,
    });
    expect(winRate?.pace).toEqual(measured(1.2));
    expect(winRate?.projection).toEqual(measured(0.3));
    expect(winRate?.onTrack).toBe(true);
  });

  it('treats a CAC above target as behind', () => {
    const [cac] = goalProgress({
      targets: [{ metric: 'cac', target: 8_000, source: 'config' }],
      goalPeriod: quarter,
      through: '2026-12-31',
      actual: () => measured(10_000),
      onTrackPace: 0.95,
    });
    expect(cac?.attainment).toEqual(measured(0.8));
    expect(cac?.onTrack).toBe(false);
  });

  it('leaves on-track undecided when the actual is unavailable', () => {
    const [cac] = goalProgress({
      targets: [{ metric: 'cac', target: 8_000, source: 'config' }],
      goalPeriod: quarter,
      through: '2026-12-31',
      actual: () => ({ available: false, reason: 'no deals won in 2027-Q1' }),
      onTrackPace: 0.95,
    });
    expect(cac?.onTrack).toBeUndefined();
    expect(cac?.attainment).toEqual({ available: false, reason: 'no deals won in 2027-Q1' });
  });
});
