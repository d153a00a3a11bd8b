/**
 * The metrics of one pack: run the (few, concurrent, dt-bounded) metric queries, then
 * interpret their per-day aggregates in pure TypeScript.
 */
import { addDays, calendarSettings, daysBetween } from '../calendar/fiscal-calendar.js';
import type { Period } from '../calendar/period-types.js';
import type { FunnelReviewConfig, GoalMetric } from '../config/config-schema.js';
import { QueryFailedError } from '../adapters/query-errors.js';
import type { QueryEngine } from '../ports/query-engine.js';
import { FUNNEL_PATH } from '../schema/canonical-schema.js';
import { attribution, channelEfficiency, topReasons, UNKNOWN_KEY } from './breakdowns.js';
import { cohortConversion, medianDays, type TransitionCount, type TransitionKey } from './cohorts.js';
import { DailySeries } from './daily-series.js';
import { forecastNextPeriod, type DealOutcome } from './forecast.js';
import { goalProgress, goalTargets } from './goal-progress.js';
import { baselineMean, change, changeKindOf, ratio, spread } from './measures.js';
import { METRIC_DEFINITIONS } from './metric-definitions.js';
import {
  measured,
  METRIC_IDS,
  unavailable,
  type DataFreshness,
  type FunnelMetrics,
  type FunnelStep,
  type Measure,
  type Metric,
  type MetricId,
} from './metric-types.js';
import type { AttributionQueryRow } from './queries/attribution.sql.js';
import type { DealOutcomeRow } from './queries/deal-outcomes.sql.js';
import { toNumber, toText, type MetricQuery } from './queries/metric-query.js';
import type { SpendDailyRow } from './queries/spend-daily.sql.js';
import type { StageDailyRow } from './queries/stage-daily.sql.js';
import type { StageTransitionRow } from './queries/stage-transitions.sql.js';
import type { WebSessionsDailyRow } from './queries/web-sessions-daily.sql.js';
import { planPack, TRAILING, type PackPlan } from './query-plan.js';

export interface ComputeFunnelMetricsInput {
  readonly config: FunnelReviewConfig;
  readonly engine: QueryEngine;
  readonly period: Period;
  /** The run date (`YYYY-MM-DD`): cohorts count conversions up to the day before. */
  readonly asOf: string;
  readonly freshness: DataFreshness;
}

type QueryStat = FunnelMetrics['queryStats'][number];
type Rows = Record<string, unknown>[];

async function run(engine: QueryEngine, query: MetricQuery, stats: QueryStat[]): Promise<Rows> {
  const result = await engine.query<Record<string, unknown>>(query.name, query.sql, query.parameters);
  stats.push({
    name: query.name,
    elapsedMs: result.stats.elapsedMs,
    ...(result.stats.queryId === undefined ? {} : { queryId: result.stats.queryId }),
    ...(result.stats.bytesScanned === undefined ? {} : { bytesScanned: result.stats.bytesScanned }),
  });
  return result.rows;
}

/** web_sessions is optional: a lake without it reports the metric unavailable instead of failing the pack. */
async function runOptional(engine: QueryEngine, query: MetricQuery, stats: QueryStat[]): Promise<Rows | { missing: string }> {
  try {
    return await run(engine, query, stats);
  } catch (error) {
    if (error instanceof QueryFailedError) return { missing: `the optional web_sessions dataset could not be read: ${error.reason}` };
    throw error;
  }
}

const LEAD_TRANSITIONS = {
  leadToMql: { entityType: 'lead', from: 'lead', to: 'mql' },
  mqlToSql: { entityType: 'lead', from: 'mql', to: 'sql' },
  sqlToOpportunity: { entityType: 'lead', from: 'sql', to: 'opportunity' },
  opportunityToWon: { entityType: 'lead', from: 'opportunity', to: 'won' },
  leadToWon: { entityType: 'lead', from: 'lead', to: 'won' },
  mqlToDisqualified: { entityType: 'lead', from: 'mql', to: 'disqualified' },
  dealCreatedToWon: { entityType: 'deal', from: 'opportunity', to: 'won' },
} as const satisfies Record<string, TransitionKey>;

