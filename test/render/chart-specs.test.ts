import { describe, expect, it } from 'vitest';
import type { ChartData } from '../../lambdas/pack/pack-types.js';
import { axisFormat, chartSpec, trendLabels } from '../../lambdas/render/chart-specs.js';
import { chartCaption } from '../../lambdas/render/charts/chart-captions.js';
import { axisLabelValues } from '../../lambdas/render/charts/trend-spec.js';

type Spec = Record<string, unknown> & { layer?: Spec[]; concat?: Spec[]; encoding?: Record<string, Record<string, unknown>>; mark?: Record<string, unknown> | string };

const funnel: ChartData = {
  id: 'funnel',
  title: 'Unified funnel',
  alt: '',
  steps: [
    { stage: 'Leads', count: 472, conversionToNext: 0.4, conversionText: '40%', goal: 457 },
    { stage: 'MQLs', count: 191, conversionText: '41% so far', goal: 183 },
    { stage: 'Won', count: 16 },
  ],
};

const trend: ChartData = {
  id: 'trend',
  title: 'Trend',
  alt: '',
  series: [
    {
      metricId: 'revenue',
      label: 'Revenue',
      unit: 'currency',
      points: ['2026-W45', '2026-W46', '2026-W47'].map((periodId, index) => ({ periodId, value: 380_000 + index * 10_000 })),
      goals: [{ periodId: '2026-W47', value: 426_087 }],
      usualRange: { low: 360_000, high: 420_000, mean: 390_000, periods: 8 },
    },
  ],
};

const layers = (spec: Spec): Spec[] => [...(spec.layer ?? []), ...(spec.concat ?? []).flatMap(layers)];

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

  it('prints as many period labels as fit side by side, always the latest', () => {
    const weeks = ['W39', 'W40', 'W41', 'W42', 'W43', 'W44', 'W45', 'W46', 'W47'];
    // 285 px hold 285 ÷ 40 = 7 labels: every second of the nine, counted back from W47.
    expect(axisLabelValues(weeks, 285)).toEqual(['W39', 'W41', 'W43', 'W45', 'W47']);
    // 117 px hold 2: the first and the latest.
    expect(axisLabelValues(weeks, 117)).toEqual(['W39', 'W47']);
    expect(axisLabelValues(['Q2 26', 'Q3 26'], 117)).toEqual(['Q2 26', 'Q3 26']);
  });

  it('starts every trend bar at zero, with horizontal labels', () => {
    for (const layout of ['wide', 'narrow'] as const) {
      const bars = layers(chartSpec(trend, 'USD', { layout, scheme: 'light' }) as Spec).find((layer) => (layer.mark as { type?: string })?.type === 'bar')!;
      expect(bars.encoding?.y?.scale).toEqual({ zero: true, nice: true });
      expect((bars.encoding?.x?.axis as { labelAngle: number }).labelAngle).toBe(0);
    }
  });

  it('draws the usual range as a band and each period’s goal as a dash when the data has them', () => {
    const all = layers(chartSpec(trend, 'USD', { layout: 'wide', scheme: 'dark' }) as Spec);
    const band = all.find((layer) => (layer.mark as { type?: string })?.type === 'rect');
    const goals = all.find((layer) => (layer.mark as { type?: string })?.type === 'tick');

    expect((band?.data as { values: unknown[] }).values).toEqual([{ low: 360_000, high: 420_000, mean: 390_000, periods: 8 }]);
    expect((goals?.data as { values: unknown[] }).values).toEqual([{ period: 'W47', goal: 426_087 }]);
    const bare = { ...trend, series: [{ ...trend.series[0]!, goals: undefined, usualRange: undefined }] } as ChartData;
    expect(layers(chartSpec(bare, 'USD', { layout: 'wide', scheme: 'dark' }) as Spec).map((layer) => (layer.mark as { type?: string }).type)).toEqual(['bar']);
  });

  it('draws funnel bars from zero to a little past the longest bar or goal, exactly as wide as shown', () => {
    for (const [layout, width] of [['wide', 560], ['narrow', 343]] as const) {
      const spec = chartSpec(funnel, 'USD', { layout, scheme: 'light' }) as Spec;
      expect(spec.width).toBe(width);
      expect(spec.autosize).toEqual({ type: 'none' });
      // 472 leads is the longest; 2% of room: 481.44.
      expect(spec.encoding?.x?.scale).toEqual({ domain: [0, 472 * 1.02], nice: false });
    }
  });

  it('writes each stage’s figures, goal and conversion on its line', () => {
    const values = ((chartSpec(funnel, 'USD', { layout: 'narrow', scheme: 'light' }) as Spec).data as { values: { figures: string }[] }).values;

    expect(values.map((value) => value.figures)).toEqual(['472 · goal 457 · 40% to MQLs', '191 · goal 183 · 41% to Won so far', '16']);
  });

  it('keys the marks under the chart, naming where a week’s goal comes from', () => {
    expect(chartCaption(trend, 'weekly')).toBe(
      "Highlighted bar: the latest week; shading: the usual range of the 8 weeks before; dashes: the quarter's goal prorated to the week.",
    );
    expect(chartCaption(funnel, 'monthly')).toBe("Marks across the bars: the month's goal.");
    expect(chartCaption({ ...funnel, steps: [{ stage: 'Leads', count: 1 }] }, 'quarterly')).toBeUndefined();
  });
});
