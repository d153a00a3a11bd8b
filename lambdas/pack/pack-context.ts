import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { Measure, Metric, MetricId, FunnelMetrics } from '../metrics/metric-types.js';
import { cohortMaturity, formatCohortMeasure, type CohortMaturity } from './cohort-maturity.js';
import { formatMeasure, formatValue } from './format-figures.js';

/** What every section builder reads: the metrics, the config, and the pack's way of writing a metric's figures. */
export interface PackContext {
  readonly metrics: FunnelMetrics;
  readonly config: FunnelReviewConfig;
  metric(id: MetricId): Metric;
  /** A metric's figure in its unit: `$412k`, `41%`, `n/a`. */
  format(id: MetricId, measure: Measure): string;
  formatNumber(id: MetricId, value: number): string;
  /** Whether this period's cohort for a conversion has had its step's typical lag (`cohort-maturity.ts`). */
  maturity(id: MetricId): CohortMaturity;
  /** This period's value of a cohort conversion: `41%`, `41% so far` or `too early (…)`. */
  formatCohort(id: MetricId, measure: Measure): string;
  /** Prior periods with data before the pack's period (history length − 1). */
  readonly priorPeriods: number;
}

export const createPackContext = (metrics: FunnelMetrics, config: FunnelReviewConfig): PackContext => {
  const metric = (id: MetricId): Metric => metrics.metrics[id];
  const priorPeriods = Math.max(0, ...Object.values(metrics.metrics).map((entry) => entry.history.filter((point) => point.value.available).length - 1));
  return {
    metrics,
    config,
    metric,
    format: (id, measure) => formatMeasure(measure, metric(id).unit, metrics.currency),
    formatNumber: (id, value) => formatValue(value, metric(id).unit, metrics.currency),
    maturity: (id) => cohortMaturity(metrics, id),
    formatCohort: (id, measure) => formatCohortMeasure(metrics, id, measure, (missing) => formatMeasure(missing, metric(id).unit, metrics.currency)),
    priorPeriods,
  };
};

export const valueOf = (measure: Measure | undefined): number | undefined => (measure?.available ? measure.value : undefined);
