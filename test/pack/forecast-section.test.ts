import { describe, expect, it } from 'vitest';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import type { TableBlock } from '../../lambdas/pack/pack-types.js';
import { fixturePeriod, sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { samplePack, sectionOf, sentencesOf } from './fixtures/pack-fixtures.js';

describe('forecast section', () => {
  it('shows expected value, range, sources and the month goal prorated from its quarter', () => {
    // December 2026 has no goal of its own: Q4's $5.6M × 31 of 92 days = $1,886,957; $1.70M is 10% short.
    const table = sectionOf(samplePack({ cadence: 'monthly' }), 'forecast').blocks.find((block): block is TableBlock => block.kind === 'table');

    expect(table?.rows[0]).toEqual(['Revenue', '$1.70M', '$1.40M–$2.00M', '$1.20M', '$500k', '$1.89M (−10%)']);
  });

  it('merges everyQuarter with a partial named quarter', () => {
    // Q4 names only leads; revenue still comes from everyQuarter.
    const config = packConfig({ goals: { everyQuarter: { revenue: 3_000_000, win_rate: 0.3 }, quarterly: { '2026-Q4': { leads: 5000 } }, monthly: {} } });
    const metrics = sampleFunnelMetrics({ cadence: 'monthly' });

    const table = sectionOf(buildPack(metrics, config), 'forecast').blocks.find((block): block is TableBlock => block.kind === 'table');

    // December: $3.0M × 31 / 92 = $1,010,870; $1.70M is 68% above it.
    expect(table?.rows[0]?.at(-1)).toBe('$1.01M (+68%)');
  });

  it('gives a quarterly forecast the everyQuarter revenue target when the named quarter is partial', () => {
    const config = packConfig({ goals: { everyQuarter: { revenue: 5_000_000, win_rate: 0.3 }, quarterly: { '2026-Q4': { leads: 5000 } }, monthly: {} } });
    const metrics = sampleFunnelMetrics({ cadence: 'quarterly' });

    const table = sectionOf(buildPack(metrics, config), 'forecast').blocks.find((block): block is TableBlock => block.kind === 'table');

    // The horizon is the quarter after the pack's; $4.8M vs $5.0M = −4%.
    expect(table?.rows[0]?.at(-1)).toBe('$5.00M (−4%)');
  });

  it('compares the quarterly forecast with the next quarter goal', () => {
    // $4.8M vs $5.6M = −14%.
    const table = sectionOf(samplePack({ cadence: 'quarterly' }), 'forecast').blocks.find((block): block is TableBlock => block.kind === 'table');

    expect(table?.rows[0]?.at(-1)).toBe('$5.60M (−14%)');
  });

  it('states the method', () => {
    const sentences = sentencesOf(sectionOf(samplePack({ cadence: 'monthly' }), 'forecast'));

    expect(sentences.some((sentence) => sentence.startsWith('Method: Open pipeline × win rate by stage'))).toBe(true);
  });

  it('says why there is no forecast', () => {
    const metrics = sampleFunnelMetrics({ cadence: 'monthly', forecast: { available: false, horizon: fixturePeriod('monthly', 1), reason: 'needs 3 months of closed deals, have 1' } });

    const section = sectionOf(buildPack(metrics, packConfig()), 'forecast');

    expect(sentencesOf(section)).toEqual(['No forecast for December 2026: needs 3 months of closed deals, have 1.']);
  });
});
