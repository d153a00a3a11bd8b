import type { TopLevelSpec } from 'vega-lite';
import type { ChartData } from '../../pack/pack-types.js';
import { SCHEMES } from '../email-theme.js';
import { axisFormat, baseConfig, trendLabels, VEGA_LITE_SCHEMA } from './chart-config.js';
import { CHART_LAYOUTS, type ChartVariant } from './chart-layouts.js';

type TrendChart = Extract<ChartData, { id: 'trend' }>;
type TrendSeries = TrendChart['series'][number];

const SPACING = 20;
/** Every small chart's y-axis takes exactly this width, so the charts add up to the layout's width. */
const Y_AXIS = 44;
const LABEL_OVERHANG = 14;
/** Room an x-axis label needs to stay horizontal next to its neighbours. */
const LABEL_ROOM = 40;

/** The period labels to print: as many as fit side by side, evenly spread, always the latest. */
export const axisLabelValues = (labels: readonly string[], width: number): string[] => {
  const fit = Math.max(2, Math.floor(width / LABEL_ROOM));
  if (labels.length <= fit) return [...labels];
  const step = Math.ceil((labels.length - 1) / (fit - 1));
  const picked = labels.filter((_, index) => (labels.length - 1 - index) % step === 0);
  return picked;
};

/**
 * One small chart per series: bars from zero, the latest period in the strong colour with its
 * value, the usual range of the trailing periods as a band and the goal of each period as a dash.
 */
const seriesSpec = (series: TrendSeries, currency: string, variant: ChartVariant, width: number) => {
  const colors = SCHEMES[variant.scheme].chart;
  const layout = CHART_LAYOUTS[variant.layout];
  const labels = trendLabels(series.points.map((point) => point.periodId));
  const last = series.points.length - 1;
  const values = series.points.map((point, index) => ({ period: labels[index], order: index, value: point.value, latest: index === last }));
  const goalLabel = new Map(series.points.map((point, index) => [point.periodId, labels[index]]));
  const goals = (series.goals ?? []).flatMap((goal) => (goalLabel.has(goal.periodId) ? [{ period: goalLabel.get(goal.periodId), goal: goal.value }] : []));
  const x = {
    field: 'period',
    type: 'ordinal',
    sort: labels,
    title: null,
    scale: { domain: labels, paddingInner: 0.25 },
    axis: { labelAngle: 0, values: axisLabelValues(labels, width), labelOverlap: false, ticks: false, labelPadding: 4 },
  } as const;
  const y = { type: 'quantitative', title: null, scale: { zero: true, nice: true }, axis: { tickCount: 3, minExtent: Y_AXIS - 4, maxExtent: Y_AXIS - 4, ...axisFormat(series.unit, currency) } } as const;
  const band = series.usualRange;
  return {
    title: { text: series.label },
    width,
    height: layout.trendHeight,
    layer: [
      ...(band
        ? [{ data: { values: [band] }, mark: { type: 'rect', color: colors.band, opacity: colors.bandOpacity }, encoding: { y: { ...y, field: 'low' }, y2: { field: 'high' } } }]
        : []),
      {
        data: { values },
        mark: { type: 'bar', cornerRadiusEnd: 1 },
        encoding: {
          x,
          y: { ...y, field: 'value' },
          color: { field: 'latest', type: 'nominal', legend: null, scale: { domain: [false, true], range: [colors.barEarlier, colors.bar] } },
        },
      },
      ...(goals.length > 0
        ? [{ data: { values: goals }, mark: { type: 'tick', thickness: 2, color: colors.goal, bandSize: 0 }, encoding: { x, y: { ...y, field: 'goal' } } }]
        : []),
    ],
  };
};

export const trendSpec = (chart: TrendChart, currency: string, variant: ChartVariant): TopLevelSpec => {
  const layout = CHART_LAYOUTS[variant.layout];
  const columns = Math.max(1, Math.min(layout.trendColumns, chart.series.length));
  // Each small chart's own y-axis sits outside its width, and its last x label overhangs the right edge.
  const width = Math.floor((layout.width - (columns - 1) * SPACING) / columns) - Y_AXIS - LABEL_OVERHANG;
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: { ...baseConfig(variant), concat: { spacing: SPACING } },
    padding: { left: 0, right: 2, top: 2, bottom: 2 },
    columns,
    concat: chart.series.map((series) => seriesSpec(series, currency, variant, width)),
    resolve: { scale: { y: 'independent', x: 'independent', color: 'independent' } },
  } as TopLevelSpec;
};
