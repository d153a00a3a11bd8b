import { describe, expect, it } from 'vitest';
import { measured } from '../../lambdas/metrics/metric-types.js';
import { channelCostMovers, metricMovers } from '../../lambdas/pack/movers.js';
import { createPackContext } from '../../lambdas/pack/pack-context.js';
import { fixtureMetric, sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { samplePack, sectionOf, sentencesOf } from './fixtures/pack-fixtures.js';

describe('what has changed (weekly)', () => {
  it('surfaces the MQL acceptance drop against its usual 8-week range', () => {
    // Trailing 8 weeks: 60, 59, 61, 60, 59, 62, 58, 60% → usual 58–62%; this week 41%.
    const bullets = sentencesOf(sectionOf(samplePack(), 'what-changed'));

    expect(bullets).toContain('MQL acceptance rate fell to 41% from a usual 58–62%.');
  });

  it('ranks movers by how many standard deviations they sit from their baseline', () => {
    const context = createPackContext(sampleFunnelMetrics(), packConfig());

    const scores = metricMovers(context).map((mover) => Math.abs(mover.score));

    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((score) => score >= 2)).toBe(true);
  });

  it('reports a metric only when it leaves its usual range', () => {
    // Revenue 412k sits inside its trailing range 312k–416k.
    const subjects = metricMovers(createPackContext(sampleFunnelMetrics(), packConfig())).map((mover) => mover.subject);

    expect(subjects).not.toContain('Revenue');
    expect(subjects).toContain('MQL acceptance rate');
  });

  it('does not repeat the acceptance drop as a rejection rise', () => {
    const subjects = metricMovers(createPackContext(sampleFunnelMetrics(), packConfig())).map((mover) => mover.subject);

    expect(subjects).not.toContain('MQL rejection rate');
  });

  it('does not repeat the acceptance drop as an MQL → SQL conversion drop (the same cohort rate)', () => {
    const subjects = metricMovers(createPackContext(sampleFunnelMetrics(), packConfig())).map((mover) => mover.subject);

    expect(subjects).not.toContain('MQL → SQL conversion');
  });

  it('names a new top rejection reason with its count and share', () => {
    // 41 of 41 + 30 + 25 + 17 = 113 rejections = 36%.
    const bullets = sentencesOf(sectionOf(samplePack(), 'what-changed'));

    expect(bullets).toContain('New top rejection reason: “No budget this quarter”, 41 of 113 rejections (36%; 6 the week before).');
  });

  it('states handoff speed against its usual range', () => {
    const bullets = sentencesOf(sectionOf(samplePack(), 'what-changed'));

    expect(bullets).toContain('Handoff speed: a median 2.6 days from MQL to SQL (usual 1.3–1.6 days).');
  });

  it('says nothing moved when every metric sits inside its usual range', () => {
    const base = sampleFunnelMetrics();
    const steady = Object.fromEntries(
      Object.entries(base.metrics).map(([id, metric]) => [id, { ...metric, value: measured(metric.baselineRange!.mean) }]),
    ) as typeof base.metrics;
    const metrics = sampleFunnelMetrics({ metrics: steady, efficiencyByChannel: [] });

    const context = createPackContext(metrics, packConfig());

    expect(metricMovers(context)).toEqual([]);
  });

  it('uses the configured z-score threshold', () => {
    // SQLs: 8 weeks of 108–119 (mean 113.75, sd ≈ 3.2); 105 is 2.7 sd below: a mover at 2, not at 3.
    const metrics = sampleFunnelMetrics({
      metrics: { ...sampleFunnelMetrics().metrics, sqls: fixtureMetric('sqls', 'weekly', [113, 108, 119, 112, 117, 114, 111, 116, 105]) },
    });
    const subjects = (z: number) => metricMovers(createPackContext(metrics, packConfig({ thresholds: { moverZScore: z } }))).map((mover) => mover.subject);

    expect(subjects(2)).toContain('SQLs');
    expect(subjects(3)).not.toContain('SQLs');
  });
});

describe('channel cost movers (monthly)', () => {
  it('surfaces Paid Social cost per lead doubling', () => {
    // $18,000 × 4 spend ÷ 360 leads = $200 per lead; usual $100.
    const bullets = sentencesOf(sectionOf(samplePack({ cadence: 'monthly' }), 'what-happened'));

    expect(bullets).toContain('Paid Social cost per lead doubled to $200 from a usual $100 (2.0×).');
  });

  it('ignores channels within 1.5× of their usual cost per lead', () => {
    // Weekly fixture: Paid Social $200 vs usual $200, Events $300 vs $290.
    expect(channelCostMovers(createPackContext(sampleFunnelMetrics(), packConfig()))).toEqual([]);
  });
});
