import type { Cadence } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import { GLOSSARY } from '../metrics/metric-definitions.js';
import { METRIC_IDS, type FunnelMetrics, type Measure } from '../metrics/metric-types.js';
import { forecastSection } from './forecast-section.js';
import { goalProgressSection, resultsVsGoalsSection } from './goal-sections.js';
import { buildHeadline } from './headline.js';
import { improvementAreasSection } from './improvement-areas.js';
import { whatChangedSection } from './movers.js';
import { chartsFor } from './pack-charts.js';
import { createPackContext, type PackContext } from './pack-context.js';
import type { MetricTableRow, Pack, PackSection } from './pack-types.js';
import { freshnessSection, sharedSections } from './shared-sections.js';
import { strategicChangesSection } from './strategic-changes.js';
import { whatHappenedSection } from './what-happened.js';

export const PACK_TITLES: Readonly<Record<Cadence, string>> = {
  weekly: 'Weekly funnel review',
  monthly: 'Monthly funnel review',
  quarterly: 'Quarterly funnel review',
};

/** Each cadence's meeting agenda, in the order the meeting asks its questions. */
const AGENDAS: Readonly<Record<Cadence, readonly ((context: PackContext) => PackSection)[]>> = {
  weekly: [whatHappenedSection, goalProgressSection, whatChangedSection],
  monthly: [whatHappenedSection, forecastSection, improvementAreasSection],
  quarterly: [resultsVsGoalsSection, forecastSection, improvementAreasSection, strategicChangesSection],
};

const numberOrNull = (measure: Measure): number | null => (measure.available ? measure.value : null);

const metricsTable = (metrics: FunnelMetrics): MetricTableRow[] =>
  METRIC_IDS.map((id) => {
    const metric = metrics.metrics[id];
    const fields = { value: metric.value, previous: metric.previous, change: metric.change, baseline: metric.baseline } as const;
    const reasons = Object.entries(fields).flatMap(([name, measure]) => (measure.available ? [] : [`${name}: ${measure.reason}`]));
    return {
      metricId: id,
      label: metric.label,
      unit: metric.unit,
      value: numberOrNull(metric.value),
      previous: numberOrNull(metric.previous),
      change: numberOrNull(metric.change),
      changeKind: metric.changeKind,
      baseline: numberOrNull(metric.baseline),
      unavailableReason: reasons.join('; '),
    };
  });

const dataIncomplete = (metrics: FunnelMetrics): Pack['dataIncomplete'] => {
  const { missingDays, failedDays } = metrics.freshness;
  if (missingDays.length === 0 && failedDays.length === 0) return undefined;
  const parts = [
    ...(missingDays.length > 0 ? [`${missingDays.join(', ')} missing`] : []),
    ...(failedDays.length > 0 ? [`${failedDays.join(', ')} failed to ingest`] : []),
  ];
  return { banner: `Data incomplete: ${parts.join('; ')}`, missingDays: [...missingDays], failedDays: [...failedDays] };
};

/**
 * The review pack for one period: a pure function of the metrics and the config. Every team
 * gets this same pack; only the renderer's order and intro differ per team.
 */
export function buildPack(metrics: FunnelMetrics, config: FunnelReviewConfig): Pack {
  const context = createPackContext(metrics, config);
  const headline = buildHeadline(context);
  const agenda = AGENDAS[metrics.cadence].map((build) => build(context));
  const shared = sharedSections(context);
  const title = PACK_TITLES[metrics.cadence];
  const incomplete = dataIncomplete(metrics);
  return {
    cadence: metrics.cadence,
    period: metrics.period,
    previousPeriod: metrics.previousPeriod,
    currency: metrics.currency,
    title,
    subject: `${title} · ${metrics.period.id} · ${headline.summary}`,
    headline,
    ...(incomplete ? { dataIncomplete: incomplete } : {}),
    agenda,
    shared,
    glossary: GLOSSARY.map(({ id, label, definition }) => ({ id, label, definition })),
    freshness: freshnessSection(context),
    charts: chartsFor(context, [...agenda, ...shared]),
    metricsTable: metricsTable(metrics),
  };
}
