import { describe, expect, it } from 'vitest';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import { cohortAgeDays, cohortMaturity } from '../../lambdas/pack/cohort-maturity.js';
import { improvementAreas } from '../../lambdas/pack/improvement-areas.js';
import { metricMovers } from '../../lambdas/pack/movers.js';
import { createPackContext } from '../../lambdas/pack/pack-context.js';
import type { KpiTile, TableBlock } from '../../lambdas/pack/pack-types.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { sectionOf, sentencesOf } from './fixtures/pack-fixtures.js';

/*
 * Weekly fixture: Week 47 is 2026-11-16…22 (7 days). Typical lags (this week's medians, rounded):
 * MQL → SQL 2.6 → 3 days, SQL → opportunity 6.3 → 6, opportunity → won 42, lead → won 66.
 * As of 2026-11-24 the last day counted is 11-23: 1 day after the week's end, plus ⌊7 ÷ 2⌋ = 3
 * for the cohort's middle → 4 days old.
 *   MQL → SQL (3):      3 ≤ 4 < 6  → "so far"
 *   SQL → opp (6):      4 < 6      → too early
 *   opp → won (42):     4 < 42     → too early
 *   lead → MQL:         no velocity metric → shown as is
 */
const young = () => sampleFunnelMetrics({ asOf: '2026-11-24' });

const funnelRows = (metrics = young()) =>
  sectionOf(buildPack(metrics, packConfig()), 'funnel').blocks.find((block): block is TableBlock => block.kind === 'table')?.rows;

describe('cohort maturity', () => {
  it('ages the cohort from the middle of its period to the day before asOf', () => {
    expect(cohortAgeDays(young())).toBe(4);
  });

  it('applies no rule when the metrics carry no asOf', () => {
    expect(cohortMaturity(sampleFunnelMetrics(), 'opportunity_to_won_conversion')).toEqual({ state: 'mature' });
  });

  it('calls a cohort younger than its step’s median lag too early', () => {
    expect(cohortMaturity(young(), 'opportunity_to_won_conversion')).toEqual({ state: 'too-early', ageDays: 4, typicalDays: 42 });
  });

  it('calls a cohort older than the lag but younger than twice it partial', () => {
    expect(cohortMaturity(young(), 'mql_to_sql_conversion')).toEqual({ state: 'partial', ageDays: 4, typicalDays: 3 });
  });

  it('treats a cohort at twice the lag as mature', () => {
    // As of 11-26: 3 days after the end + 3 = 6 = 2 × 3.
    expect(cohortMaturity(sampleFunnelMetrics({ asOf: '2026-11-26' }), 'mql_to_sql_conversion')).toEqual({ state: 'mature' });
  });

  it('prints too early, so far or the rate in the funnel table', () => {
    expect(funnelRows()?.map((row) => row[2])).toEqual(['40%', '41% so far', 'too early', 'too early', '—']);
  });

  it('says below the funnel table why each rate is too early, and lead → customer too', () => {
    const [note] = sentencesOf(sectionOf(buildPack(young(), packConfig()), 'funnel'));

    expect(note).toContain(' Lead → customer: too early (cohort 4 days old; typical 66 days).');
    expect(note).toContain(
      ' SQLs → Opportunities: too early (cohort 4 days old; typical 6 days). Opportunities → Won: too early (cohort 4 days old; typical 42 days).',
    );
  });

  it('leaves the too-early rate off the funnel chart and says why in its alt text', () => {
    const chart = buildPack(young(), packConfig()).charts.find((entry) => entry.id === 'funnel');

    // The goal mark: Q4's 680 opportunities prorated to the 7 days of 2026-W47 out of the quarter's 92.
    expect(chart?.id === 'funnel' && chart.steps[3]).toEqual({ stage: 'Opportunities', count: 47, conversionText: 'too early (cohort 4 days old; typical 42 days)', goal: (680 * 7) / 92 });
    expect(chart?.alt).toContain('MQLs 191 (41% to SQLs so far), ');
    expect(chart?.alt).toContain('Opportunities 47 (to Won: too early, cohort 4 days old; typical 42 days)');
  });

  it('does not report a too-early conversion as a mover', () => {
    // Opportunity → won at 22% sits 2.4 standard deviations below its usual 24–30%: a mover once mature.
    const mature = metricMovers(createPackContext(sampleFunnelMetrics(), packConfig())).map((mover) => mover.subject);
    const early = metricMovers(createPackContext(young(), packConfig())).map((mover) => mover.subject);

    expect(mature).toContain('Opportunity → won conversion');
    expect(early).not.toContain('Opportunity → won conversion');
  });

  it('ranks no too-early stage and compares a so-far stage with its usual only', () => {
    // MQL → SQL 41% vs its usual 59.75% (the goal-implied 62.5% is a final rate): (59.75 − 41) ÷ 59.75 = 31.4%.
    const areas = improvementAreas(createPackContext(young(), packConfig()));

    expect(areas.map((area) => [area.conversion, Math.round(area.shortfall * 1000) / 1000, area.goalRate])).toEqual([['mql_to_sql_conversion', 0.314, undefined]]);
    expect(areas[0]?.sentence).toBe('MQL → SQL conversion: 41% so far vs a usual 60%; at the usual 60%, 36 more SQLs.');
  });

  it('labels a so-far acceptance rate tile with the cohort age', () => {
    const tiles = sectionOf(buildPack(young(), packConfig()), 'handoff').blocks.flatMap((block) => (block.kind === 'kpis' ? block.tiles : [])) as KpiTile[];

    expect(tiles[0]).toMatchObject({ label: 'MQL acceptance rate', note: 'so far: cohort 4 days old; typical 3 days' });
  });
});
