import { daysBetween } from '../calendar/fiscal-calendar.js';
import type { FunnelMetrics, Measure, MetricId } from '../metrics/metric-types.js';
import type { FunnelPathStage } from '../schema/canonical-schema.js';
import { formatRatio } from './format-figures.js';

/**
 * Whether a cohort conversion has had time to happen. Every period's cohort is measured at the
 * same age, so comparisons stay fair, but "0% to won" for a week-old cohort whose deals usually
 * take a month to close is not news. The rule, with L the step's typical lag (its median days):
 *
 * - the cohort's age is counted from the middle of its period (members entered throughout it) to
 *   the last day counted: (asOf − 1) − period.end + ⌊period.days ÷ 2⌋;
 * - age < L: **too early**, the rate is not shown and never ranked as a mover or improvement area;
 * - L ≤ age < 2L: shown, labelled **so far**;
 * - age ≥ 2L, no lag known, or no asOf: shown as is.
 */

/** The velocity metric giving each cohort conversion's typical lag. Lead → MQL has no velocity metric. */
export const COHORT_LAG: Readonly<Partial<Record<MetricId, MetricId>>> = {
  mql_to_sql_conversion: 'mql_to_sql_days',
  mql_acceptance_rate: 'mql_to_sql_days',
  mql_rejection_rate: 'mql_to_sql_days',
  sql_to_opportunity_conversion: 'sql_to_opportunity_days',
  opportunity_to_won_conversion: 'opportunity_to_won_days',
  lead_to_customer_conversion: 'lead_to_won_days',
};

/** The conversion metric of each funnel stage to the next. */
export const STAGE_CONVERSION: Readonly<Partial<Record<FunnelPathStage, MetricId>>> = {
  lead: 'lead_to_mql_conversion',
  mql: 'mql_to_sql_conversion',
  sql: 'sql_to_opportunity_conversion',
  opportunity: 'opportunity_to_won_conversion',
};

export type CohortMaturity =
  | { readonly state: 'mature' }
  | { readonly state: 'partial' | 'too-early'; readonly ageDays: number; readonly typicalDays: number };

const MATURE: CohortMaturity = { state: 'mature' };

/** Days from the middle of the period to the last day counted; undefined when the metrics carry no asOf. */
export const cohortAgeDays = (metrics: FunnelMetrics): number | undefined => {
  if (!metrics.asOf) return undefined;
  return Math.max(0, daysBetween(metrics.period.end, metrics.asOf) - 1) + Math.floor(metrics.period.days / 2);
};

/** The step's typical lag in whole days: this period's median, else the trailing baseline's. */
export const typicalLagDays = (metrics: FunnelMetrics, conversion: MetricId): number | undefined => {
  const lagId = COHORT_LAG[conversion];
  if (!lagId) return undefined;
  const lag = metrics.metrics[lagId];
  const days = lag.value.available ? lag.value.value : lag.baseline.available ? lag.baseline.value : undefined;
  return days === undefined ? undefined : Math.round(days);
};

export const cohortMaturity = (metrics: FunnelMetrics, conversion: MetricId): CohortMaturity => {
  const ageDays = cohortAgeDays(metrics);
  const typicalDays = typicalLagDays(metrics, conversion);
  if (ageDays === undefined || typicalDays === undefined || typicalDays <= 0) return MATURE;
  if (ageDays < typicalDays) return { state: 'too-early', ageDays, typicalDays };
  if (ageDays < 2 * typicalDays) return { state: 'partial', ageDays, typicalDays };
  return MATURE;
};

export const dayCount = (count: number): string => `${count} ${count === 1 ? 'day' : 'days'}`;

/** `too early (cohort 4 days old; typical 29 days)`. */
export const tooEarlyText = (maturity: Extract<CohortMaturity, { ageDays: number }>): string => `too early (${tooEarlyReason(maturity)})`;

/** `cohort 4 days old; typical 29 days`. */
export const tooEarlyReason = (maturity: Extract<CohortMaturity, { ageDays: number }>): string =>
  `cohort ${dayCount(maturity.ageDays)} old; typical ${dayCount(maturity.typicalDays)}`;

/** A cohort rate as the pack prints it: `41%`, `12% so far`, or `too early (…)`; `n/a` stays the caller's. */
export const formatCohortRate = (maturity: CohortMaturity, value: number): string => {
  if (maturity.state === 'too-early') return tooEarlyText(maturity);
  return maturity.state === 'partial' ? `${formatRatio(value)} so far` : formatRatio(value);
};

export const isTooEarly = (metrics: FunnelMetrics, conversion: MetricId): boolean => cohortMaturity(metrics, conversion).state === 'too-early';

export const formatCohortMeasure = (metrics: FunnelMetrics, conversion: MetricId, measure: Measure, notAvailable: (measure: Measure) => string): string =>
  measure.available ? formatCohortRate(cohortMaturity(metrics, conversion), measure.value) : notAvailable(measure);
