import type { MetricId } from '../metrics/metric-types.js';
import { changeFigure, formatDifference, historyShortfall, NOT_AVAILABLE, PERIOD_NOUN } from './format-figures.js';
import { moverBlocks } from './movers.js';
import type { PackContext } from './pack-context.js';
import type { Block, PackSection } from './pack-types.js';

/** The volumes, pipeline and revenue a review opens with. */
export const RESULT_METRICS: readonly MetricId[] = ['leads', 'mqls', 'sqls', 'opportunities', 'deals_won', 'pipeline_created', 'revenue'];

const distinct = (items: readonly string[]) => [...new Set(items)];

/** The trend chart, or what it is waiting for. */
export const trendBlock = (context: PackContext): Block => {
  const needed = context.config.thresholds.minBaselinePeriods;
  return context.priorPeriods >= needed
    ? { kind: 'chart', chartId: 'trend' }
    : { kind: 'missing', text: historyShortfall('Trend', needed, context.priorPeriods, context.metrics.cadence) };
};

const weeklyTable = (context: PackContext): Block[] => {
  const rows = RESULT_METRICS.map((id) => {
    const metric = context.metric(id);
    const value = metric.value;
    const vsAverage = value.available && metric.baseline.available ? formatDifference(value.value, metric.baseline.value, metric.unit) : undefined;
    return [
      metric.label,
      context.format(id, value),
      context.format(id, metric.previous),
      changeFigure(metric, '')?.text ?? NOT_AVAILABLE,
      context.format(id, metric.baseline),
      vsAverage ?? NOT_AVAILABLE,
    ];
  });
  const missing = distinct(
    RESULT_METRICS.flatMap((id) => {
      const baseline = context.metric(id).baseline;
      return baseline.available ? [] : [`4-week average: ${baseline.reason}.`];
    }),
  );
  return [
    {
      kind: 'table',
      columns: [
        { label: 'Metric', align: 'left' },
        { label: 'Last week', align: 'right' },
        { label: 'Prior week', align: 'right', secondary: true },
        { label: 'WoW', align: 'right' },
        { label: '4-wk avg', align: 'right' },
        { label: 'vs avg', align: 'right', secondary: true },
      ],
      rows,
    },
    ...missing.map((text): Block => ({ kind: 'missing', text })),
  ];
};

const monthlyTable = (context: PackContext): Block[] => {
  const withLastYear = RESULT_METRICS.some((id) => context.metric(id).sameLastYear.available);
  const rows = RESULT_METRICS.map((id) => {
    const metric = context.metric(id);
    const lastYear = metric.sameLastYear;
    const row = [metric.label, context.format(id, metric.value), context.format(id, metric.previous), changeFigure(metric, '')?.text ?? NOT_AVAILABLE];
    if (!withLastYear) return row;
    const yoy = metric.value.available && lastYear.available ? formatDifference(metric.value.value, lastYear.value, metric.unit) : undefined;
    return [...row, context.format(id, lastYear), yoy ?? NOT_AVAILABLE];
  });
  const lastYearReason = RESULT_METRICS.map((id) => context.metric(id).sameLastYear).find((measure) => !measure.available);
  return [
    {
      kind: 'table',
      columns: [
        { label: 'Metric', align: 'left' },
        { label: 'Last month', align: 'right' },
        { label: 'Prior month', align: 'right', secondary: true },
        { label: 'MoM', align: 'right' },
        ...(withLastYear
          ? ([
              { label: 'Last year', align: 'right' },
              { label: 'YoY', align: 'right', secondary: true },
            ] as const)
          : []),
      ],
      rows,
    },
    ...(!withLastYear && lastYearReason && !lastYearReason.available
      ? [{ kind: 'missing', text: `Same month last year: ${lastYearReason.reason}.` } satisfies Block]
      : []),
  ];
};

export const whatHappenedSection = (context: PackContext): PackSection => {
  const { cadence, period } = context.metrics;
  const noun = PERIOD_NOUN[cadence].one;
  const blocks: Block[] =
    cadence === 'weekly'
      ? [...weeklyTable(context), trendBlock(context)]
      : [...monthlyTable(context), trendBlock(context), ...moverBlocks(context, { title: 'What moved' })];
  return {
    id: 'what-happened',
    title: `What happened last ${noun}`,
    question: `What happened in ${period.label}?`,
    blocks,
  };
};
