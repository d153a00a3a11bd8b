import { describe, expect, it } from 'vitest';
import type { Pack } from '../../lambdas/pack/pack-types.js';
import { renderCsv } from '../../lambdas/render/render-csv.js';

const packWithRows = (rows: Pack['metricsTable']): Pack => ({ metricsTable: rows }) as Pack;

describe('renderCsv', () => {
  it('writes a header and one row per metric with raw numbers', () => {
    const csv = renderCsv(
      packWithRows([{ metricId: 'revenue', label: 'Revenue', unit: 'currency', value: 412000, previous: 368000, change: 0.12, changeKind: 'relative', baseline: 365000, unavailableReason: '' }]),
    );

    expect(csv).toBe('metric_id,label,unit,value,previous,change,change_kind,baseline,unavailable_reason\r\nrevenue,Revenue,currency,412000,368000,0.12,relative,365000,\r\n');
  });

  it('leaves unavailable cells empty and says why, quoting per RFC 4180', () => {
    const csv = renderCsv(
      packWithRows([
        { metricId: 'cac', label: 'CAC, "blended"', unit: 'currency', value: null, previous: 10, change: null, changeKind: 'relative', baseline: null, unavailableReason: 'value: no deals won; baseline: needs 4 prior weeks, have 1' },
      ]),
    );

    expect(csv.split('\r\n')[1]).toBe('cac,"CAC, ""blended""",currency,,10,,relative,,"value: no deals won; baseline: needs 4 prior weeks, have 1"');
  });
});
