import { describe, expect, it } from 'vitest';
import { axisFormat, trendLabels } from '../../lambdas/render/chart-specs.js';

describe('chart specs', () => {
  it('puts the currency symbol on a currency axis', () => {
    expect(axisFormat('currency', 'USD')).toEqual({ labelExpr: `"$" + format(datum.value, '~s')` });
    expect(axisFormat('currency', 'EUR')).toEqual({ labelExpr: `"€" + format(datum.value, '~s')` });
  });

  it('formats ratio axes as percentages and counts in SI units', () => {
    expect(axisFormat('ratio', 'USD')).toEqual({ format: '.0%' });
    expect(axisFormat('count', 'USD')).toEqual({ format: '~s' });
  });

  it('keeps a 13-month trend’s first and last month apart on the axis', () => {
    expect(trendLabels(['2025-10', '2025-11', '2026-01', '2026-10'])).toEqual(['Oct 25', 'Nov', 'Jan 26', 'Oct']);
  });

  it('leaves week and quarter labels short', () => {
    expect(trendLabels(['2026-W46', '2026-W47'])).toEqual(['W46', 'W47']);
    expect(trendLabels(['2026-Q2', '2026-Q3'])).toEqual(['Q2 26', 'Q3 26']);
  });
});