export async function computeFunnelMetrics(input: ComputeFunnelMetricsInput): Promise<FunnelMetrics> {
  const { config, engine, period, asOf, freshness } = input;
  const settings = calendarSettings(config);
  const plan = planPack(period, asOf, settings);
  const q = plan.queries;
  const stats: QueryStat[] = [];

  // Independent aggregates: run them all at once (Athena runs them in parallel too).
  const [stageRows, attributionRows, spendRows, webRows, transitionRows, dealRows] = await Promise.all([
    run(engine, q.stageDaily, stats),
    run(engine, q.attribution, stats),
    run(engine, q.spendDaily, stats),
    runOptional(engine, q.webSessionsDaily, stats),
    run(engine, q.stageTransitions, stats),
    q.dealOutcomes ? run(engine, q.dealOutcomes, stats) : Promise.resolve(undefined),
  ]);

  return interpretMetrics({
    config,
    plan,
    freshness,
    stageRows: stageRows as unknown as StageDailyRow[],
    attributionRows: attributionRows as unknown as AttributionQueryRow[],
    spendRows: spendRows as unknown as SpendDailyRow[],
    webRows: Array.isArray(webRows) ? (webRows as unknown as WebSessionsDailyRow[]) : webRows,
    transitionRows: transitionRows as unknown as StageTransitionRow[],
    ...(dealRows ? { dealRows: dealRows as unknown as DealOutcomeRow[] } : {}),
    queryStats: stats,
  });
}

export interface InterpretInput {
  readonly config: FunnelReviewConfig;
  readonly plan: PackPlan;
  readonly freshness: DataFreshness;
  readonly stageRows: readonly StageDailyRow[];
  readonly attributionRows: readonly AttributionQueryRow[];
  readonly spendRows: readonly SpendDailyRow[];
  readonly webRows: readonly WebSessionsDailyRow[] | { readonly missing: string };
  readonly transitionRows: readonly StageTransitionRow[];
  readonly dealRows?: readonly DealOutcomeRow[];
  readonly queryStats: readonly QueryStat[];
}

const stageKey = (entityType: string, stage: string): string => `${entityType}:${stage}`;
const amountKey = (entityType: string, stage: string): string => `${entityType}:${stage}:amount`;

