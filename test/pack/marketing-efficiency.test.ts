import { describe, expect, it } from 'vitest';
import { measured, type ChannelEfficiency } from '../../lambdas/metrics/metric-types.js';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import type { TableBlock } from '../../lambdas/pack/pack-types.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from './fixtures/pack-config.js';
import { sectionOf } from './fixtures/pack-fixtures.js';

describe('marketing efficiency table', () => {
  const channel = (name: string, spend: number, leads: number): ChannelEfficiency => ({
    channel: name,
    spend,
    leads,
    mqls: leads / 2,
    costPerLead: measured(spend / leads),
    costPerMql: measured((2 * spend) / leads),
    previousCostPerLead: measured(spend / leads),
    baselineCostPerLead: measured(spend / leads),
  });

  it('says no spend for unpaid channels and lists them after the paid ones', () => {
    const metrics = sampleFunnelMetrics({ efficiencyByChannel: [channel('direct', 0, 40), channel('paid_search', 1000, 10), channel('organic_search', 0, 80)] });

    const table = sectionOf(buildPack(metrics, packConfig()), 'marketing-efficiency').blocks.find((block): block is TableBlock => block.kind === 'table');

    expect(table?.rows).toEqual([
      ['Paid search', '$1.0k', '10', '$100', '$100', '$200'],
      ['Organic search', 'no spend', '80', '—', '—', '—'],
      ['Direct', 'no spend', '40', '—', '—', '—'],
    ]);
  });
});
