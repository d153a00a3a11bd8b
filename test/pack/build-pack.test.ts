import { describe, expect, it } from 'vitest';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { samplePack, sectionOf, sentencesOf } from './fixtures/pack-fixtures.js';

describe('buildPack', () => {
  it('answers the weekly agenda in order, then the shared sections', () => {
    const pack = samplePack({ cadence: 'weekly' });

    expect(pack.agenda.map((section) => section.id)).toEqual(['what-happened', 'goal-progress', 'what-changed']);
    expect(pack.shared.map((section) => section.id)).toEqual(['funnel', 'attribution', 'handoff', 'marketing-efficiency', 'sales-results']);
  });

  it('answers the monthly agenda in order', () => {
    const pack = samplePack({ cadence: 'monthly' });

    expect(pack.agenda.map((section) => section.id)).toEqual(['what-happened', 'forecast', 'improvement-areas']);
  });

  it('answers the quarterly agenda in order', () => {
    const pack = samplePack({ cadence: 'quarterly' });

    expect(pack.agenda.map((section) => section.id)).toEqual(['results-vs-goals', 'forecast', 'improvement-areas', 'strategic-changes']);
  });

  it('puts cadence, period and headline in the subject', () => {
    // Revenue 412k vs 368k the week before = +12%; quarter to date 3.45M of 5.6M = 62%.
    const pack = samplePack({ cadence: 'weekly' });

    expect(pack.subject).toBe('Weekly funnel review · 2026-W47 · Revenue $412k (+12% WoW) · 62% of Q4 FY2026 goal');
  });

  it('gives an on-track verdict from the revenue goal and names the goals behind pace', () => {
    const pack = samplePack({ cadence: 'weekly' });

    expect(pack.headline.onTrack).toBe(true);
    expect(pack.headline.verdict).toBe('On track: revenue is at 62% of the Q4 FY2026 goal with 58% of the period gone.');
    expect(pack.headline.tiles.map((tile) => [tile.label, tile.value, tile.change?.text])).toEqual([
      ['Revenue', '$412k', '+12% WoW'],
      ['Pipeline created', '$1.18M', '−10% WoW'],
      ['SQLs', '78', '−33% WoW'],
    ]);
  });

  it('says there is no verdict when no goals are configured', () => {
    const pack = buildPack(sampleFunnelMetrics({ goals: [] }), packConfig({ goals: { quarterly: {}, monthly: {} } }));

    expect(pack.headline.onTrack).toBeUndefined();
    expect(pack.headline.verdict).toBe('No goals are configured for this period, so there is no on-track verdict.');
    expect(pack.subject).toBe('Weekly funnel review · 2026-W47 · Revenue $412k (+12% WoW)');
  });

  it('carries a data-incomplete banner naming missing and failed days', () => {
    const complete = sampleFunnelMetrics();
    const metrics = sampleFunnelMetrics({ freshness: { ...complete.freshness, daysPresent: 5, missingDays: ['2026-11-18'], failedDays: ['2026-11-19'] } });

    const pack = buildPack(metrics, packConfig());

    expect(pack.dataIncomplete?.banner).toBe('Data incomplete: 2026-11-18 missing; 2026-11-19 failed to ingest');
  });

  it('carries no banner when every day is ingested', () => {
    expect(samplePack().dataIncomplete).toBeUndefined();
  });

  it('prints the glossary and the quarantine counts', () => {
    const pack = samplePack();

    expect(pack.glossary.find((entry) => entry.id === 'win_rate')?.label).toBe('Win rate');
    expect(sentencesOf(pack.freshness)).toContain('Rows quarantined by ingest: 3 (crm_lifecycle 3).');
  });

  it('lists every metric in the metrics table with raw numbers', () => {
    const pack = samplePack();
    const revenue = pack.metricsTable.find((row) => row.metricId === 'revenue');

    expect(pack.metricsTable).toHaveLength(27);
    expect(revenue).toMatchObject({ value: 412_000, previous: 368_000, unavailableReason: '' });
  });

  it('is the same pack for the same input (pure)', () => {
    expect(JSON.stringify(samplePack())).toBe(JSON.stringify(samplePack()));
  });
});

describe('buildPack with little history', () => {
  it('says the trend needs more weeks instead of drawing one', () => {
    const pack = samplePack({ cadence: 'weekly', priorPeriods: 1 });

    expect(sentencesOf(sectionOf(pack, 'what-happened'))).toContain('Trend needs 4 prior weeks; 1 available.');
    expect(pack.charts.map((chart) => chart.id)).not.toContain('trend');
  });

  it('says why the 4-week average is missing', () => {
    const pack = samplePack({ cadence: 'weekly', priorPeriods: 1 });

    expect(sentencesOf(sectionOf(pack, 'what-happened'))).toContain('4-week average: needs 4 prior weeks, have 1.');
  });

  it('says movers need more history instead of inventing any', () => {
    const pack = samplePack({ cadence: 'weekly', priorPeriods: 1 });

    expect(sentencesOf(sectionOf(pack, 'what-changed'))).toContain('Spotting movers needs 4 prior weeks; 1 available.');
  });

  it('builds a first-ever pack with no prior period at all', () => {
    const pack = samplePack({ cadence: 'monthly', priorPeriods: 0 });

    expect(pack.headline.tiles[0]).toMatchObject({ value: '$1.65M', note: 'no prior month' });
    expect(sentencesOf(sectionOf(pack, 'improvement-areas'))).toContain('Comparing stages with their usual rate needs 4 prior months; 0 available.');
  });
});
