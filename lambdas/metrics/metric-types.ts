import type { GoalMetric } from '../config/config-schema.js';
import type { FunnelPathStage, SourceTeam } from '../schema/canonical-schema.js';
import type { Cadence, Period } from '../calendar/period-types.js';

/**
 * The metrics of one pack: what SQL aggregated, interpreted by pure TypeScript.
 * This is the contract between the metrics layer and the pack model.
 */

/** A number, or why there is none ("no MQLs in the period", "needs 4 prior weeks, have 1"). Never NaN. */
export type Measure = { readonly available: true; readonly value: number } | { readonly available: false; readonly reason: string };

export const measured = (value: number): Measure => ({ available: true, value });
export const unavailable = (reason: string): Measure => ({ available: false, reason });

export type MetricUnit = 'count' | 'currency' | 'ratio' | 'days';

export const METRIC_IDS = [
  // volumes per stage
  'leads',
  'mqls',
  'sqls',
  'opportunities',
  'deals_won',
  'deals_lost',
  'disqualified',
  // money
  'pipeline_created',
  'revenue',
  'average_deal_size',
  // cohort conversion (of entities entering stage A in the period, the share that reached B so far)
  'lead_to_mql_conversion',
  'mql_to_sql_conversion',
  'sql_to_opportunity_conversion',
  'opportunity_to_won_conversion',
  'lead_to_customer_conversion',
  // velocity (median days)
  'mql_to_sql_days',
  'sql_to_opportunity_days',
  'opportunity_to_won_days',
  'lead_to_won_days',
  // handoff
  'mql_acceptance_rate',
  'mql_rejection_rate',
  // sales results
  'win_rate',
  // marketing efficiency
  'marketing_spend',
  'cost_per_lead',
  'cost_per_mql',
  'cac',
  // optional dataset
  'web_sessions',
] as const;
export type MetricId = (typeof METRIC_IDS)[number];

export interface MetricPoint {
  readonly periodId: string;
  readonly value: Measure;
}

export interface Metric {
  readonly id: MetricId;
  /** Glossary label: "MQL → SQL conversion". */
  readonly label: string;
  readonly unit: MetricUnit;
  /** Whether a rise is good news (false for costs and cycle times). */
  readonly higherIsBetter: boolean;
  readonly value: Measure;
  /** The previous period of the same cadence. */
  readonly previous: Measure;
  /**
   * value vs previous: relative change (0.12 = +12%) for counts and currency,
   * percentage points as a fraction (0.03 = +3 pts) for ratios, days for durations.
   */
  readonly change: Measure;
  readonly changeKind: 'relative' | 'points' | 'days';
  /** Mean of the trailing periods before this one (weekly: 4 weeks; monthly: 3 months; quarterly: 4 quarters). */
  readonly baseline: Measure;
  /** Spread of the trailing 8 periods, for "usual 58–63%"; undefined when history is too short. */
  readonly baselineRange?: { readonly low: number; readonly high: number; readonly mean: number; readonly stdDev: number; readonly periods: number };
  /** Same period last year, where data exists (monthly packs). */
  readonly sameLastYear: Measure;
  /** Trailing periods, oldest first, ending with this one (for trend charts). */
  readonly history: readonly MetricPoint[];
}

export interface FunnelStep {
  readonly stage: FunnelPathStage;
  /** Entities entering the stage in the period. */
  readonly count: number;
  /** Cohort conversion from this stage to the next; undefined for `won`. */
  readonly conversionToNext?: Measure;
}

export interface AttributionRow {
  /** A source team or a channel. */
  readonly key: string;
  readonly leads: number;
  readonly opportunities: number;
  readonly pipeline: number;
  readonly dealsWon: number;
  readonly revenue: number;
  /** Share of total pipeline / revenue in the period (undefined when the total is 0). */
  readonly pipelineShare: Measure;
  readonly revenueShare: Measure;
}

export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
  readonly share: number;
  readonly previousCount: number;
  /** Not among the top reasons of the baseline periods: a new reason worth a look. */
  readonly isNew: boolean;
}

export interface ChannelEfficiency {
  readonly channel: string;
  readonly spend: number;
  readonly leads: number;
  readonly mqls: number;
  readonly costPerLead: Measure;
  readonly costPerMql: Measure;
  readonly previousCostPerLead: Measure;
  /** Mean cost per lead of the trailing baseline periods. */
  readonly baselineCostPerLead: Measure;
}

export interface GoalProgress {
  readonly metric: GoalMetric;
  /** The period the target is set for (the quarter in weekly and quarterly packs, the month in monthly). */
  readonly goalPeriod: Period;
  readonly target: number;
  /** Whether the target was given in config or prorated from a longer period. */
  readonly targetSource: 'config' | 'prorated';
  /** Actual over the goal period up to the pack's end (quarter to date for weekly packs). */
  readonly actual: Measure;
  readonly attainment: Measure;
  /** Share of the goal period elapsed at the pack's end, 0..1. */
  readonly elapsedShare: number;
  /** attainment ÷ elapsedShare: 1 = exactly on pace. For rates (win rate, CAC) the rate itself vs target. */
  readonly pace: Measure;
  /** Linear projection to the goal period's end. */
  readonly projection: Measure;
  readonly onTrack: boolean | undefined;
}

export interface ForecastValue {
  readonly metric: 'revenue' | 'deals_won' | 'pipeline_created';
  readonly expected: number;
  readonly low: number;
  readonly high: number;
  /** Expected value from deals already open at the period end vs from new flow. */
  readonly fromOpenPipeline: number;
  readonly fromNewFlow: number;
}

export type Forecast =
  | {
      readonly available: true;
      readonly horizon: Period;
      readonly values: readonly ForecastValue[];
      /** Plain words, printed in the pack. */
      readonly method: string;
    }
  | { readonly available: false; readonly horizon: Period; readonly reason: string };

export interface DataFreshness {
  /** Days the pack needs that have a successful ingest manifest. */
  readonly daysNeeded: number;
  readonly daysPresent: number;
  readonly missingDays: readonly string[];
  readonly failedDays: readonly string[];
  /** Rows quarantined by ingest over the pack's days, per source. */
  readonly quarantinedRows: readonly { readonly source: string; readonly rows: number }[];
  /** First and last day with data in the lake. */
  readonly firstDay?: string;
  readonly lastDay?: string;
}

export interface FunnelMetrics {
  readonly cadence: Cadence;
  readonly period: Period;
  readonly previousPeriod: Period;
  /** The day the metrics were computed for; cohorts are measured through the day before. Lets the pack tell immature cohorts apart. */
  readonly asOf?: string;
  readonly currency: string;
  readonly metrics: Readonly<Record<MetricId, Metric>>;
  readonly funnel: readonly FunnelStep[];
  readonly attribution: {
    readonly bySourceTeam: readonly (AttributionRow & { readonly key: SourceTeam })[];
    readonly byChannel: readonly AttributionRow[];
  };
  readonly reasons: {
    readonly rejection: readonly ReasonCount[];
    readonly loss: readonly ReasonCount[];
  };
  readonly efficiencyByChannel: readonly ChannelEfficiency[];
  readonly goals: readonly GoalProgress[];
  /** Next period's forecast (monthly and quarterly packs). */
  readonly forecast?: Forecast;
  readonly freshness: DataFreshness;
  /** Query statistics, for logs and the bench (not printed in the pack). */
  readonly queryStats: readonly { readonly name: string; readonly queryId?: string; readonly bytesScanned?: number; readonly elapsedMs: number }[];
}
