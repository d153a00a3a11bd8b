import { describe, expect, it } from 'vitest';
import { unavailable } from '../../lambdas/metrics/metric-types.js';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import { sampleFunnelMetrics, fixturePeriod } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { samplePack, sectionOf, sentencesOf } from './fixtures/pack-fixtures.js';

/*
 * Quarterly fixture: Q4 revenue forecast $4.8M vs the $5.6M goal → 14.3% short, over the 10% threshold.
 * Backwards: $800k ÷ $25,750 average deal = 31.1 → 32 deals; ÷ 32% win rate = 100 opportunities;
 * ÷ 46% SQL → opportunity = 217.4 → 218 SQLs; ÷ 60% acceptance = 363.3 → 364 MQLs.
 */
describe('strategic changes (quarterly)', () => {
  it('flags a forecast that misses its goal by more than the threshold', () => {
    const section = sectionOf(samplePack({ cadence: 'quarterly' }), 'strategic-changes');

    expect(sentencesOf(section)).toContain('The forecast of $4.80M misses the Q4 FY2026 goal of $5.60M by 14% (threshold 10%).');
  });

  it('works the revenue gap backwards up the funnel, rounding up', () => {
    const section = sectionOf(samplePack({ cadence: 'quarterly' }), 'strategic-changes');

    expect(sentencesOf(section)).toContain(
      'Closing the $800k revenue gap at a 32% win rate and a $25.8k average deal takes 32 more deals won from 100 more opportunities, i.e. 218 more SQLs at the current 46% SQL → opportunity conversion, i.e. 364 more MQLs at the current 60% acceptance.',
    );
  });

  it('says which period its rates come from, without repeating them', () => {
    const section = sectionOf(samplePack({ cadence: 'quarterly' }), 'strategic-changes');

    expect(sentencesOf(section)).toContain("All rates are Q3 FY2026's own; each step is rounded up.");
  });

  it('does not flag deals won, which misses its goal by less than the threshold', () => {
    // 185 forecast vs 200 goal = 7.5% short.
    const titles = sectionOf(samplePack({ cadence: 'quarterly' }), 'strategic-changes').blocks.flatMap((block) => (block.kind === 'callout' ? [block.title] : []));

    expect(titles).toEqual(['Strategic change needed: revenue']);
  });

  it('says no change is needed when the forecast is within the threshold', () => {
    const pack = buildPack(sampleFunnelMetrics({ cadence: 'quarterly' }), packConfig({ thresholds: { strategicGap: 0.2 } }));

    expect(sentencesOf(sectionOf(pack, 'strategic-changes'))).toEqual(['No strategic change needed', 'The Q4 FY2026 forecast is within 20% of every goal.']);
  });

  it('says why the gap cannot be worked back when a rate is missing', () => {
    const base = sampleFunnelMetrics({ cadence: 'quarterly' });
    const metrics = sampleFunnelMetrics({ cadence: 'quarterly', metrics: { ...base.metrics, win_rate: { ...base.metrics.win_rate, value: unavailable('no deals closed') } } });

    const section = sectionOf(buildPack(metrics, packConfig()), 'strategic-changes');

    expect(sentencesOf(section)).toContain('Cannot work the gap back up the funnel: no win rate for Q3 FY2026.');
  });

  it('says there is nothing to check without a forecast', () => {
    const metrics = sampleFunnelMetrics({ cadence: 'quarterly', forecast: { available: false, horizon: fixturePeriod('quarterly', 1), reason: 'needs 2 closed quarters of deals, have 1' } });

    const section = sectionOf(buildPack(metrics, packConfig()), 'strategic-changes');

    expect(sentencesOf(section)).toEqual(['No strategic check without a forecast: needs 2 closed quarters of deals, have 1.']);
  });
});
