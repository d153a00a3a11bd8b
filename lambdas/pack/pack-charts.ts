import type { SourceTeam } from '../schema/canonical-schema.js';
import { isGoalMetric, periodGoal, STAGE_GOAL_METRIC } from './chart-goals.js';
import { formatCohortRate, STAGE_CONVERSION } from './cohort-maturity.js';
import { formatCount, formatCurrency, formatRatio } from './format-figures.js';
import { HEADLINE_METRICS } from './headline.js';
import type { PackContext } from './pack-context.js';
import type { ChartData, ChartId, PackSection } from './pack-types.js';
import { sourceTeamLabel, STAGE_LABELS } from './shared-sections.js';

/** Chart data and alt text (which states the numbers, for screen readers and blocked images). */

const funnelChart = (context: PackContext): ChartData => {
  const steps = context.metrics.funnel.map((step) => {
    const conversion = STAGE_CONVERSION[step.stage];
    const measure = step.conversionToNext;
    const maturity = conversion ? context.maturity(conversion) : undefined;
    const goal = periodGoal(context.config, context.metrics.cadence, context.metrics.period.id, STAGE_GOAL_METRIC[step.stage]);
    return {
      stage: STAGE_LABELS[step.stage] ?? step.stage,
      count: step.count,
      ...(measure?.available && maturity?.state !== 'too-early' ? { conversionToNext: measure.value } : {}),
      ...(measure?.available ? { conversionText: maturity ? formatCohortRate(maturity, measure.value) : formatRatio(measure.value) } : {}),
      ...(goal === undefined ? {} : { goal }),
    };
  });
  const alt = steps
    .map((step, index) => {
      const next = steps[index + 1];
      if (step.conversionText === undefined || !next) return `${step.stage} ${formatCount(step.count)}`;
      const conversion = step.conversionToNext === undefined ? `to ${next.stage}: ${step.conversionText.replace(' (', ', ').replace(/\)$/, '')}` : `${step.conversionText.replace(/ so far$/, '')} to ${next.stage}${step.conversionText.endsWith(' so far') ? ' so far' : ''}`;
      return `${step.stage} ${formatCount(step.count)} (${conversion})`;
    })
    .join(', ');
  return { id: 'funnel', title: 'Unified funnel', alt: `Unified funnel, ${context.metrics.period.label}: ${alt}.`, steps };
};

const trendChart = (context: PackContext): ChartData => {
  const series = HEADLINE_METRICS.map((id) => {
    const metric = context.metric(id);
    const points = metric.history.flatMap((point) => (point.value.available ? [{ periodId: point.periodId, value: point.value.value }] : []));
    const goals = isGoalMetric(id)
      ? points.flatMap((point) => {
          const value = periodGoal(context.config, context.metrics.cadence, point.periodId, id);
          return value === undefined ? [] : [{ periodId: point.periodId, value }];
        })
      : [];
    const range = metric.baselineRange;
    return {
      metricId: id,
      label: metric.label,
      unit: metric.unit,
      points,
      ...(goals.length > 0 ? { goals } : {}),
      ...(range ? { usualRange: { low: range.low, high: range.high, mean: range.mean, periods: range.periods } } : {}),
    };
  });
  const alt = series
    .map((entry) => `${entry.label}: ${entry.points.map((point) => `${point.periodId} ${context.formatNumber(entry.metricId, point.value)}`).join(', ')}`)
    .join('. ');
  return { id: 'trend', title: 'Trend of the headline metrics', alt: `Trend, oldest first. ${alt}.`, series };
};

const attributionChart = (context: PackContext): ChartData => {
  const rows = context.metrics.attribution.bySourceTeam.flatMap((row) => [
    ...(row.pipelineShare.available ? [{ measure: 'Pipeline' as const, sourceTeam: row.key as SourceTeam, share: row.pipelineShare.value, amount: row.pipeline }] : []),
    ...(row.revenueShare.available ? [{ measure: 'Revenue' as const, sourceTeam: row.key as SourceTeam, share: row.revenueShare.value, amount: row.revenue }] : []),
  ]);
  const describe = (measure: 'Pipeline' | 'Revenue') =>
    `${measure}: ${rows
      .filter((row) => row.measure === measure)
      .map((row) => `${sourceTeamLabel(row.sourceTeam)} ${formatRatio(row.share)} (${formatCurrency(row.amount, context.metrics.currency)})`)
      .join(', ')}`;
  return { id: 'attribution', title: 'Attribution by source team', alt: `Share by source team. ${describe('Pipeline')}. ${describe('Revenue')}.`, rows };
};

const BUILDERS: Readonly<Record<ChartId, (context: PackContext) => ChartData>> = {
  funnel: funnelChart,
  trend: trendChart,
  attribution: attributionChart,
};

/** Data for every chart a section shows, in order of first appearance. */
export const chartsFor = (context: PackContext, sections: readonly PackSection[]): ChartData[] => {
  const ids = new Set<ChartId>();
  for (const section of sections) for (const block of section.blocks) if (block.kind === 'chart') ids.add(block.chartId);
  return [...ids].map((id) => BUILDERS[id](context));
};
