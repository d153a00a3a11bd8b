import type { SourceTeam } from '../schema/canonical-schema.js';
import { formatCount, formatCurrency, formatRatio } from './format-figures.js';
import { HEADLINE_METRICS } from './headline.js';
import type { PackContext } from './pack-context.js';
import type { ChartData, ChartId, PackSection } from './pack-types.js';
import { sourceTeamLabel, STAGE_LABELS } from './shared-sections.js';

/** Chart data and alt text (which states the numbers, for screen readers and blocked images). */

const funnelChart = (context: PackContext): ChartData => {
  const steps = context.metrics.funnel.map((step) => ({
    stage: STAGE_LABELS[step.stage] ?? step.stage,
    count: step.count,
    ...(step.conversionToNext?.available ? { conversionToNext: step.conversionToNext.value } : {}),
  }));
  const alt = steps
    .map((step, index) => {
      const next = steps[index + 1];
      return `${step.stage} ${formatCount(step.count)}${step.conversionToNext !== undefined && next ? ` (${formatRatio(step.conversionToNext)} to ${next.stage})` : ''}`;
    })
    .join(', ');
  return { id: 'funnel', title: 'Unified funnel', alt: `Unified funnel, ${context.metrics.period.label}: ${alt}.`, steps };
};

const trendChart = (context: PackContext): ChartData => {
  const series = HEADLINE_METRICS.map((id) => {
    const metric = context.metric(id);
    return {
      metricId: id,
      label: metric.label,
      unit: metric.unit,
      points: metric.history.flatMap((point) => (point.value.available ? [{ periodId: point.periodId, value: point.value.value }] : [])),
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
