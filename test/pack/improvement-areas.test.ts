import { describe, expect, it } from 'vitest';
import { improvementAreas } from '../../lambdas/pack/improvement-areas.js';
import { createPackContext } from '../../lambdas/pack/pack-context.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';

/*
 * Weekly fixture, this week vs the mean of the 4 prior weeks and vs goal-implied rates
 * (goal sqls / goal mqls = 1500 / 2400 = 62.5%; goal won / goal opportunities = 200 / 680 = 29.4%):
 *   MQL → SQL       41% vs usual 59.75%, goal 62.5%  → short by (62.5 − 41) / 62.5 = 34.4%
 *   Opp → won       22% vs usual 27.25%, goal 29.4%  → short by (29.41 − 22) / 29.41 = 25.2%
 *   Lead → MQL      40% vs 40% / 40%                 → not short
 *   SQL → opp       60% vs 45.75% / 45.3%            → not short
 */
describe('key areas for improvement', () => {
  const areas = () => improvementAreas(createPackContext(sampleFunnelMetrics(), packConfig()));

  it('ranks stages by their largest relative shortfall', () => {
    expect(areas().map((area) => [area.conversion, Math.round(area.shortfall * 1000) / 1000])).toEqual([
      ['mql_to_sql_conversion', 0.344],
      ['opportunity_to_won_conversion', 0.252],
    ]);
  });

  it('puts the volume at stake at the usual and at the goal-implied rate', () => {
    // 191 MQLs × (59.75% − 41%) = 35.8 → 36 SQLs; 191 × (62.5% − 41%) = 41.1 → 41.
    const [first] = areas();

    expect(first).toMatchObject({ atStakeUsual: 36, atStakeGoal: 41 });
    expect(first?.sentence).toBe('MQL → SQL conversion: 41% vs a usual 60% and a goal-implied 63%; at the usual 60%, 36 more SQLs; at the goal-implied 63%, 41 more.');
  });

  it('judges against the trailing average alone when no goals are set', () => {
    const context = createPackContext(sampleFunnelMetrics({ goals: [] }), packConfig());

    const [first] = improvementAreas(context);

    expect(first?.sentence).toBe('MQL → SQL conversion: 41% vs a usual 60%; at the usual 60%, 36 more SQLs.');
  });
});
