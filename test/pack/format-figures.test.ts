import { describe, expect, it } from 'vitest';
import { channelName, formatChangeAmount, formatCount, formatCurrency, formatRange, formatRatio } from '../../lambdas/pack/format-figures.js';

describe('format figures', () => {
  it('writes currency compactly', () => {
    expect([950, 41_234, 412_000, 1_240_000].map((value) => formatCurrency(value, 'USD'))).toEqual(['$950', '$41.2k', '$412k', '$1.24M']);
  });

  it('uses the reporting currency symbol', () => {
    expect(formatCurrency(412_000, 'EUR')).toBe('€412k');
  });

  it('keeps one decimal for small ratios only', () => {
    expect([0.034, 0.41].map(formatRatio)).toEqual(['3.4%', '41%']);
  });

  it('rounds large averages to whole counts', () => {
    expect([14.25, 6249.1].map(formatCount)).toEqual(['14.3', '6,249']);
  });

  it('signs changes with a real minus', () => {
    expect([formatChangeAmount(0.12, 'relative'), formatChangeAmount(-0.19, 'points'), formatChangeAmount(1.1, 'days')]).toEqual(['+12%', '−19 pts', '+1.1 days']);
  });

  it('makes canonical channel ids readable and leaves source names alone', () => {
    expect([channelName('paid_social'), channelName('Paid Social')]).toEqual(['Paid social', 'Paid Social']);
  });

  it('writes a range with the unit once', () => {
    expect([formatRange(0.58, 0.62, 'ratio', 'USD'), formatRange(1.3, 1.6, 'days', 'USD')]).toEqual(['58–62%', '1.3–1.6 days']);
  });
});