/** Pure: query rows → FunnelMetrics. */
export function interpretMetrics(input: InterpretInput): FunnelMetrics {
  const { config, plan, freshness } = input;
  const { period } = plan;
  const cadence = period.cadence;
  const trailingCounts = TRAILING[cadence];
  const minBaseline = config.thresholds.minBaselinePeriods;

  const stages = new DailySeries();
  for (const row of input.stageRows) {
    const dt = String(row.dt);
    stages.add(stageKey(String(row.entity_type), String(row.stage)), dt, toNumber(row.entities));
    stages.add(amountKey(String(row.entity_type), String(row.stage)), dt, toNumber(row.amount));
  }
  const spend = new DailySeries();
  const spendByChannel = new DailySeries();
  for (const row of input.spendRows) {
    spend.add('spend', String(row.dt), toNumber(row.amount));
    spendByChannel.add(toText(row.channel) ?? UNKNOWN_KEY, String(row.dt), toNumber(row.amount));
  }
  const leadsByChannel = new DailySeries();
  const mqlsByChannel = new DailySeries();
  const reasonRows: { dt: string; kind: 'rejection' | 'loss'; reason: string | null; entities: number }[] = [];
  for (const row of input.stageRows) {
    if (row.entity_type === 'lead' && (row.stage === 'lead' || row.stage === 'mql')) {
      const series = row.stage === 'lead' ? leadsByChannel : mqlsByChannel;
      series.add(toText(row.channel) ?? UNKNOWN_KEY, String(row.dt), toNumber(row.entities));
    }
    const kind = row.entity_type === 'lead' && row.stage === 'disqualified' ? 'rejection' : row.entity_type === 'deal' && row.stage === 'lost' ? 'loss' : undefined;
    if (kind) reasonRows.push({ dt: String(row.dt), kind, reason: toText(row.reason), entities: toNumber(row.entities) });
  }
  const transitions: TransitionCount[] = input.transitionRows.map((row) => ({
    entityType: String(row.entity_type),
    from: String(row.from_stage),
    to: String(row.to_stage),
    fromDt: String(row.from_dt),
    toDt: toText(row.to_dt),
    entities: toNumber(row.entities),
  }));
  const web = new DailySeries();
  const webMissing = 'missing' in input.webRows ? input.webRows.missing : undefined;
  if (Array.isArray(input.webRows)) for (const row of input.webRows as WebSessionsDailyRow[]) web.add('sessions', String(row.dt), toNumber(row.sessions));

  // Periods before the lake's first day have no data: unavailable, never a made-up 0.
  const observedFirst = [stages.firstDay(), spend.firstDay()].filter((d): d is string => d !== undefined).sort()[0];
  const dataStart = freshness.firstDay ?? observedFirst;
  const coverage = (p: Period): string | undefined => {
    if (dataStart === undefined) return 'no data in the lake yet';
    if (p.end < dataStart) return `the data starts on ${dataStart}, after ${p.id} ended`;
    // The pack's own period is shown even when the lake starts part-way through it (the freshness banner says so).
    if (p !== period && p.start < dataStart) return `the data starts on ${dataStart}, after ${p.id} began`;
    return undefined;
  };
  const ageDays = daysBetween(period.end, plan.cutoff);

  const total = (key: string, p: Period): number => stages.total(key, p.start, p.end);
  const count = (entityType: string, stage: string) => (p: Period): Measure => measured(total(stageKey(entityType, stage), p));
  const amount = (entityType: string, stage: string) => (p: Period): Measure => measured(total(amountKey(entityType, stage), p));
  const spendIn = (p: Period): number => spend.total('spend', p.start, p.end);
  const noSpendData = input.spendRows.length === 0 ? 'no marketing spend data in the lake for these days' : undefined;
  const withSpend = (compute: (p: Period) => Measure) => (p: Period): Measure => (noSpendData ? unavailable(noSpendData) : compute(p));

  const compute: Readonly<Record<MetricId, (p: Period) => Measure>> = {
    leads: count('lead', 'lead'),
    mqls: count('lead', 'mql'),
    sqls: count('lead', 'sql'),
    opportunities: count('deal', 'opportunity'),
    deals_won: count('deal', 'won'),
    deals_lost: count('deal', 'lost'),
    disqualified: count('lead', 'disqualified'),
    pipeline_created: amount('deal', 'opportunity'),
    revenue: amount('deal', 'won'),
    average_deal_size: (p) => ratio(total(amountKey('deal', 'won'), p), total(stageKey('deal', 'won'), p), `no deals won in ${p.id}`),
    lead_to_mql_conversion: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.leadToMql, p, ageDays),
    mql_to_sql_conversion: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.mqlToSql, p, ageDays),
    sql_to_opportunity_conversion: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.sqlToOpportunity, p, ageDays),
    opportunity_to_won_conversion: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.opportunityToWon, p, ageDays),
    lead_to_customer_conversion: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.leadToWon, p, ageDays),
    mql_to_sql_days: (p) => medianDays(transitions, LEAD_TRANSITIONS.mqlToSql, p),
    sql_to_opportunity_days: (p) => medianDays(transitions, LEAD_TRANSITIONS.sqlToOpportunity, p),
    opportunity_to_won_days: (p) => medianDays(transitions, LEAD_TRANSITIONS.dealCreatedToWon, p),
    lead_to_won_days: (p) => medianDays(transitions, LEAD_TRANSITIONS.leadToWon, p),
    mql_acceptance_rate: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.mqlToSql, p, ageDays),
    mql_rejection_rate: (p) => cohortConversion(transitions, LEAD_TRANSITIONS.mqlToDisqualified, p, ageDays),
    win_rate: (p) => {
      const won = total(stageKey('deal', 'won'), p);
      return ratio(won, won + total(stageKey('deal', 'lost'), p), `no deals closed in ${p.id}`);
    },
    marketing_spend: withSpend((p) => measured(spendIn(p))),
    cost_per_lead: withSpend((p) => ratio(spendIn(p), total(stageKey('lead', 'lead'), p), `no leads in ${p.id}`)),
    cost_per_mql: withSpend((p) => ratio(spendIn(p), total(stageKey('lead', 'mql'), p), `no MQLs in ${p.id}`)),
    cac: withSpend((p) => ratio(spendIn(p), total(stageKey('deal', 'won'), p), `no deals won in ${p.id}, so no new customers to divide spend by`)),
    web_sessions: (p) => {
      if (webMissing) return unavailable(webMissing);
      if (web.firstDay() === undefined) return unavailable('no web sessions data (optional dataset) for these days');
      return measured(web.total('sessions', p.start, p.end));
    },
  };

  const measureAt = (id: MetricId, p: Period): Measure => {
    const gap = coverage(p);
    return gap === undefined ? compute[id](p) : unavailable(gap);
  };

  const buildMetric = (id: MetricId): Metric => {
    const definition = METRIC_DEFINITIONS[id];
    const kind = changeKindOf(definition.unit);
    const trailing = plan.trailing.map((p) => ({ period: p, value: measureAt(id, p) }));
    const byId = new Map(trailing.map((t) => [t.period.id, t.value]));
    const at = (p: Period): Measure => byId.get(p.id) ?? measureAt(id, p);
    const value = measureAt(id, period);
    const previous = at(plan.previous);
    const range = spread(plan.rangePeriods.map(at), minBaseline);
    return {
      id,
      label: definition.label,
      unit: definition.unit,
      higherIsBetter: definition.higherIsBetter,
      value,
      previous,
      change: change(value, previous, kind),
      changeKind: kind,
      baseline: baselineMean(plan.baselinePeriods.map(at), Math.min(minBaseline, plan.baselinePeriods.length), trailingCounts.word),
      ...(range ? { baselineRange: range } : {}),
      sameLastYear: plan.sameLastYear ? at(plan.sameLastYear) : unavailable('weekly packs do not compare with the same week last year'),
      history: [...trailing.map((t) => ({ periodId: t.period.id, value: t.value })), { periodId: period.id, value }],
    };
  };

  const metrics = Object.fromEntries(METRIC_IDS.map((id) => [id, buildMetric(id)])) as Record<MetricId, Metric>;

  const cohortToNext: Partial<Record<string, TransitionKey>> = {
    lead: LEAD_TRANSITIONS.leadToMql,
    mql: LEAD_TRANSITIONS.mqlToSql,
    sql: LEAD_TRANSITIONS.sqlToOpportunity,
    opportunity: LEAD_TRANSITIONS.opportunityToWon,
  };
  const funnel: FunnelStep[] = FUNNEL_PATH.map((stage) => {
    const next = cohortToNext[stage];
    return {
      stage,
      count: total(stageKey('lead', stage), period),
      ...(next ? { conversionToNext: cohortConversion(transitions, next, period, ageDays) } : {}),
    };
  });

  const goalPeriodAsPeriod: Period = { ...plan.goalPeriod, end: plan.goalThrough };
  const goalActual = (metric: GoalMetric): Measure => {
    const gap = dataStart === undefined ? 'no data in the lake yet' : undefined;
    if (gap) return unavailable(gap);
    return compute[metric](goalPeriodAsPeriod);
  };
  const goals = goalProgress({
    targets: goalTargets(config.goals, plan.goalPeriod, calendarSettings(config)),
    goalPeriod: plan.goalPeriod,
    through: plan.goalThrough,
    actual: goalActual,
    onTrackPace: config.thresholds.onTrackPace,
  });

  const reasonInputs = (kind: 'rejection' | 'loss') => reasonRows.filter((row) => row.kind === kind);

  const forecast = plan.forecast
    ? input.dealRows
      ? forecastNextPeriod({ plan: plan.forecast, deals: input.dealRows.map(toDealOutcome), currency: config.reporting.currency })
      : { available: false as const, horizon: plan.forecast.horizon, reason: 'the deal outcomes query did not run' }
    : undefined;

  return {
    cadence,
    period,
    previousPeriod: plan.previous,
    // The effective as-of: cohorts were measured through plan.cutoff, the day before it.
    asOf: addDays(plan.cutoff, 1),
    currency: config.reporting.currency,
    metrics,
    funnel,
    attribution: attribution(
      input.attributionRows.map((row) => ({
        entityType: String(row.entity_type),
        stage: String(row.stage),
        sourceTeam: toText(row.source_team),
        channel: toText(row.channel),
        entities: toNumber(row.entities),
        amount: toNumber(row.amount),
      })),
      period.id,
    ),
    reasons: {
      rejection: topReasons(reasonInputs('rejection'), period, plan.previous, plan.baselinePeriods),
      loss: topReasons(reasonInputs('loss'), period, plan.previous, plan.baselinePeriods),
    },
    efficiencyByChannel: channelEfficiency({
      spend: spendByChannel,
      leads: leadsByChannel,
      mqls: mqlsByChannel,
      period,
      previous: plan.previous,
      baseline: plan.baselinePeriods,
      baselineRequired: Math.min(minBaseline, plan.baselinePeriods.length),
      periodWord: trailingCounts.word,
    }),
    goals,
    ...(forecast ? { forecast } : {}),
    freshness,
    queryStats: input.queryStats,
  };
}

export const toDealOutcome = (row: DealOutcomeRow): DealOutcome => ({
  createdDt: String(row.created_dt),
  wonDt: toText(row.won_dt),
  lostDt: toText(row.lost_dt),
  deals: toNumber(row.deals),
  opportunityAmount: row.opportunity_amount === null ? null : toNumber(row.opportunity_amount),
  wonAmount: row.won_amount === null ? null : toNumber(row.won_amount),
});
