import { describe, expect, it } from 'vitest';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import type { TableBlock } from '../../lambdas/pack/pack-types.js';
import { fixturePeriod, sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { samplePack, sectionOf, sentencesOf } from './fixtures/pack-fixtures.js';

describe('forecast section', () => {
  it('shows expected value, range and sources per metric', () => {
    const table = sectionOf(samplePack({ cadence: 'monthly' }), 'forecast').blocks.find((block): block is TableBlock => block.kind === 'table');

    expect(table?.rows[0]).toEqual(['Revenue', '$1.70M', '$1.40M–$2.00M', '$1.20M', '$500k', '—']);
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
