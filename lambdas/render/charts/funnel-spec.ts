import type { TopLevelSpec } from 'vega-lite';
import { formatCount, formatRatio } from '../../pack/format-figures.js';
import type { ChartData } from '../../pack/pack-types.js';
import { SCHEMES } from '../email-theme.js';
import { baseConfig, VEGA_LITE_SCHEMA } from './chart-config.js';
import { CHART_LAYOUTS, type ChartVariant } from './chart-layouts.js';

type FunnelChart = Extract<ChartData, { id: 'funnel' }>;
type FunnelStepData = FunnelChart['steps'][number];

/** `40% to MQLs`, `12% so far to Won`, `too early for Won`. */
export const conversionLabel = (step: FunnelStepData, next: string): string => {
  if (step.conversionText?.startsWith('too early')) return `too early for ${next}`;
  if (step.conversionText !== undefined) {
    const soFar = step.conversionText.endsWith(' so far');
    return `${step.conversionText.replace(/ so far$/, '')} to ${next}${soFar ? ' so far' : ''}`;
  }
  return step.conversionToNext !== undefined ? `${formatRatio(step.conversionToNext)} to ${next}` : '';
};

/** Row height per stage: a line of text above a bar. */
const ROW = { wide: 40, narrow: 44 } as const;
const BAR = 12;

/**
 * One row per stage: its name and figures on a line, the bar under it from zero, and the stage's
 * goal as a mark across the bar. Text above the bar rather than beside it leaves the bars the
 * whole width on a phone.
 */
export const funnelSpec = (chart: FunnelChart, variant: ChartVariant): TopLevelSpec => {
  const colors = SCHEMES[variant.scheme].chart;
  const layout = CHART_LAYOUTS[variant.layout];
  // A little room past the longest bar or goal, so a goal mark at the end is not cut in half.
  const max = Math.max(1, ...chart.steps.flatMap((step) => [step.count, step.goal ?? 0])) * 1.02;
  const values = chart.steps.map((step, index) => {
    const next = chart.steps[index + 1];
    const conversion = next ? conversionLabel(step, next.stage) : '';
    const goal = step.goal === undefined ? '' : `goal ${formatCount(Math.round(step.goal))}`;
    return {
      stage: step.stage,
      count: step.count,
      goal: step.goal,
      figures: [formatCount(step.count), goal, conversion].filter(Boolean).join(' · '),
      won: step.stage === 'Won',
    };
  });
  const y = { field: 'stage', type: 'nominal', sort: null, title: null, axis: null, scale: { paddingInner: 0, paddingOuter: 0 } } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: layout.width,
    height: ROW[variant.layout] * values.length,
    // Exactly the layout's width: the text is placed by pixel, from 0 to the right edge.
    padding: { left: 0, right: 0, top: 0, bottom: 4 },
    autosize: { type: 'none' },
    config: baseConfig(variant),
    data: { values },
    encoding: { y, x: { field: 'count', type: 'quantitative', title: null, axis: null, scale: { domain: [0, max], nice: false } } },
    layer: [
      {
        mark: { type: 'bar', height: BAR, cornerRadiusEnd: 2, yOffset: ROW[variant.layout] / 2 - BAR / 2 - 6 },
        encoding: { color: { field: 'won', type: 'nominal', legend: null, scale: { domain: [false, true], range: [colors.bar, colors.barWon] } } },
      },
      {
        transform: [{ filter: 'isValid(datum.goal)' }],
        mark: { type: 'tick', orient: 'vertical', thickness: 2, size: BAR + 8, color: colors.goal, yOffset: ROW[variant.layout] / 2 - BAR / 2 - 6 },
        encoding: { x: { field: 'goal', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'top', fontWeight: 'bold', yOffset: -ROW[variant.layout] / 2 + 4 },
        encoding: { x: { value: 0 }, text: { field: 'stage' } },
      },
      {
        mark: { type: 'text', align: 'right', baseline: 'top', yOffset: -ROW[variant.layout] / 2 + 4 },
        encoding: { x: { value: layout.width }, text: { field: 'figures' } },
      },
    ],
  } as TopLevelSpec;
};
