import type { Period } from '../calendar/period-types.js';
import { calendarSettings } from '../calendar/fiscal-calendar.js';
import type { GoalMetric } from '../config/config-schema.js';
import { goalTargets } from '../metrics/goal-progress.js';
import type { ForecastValue } from '../metrics/metric-types.js';
import { formatDifference } from './format-figures.js';
import type { PackContext } from './pack-context.js';
import type { Block, PackSection } from './pack-types.js';

/**
 * The goals set for the forecast's horizon, read the one way the metrics read them
 * (`goalTargets`): a quarter's targets merged over `everyQuarter`; a month's own targets,
 * else prorated from its quarter. Undefined when the horizon has no goal at all.
 */
export const horizonTargets = (context: PackContext, horizon: Period): Partial<Record<GoalMetric, number>> | undefined => {
  const targets = goalTargets(context.config.goals, horizon, calendarSettings(context.config));
  return targets.length === 0 ? undefined : Object.fromEntries(targets.map(({ metric, target }) => [metric, target]));
};

const FORECAST_ORDER: readonly ForecastValue['metric'][] = ['revenue', 'deals_won', 'pipeline_created'];

export const forecastSection = (context: PackContext): PackSection => {
  const forecast = context.metrics.forecast;
  const noun = context.metrics.cadence === 'monthly' ? 'month' : 'quarter';
  const base = { id: 'forecast', title: `Forecast for next ${noun}`, question: `What do we expect next ${noun}, from the funnel we have now?` } as const;
  if (!forecast) return { ...base, blocks: [{ kind: 'missing', text: 'No forecast was computed for this pack.' }] };
  if (!forecast.available) return { ...base, blocks: [{ kind: 'missing', text: `No forecast for ${forecast.horizon.label}: ${forecast.reason}.` }] };
  const targets = horizonTargets(context, forecast.horizon);
  const values = [...forecast.values].sort((a, b) => FORECAST_ORDER.indexOf(a.metric) - FORECAST_ORDER.indexOf(b.metric));
  const rows = values.map((value) => {
    const id = value.metric;
    const target = targets?.[id];
    return [
      context.metric(id).label,
      context.formatNumber(id, value.expected),
      `${context.formatNumber(id, value.low)}–${context.formatNumber(id, value.high)}`,
      context.formatNumber(id, value.fromOpenPipeline),
      context.formatNumber(id, value.fromNewFlow),
      target === undefined ? '—' : `${context.formatNumber(id, target)} (${formatDifference(value.expected, target, 'count') ?? '—'})`,
    ];
  });
  const blocks: Block[] = [
    { kind: 'paragraph', text: `${forecast.horizon.label}.` },
    {
      kind: 'table',
      columns: [
        { label: 'Metric', align: 'left' },
        { label: 'Expected', align: 'right' },
        { label: 'Range', align: 'right' },
        { label: 'Open pipeline', align: 'right', secondary: true },
        { label: 'New flow', align: 'right', secondary: true },
        { label: 'Goal (gap)', align: 'right' },
      ],
      rows,
    },
    { kind: 'paragraph', text: `Method: ${forecast.method}` },
  ];
  return { ...base, blocks };
};
