/**
 * Next period's revenue and deals won from funnel momentum. Pure: deal outcomes in, Forecast out.
 *
 * Method: a discrete-time competing-risks model of deal timing. From the deals created in the
 * trailing year, a weekly piecewise-constant hazard of closing won and of closing lost is
 * estimated by deal age (wins or losses per deal-day at risk, open deals censored at the
 * forecast date). Then
 *   open pipeline: each deal open at the forecast date, at its age, contributes
 *     P(won within the horizon | still open at that age) (deals won), and its amount ×
 *     the same chance from amount-weighted hazards (revenue; scaled by the usual won-to-
 *     opportunity amount ratio), because large deals close less often and more slowly;
 *   new flow: deals (and pipeline amount) created at the recent daily rate (last 91 days) on
 *     each day of the horizon contribute P(won by the horizon's end | created that day).
 * The range is an 80% interval: the model's own relative errors over its earlier periods (when
 * at least 3 are known), never narrower than the binomial/Poisson spread of the expectation.
 */
import { addDays } from '../calendar/fiscal-calendar.js';
import type { Period } from '../calendar/period-types.js';
import type { Forecast, ForecastValue } from './metric-types.js';
import { FORECAST_TRAINING_DAYS, type ForecastPlan } from './query-plan.js';

export interface DealOutcome {
  readonly createdDt: string;
  readonly wonDt: string | null;
  readonly lostDt: string | null;
  /** Deals sharing these three days. */
  readonly deals: number;
  /** Sum of their opportunity amounts (null when none had one). */
  readonly opportunityAmount: number | null;
  readonly wonAmount: number | null;
}

/** Days of deal creation history a forecast needs, and won deals to learn timing from. */
export const FORECAST_MIN_HISTORY_DAYS = 180;
export const FORECAST_MIN_WON_DEALS = 10;
/** Window for the recent deal creation rate. */
export const NEW_FLOW_RATE_DAYS = 91;
const MAX_WEEK = 52;
/** z for an 80% two-sided interval. */
const Z_80 = 1.2816;

interface Timing {
  /** Daily hazard of closing won / lost by week of age. */
  readonly won: readonly number[];
  readonly lost: readonly number[];
  readonly trainingDeals: number;
  readonly trainingWon: number;
}

const weekOf = (age: number): number => Math.min(MAX_WEEK, Math.floor(age / 7));

const DAY_MS = 86_400_000;
/** Whole days from a to b (local date strings); plain arithmetic on UTC midnights, which is fast in the loops below. */
const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

interface DealState {
  readonly created: string;
  readonly deals: number;
  readonly opportunityAmount: number | null;
  readonly wonAmount: number | null;
  /** Age in days at close, if closed by the as-of day. */
  readonly closeAge?: number;
  readonly outcome?: 'won' | 'lost';
  readonly closeDt?: string;
}

/** The deal as it looked at the end of `asOfEnd`: later outcomes are not known yet. */
const stateAt = (deal: DealOutcome, asOfEnd: string): DealState | undefined => {
  if (deal.createdDt > asOfEnd) return undefined;
  const won = deal.wonDt !== null && deal.wonDt <= asOfEnd ? deal.wonDt : null;
  const lost = deal.lostDt !== null && deal.lostDt <= asOfEnd ? deal.lostDt : null;
  const base = { created: deal.createdDt, deals: deal.deals, opportunityAmount: deal.opportunityAmount, wonAmount: deal.wonAmount };
  if (won === null && lost === null) return base;
  const isWon = won !== null && (lost === null || won <= lost);
  const closeDt = isWon ? won! : lost!;
  // A deal closed before its recorded creation closes at age 0, never a negative age.
  return { ...base, closeDt, closeAge: Math.max(0, daysBetween(deal.createdDt, closeDt)), outcome: isWon ? 'won' : 'lost' };
};

/**
 * Piecewise-constant hazards by week of age. `weight` makes each deal count once (deal counts)
 * or by its amount (money): big deals win less often and more slowly, so money gets its own
 * hazards rather than deal hazards × average amount.
 */
function fitTiming(states: readonly DealState[], asOfEnd: string, weight: (deal: DealState) => number): Timing {
  const exposure = new Array<number>(MAX_WEEK + 1).fill(0);
  const wins = new Array<number>(MAX_WEEK + 1).fill(0);
  const losses = new Array<number>(MAX_WEEK + 1).fill(0);
  let trainingDeals = 0;
  let trainingWon = 0;
  for (const deal of states) {
    const w = weight(deal);
    const observed = daysBetween(deal.created, asOfEnd);
    const lastAtRisk = deal.closeAge ?? observed;
    trainingDeals += deal.deals;
    if (deal.outcome === 'won') trainingWon += deal.deals;
    if (w <= 0) continue;
    for (let week = 0; week <= MAX_WEEK; week += 1) {
      const first = week * 7;
      const last = week === MAX_WEEK ? Number.POSITIVE_INFINITY : first + 6;
      const days = Math.min(last, lastAtRisk) - first + 1;
      if (days <= 0) break;
      exposure[week]! += days * w;
    }
    if (deal.outcome === 'won') wins[weekOf(deal.closeAge!)]! += w;
    if (deal.outcome === 'lost') losses[weekOf(deal.closeAge!)]! += w;
  }
  const hazard = (events: number[]) => events.map((count, week) => (exposure[week]! > 0 ? count / exposure[week]! : 0));
  return { won: hazard(wins), lost: hazard(losses), trainingDeals, trainingWon };
}

/** P(won on one of the days after `age`, up to `age + days`) given open at the end of day `age`. */
const winWithin = (timing: Timing, age: number, days: number): number => {
  let open = 1;
  let won = 0;
  for (let day = age + 1; day <= age + days; day += 1) {
    const week = weekOf(day);
    const hw = timing.won[week]!;
    const hl = timing.lost[week]!;
    won += open * hw;
    open *= Math.max(0, 1 - hw - hl);
  }
  return won;
};

/** P(won by age `days`) for a deal created today (its creation day is age 0). */
const winFromCreation = (timing: Timing, days: number): number => {
  const hw0 = timing.won[0]!;
  const hl0 = timing.lost[0]!;
  return hw0 + Math.max(0, 1 - hw0 - hl0) * winWithin(timing, 0, days);
};

interface PointForecast {
  readonly revenue: { expected: number; open: number; newFlow: number; variance: number };
  readonly dealsWon: { expected: number; open: number; newFlow: number; variance: number };
  readonly pipeline: { expected: number; variance: number };
  readonly trainingDeals: number;
  readonly trainingWon: number;
  readonly openDeals: number;
  readonly dailyRate: number;
  readonly averageWon: number;
  readonly dailyAmount: number;
  readonly historyDays: number;
}

function pointForecast(deals: readonly DealOutcome[], asOfEnd: string, horizon: Period): PointForecast {
  const trainingStart = addDays(asOfEnd, -FORECAST_TRAINING_DAYS);
  const states = deals.flatMap((deal) => {
    const state = deal.createdDt >= trainingStart ? stateAt(deal, asOfEnd) : undefined;
    return state ? [state] : [];
  });
  const timing = fitTiming(states, asOfEnd, (deal) => deal.deals);
  const moneyTiming = fitTiming(states, asOfEnd, (deal) => deal.opportunityAmount ?? 0);
  const lead = daysBetween(asOfEnd, horizon.start) - 1; // days between the as-of day and the horizon
  const horizonDays = horizon.days;

  const wonStates = states.filter((s) => s.outcome === 'won' && s.wonAmount !== null);
  const wonCount = wonStates.reduce((sum, s) => sum + s.deals, 0);
  const wonTotal = wonStates.reduce((sum, s) => sum + (s.wonAmount ?? 0), 0);
  const averageWon = wonCount > 0 ? wonTotal / wonCount : 0;
  const wonWithOpportunity = wonStates.filter((s) => s.opportunityAmount !== null && s.opportunityAmount > 0);
  const opportunityOfWon = wonWithOpportunity.reduce((sum, s) => sum + s.opportunityAmount!, 0);
  const amountRatio = opportunityOfWon > 0 ? wonWithOpportunity.reduce((sum, s) => sum + (s.wonAmount ?? 0), 0) / opportunityOfWon : 1;

  const rateStart = addDays(asOfEnd, -(NEW_FLOW_RATE_DAYS - 1));
  const recent = states.filter((s) => s.created >= rateStart);
  const recentCount = recent.reduce((sum, s) => sum + s.deals, 0);
  const recentWithAmount = recent.filter((s) => s.opportunityAmount !== null);
  const recentAmountDeals = recentWithAmount.reduce((sum, s) => sum + s.deals, 0);
  const recentAmount = recentWithAmount.reduce((sum, s) => sum + s.opportunityAmount!, 0);
  const averageCreated = recentAmountDeals > 0 ? recentAmount / recentAmountDeals : averageWon;
  const dailyRate = recentCount / NEW_FLOW_RATE_DAYS;
  const dailyAmountRate = recentAmount / NEW_FLOW_RATE_DAYS;

  let openRevenue = 0;
  let openDealsWon = 0;
  let revenueVariance = 0;
  let dealsVariance = 0;
  let openDeals = 0;
  for (const state of states) {
    if (state.outcome !== undefined) continue;
    const age = daysBetween(state.created, asOfEnd);
    const p = winWithin(timing, age + lead, horizonDays) * (lead > 0 ? survival(timing, age, lead) : 1);
    const pMoney = winWithin(moneyTiming, age + lead, horizonDays) * (lead > 0 ? survival(moneyTiming, age, lead) : 1);
    const amountEach = ((state.opportunityAmount === null ? averageCreated * state.deals : state.opportunityAmount) * amountRatio) / state.deals;
    openDeals += state.deals;
    openDealsWon += p * state.deals;
    openRevenue += pMoney * amountEach * state.deals;
    dealsVariance += state.deals * p * (1 - p);
    revenueVariance += state.deals * amountEach ** 2 * pMoney * (1 - pMoney);
  }

  let newFlowProbability = 0;
  let newFlowMoneyShare = 0;
  for (let day = 0; day < horizonDays; day += 1) {
    newFlowProbability += winFromCreation(timing, horizonDays - 1 - day);
    newFlowMoneyShare += winFromCreation(moneyTiming, horizonDays - 1 - day);
  }
  const newDealsWon = dailyRate * newFlowProbability;
  const newRevenue = dailyAmountRate * newFlowMoneyShare * amountRatio;
  const earliest = deals.reduce<string | undefined>((min, d) => (min === undefined || d.createdDt < min ? d.createdDt : min), undefined);

  return {
    revenue: { expected: openRevenue + newRevenue, open: openRevenue, newFlow: newRevenue, variance: revenueVariance + newDealsWon * averageWon ** 2 * 2 },
    dealsWon: { expected: openDealsWon + newDealsWon, open: openDealsWon, newFlow: newDealsWon, variance: dealsVariance + newDealsWon },
    pipeline: { expected: dailyRate * horizonDays * averageCreated, variance: dailyRate * horizonDays * averageCreated ** 2 * 2 },
    trainingDeals: timing.trainingDeals,
    trainingWon: timing.trainingWon,
    openDeals,
    dailyRate,
    averageWon,
    dailyAmount: dailyAmountRate,
    historyDays: earliest === undefined ? 0 : daysBetween(earliest, asOfEnd) + 1,
  };
}

/** P(still open after `days` more days) from the end of day `age`. */
function survival(timing: Timing, age: number, days: number): number {
  let open = 1;
  for (let day = age + 1; day <= age + days; day += 1) {
    const week = weekOf(day);
    open *= Math.max(0, 1 - timing.won[week]! - timing.lost[week]!);
  }
  return open;
}

/** What actually closed won in a horizon, from the same deal rows. */
export function actualWon(deals: readonly DealOutcome[], horizon: Period): { revenue: number; dealsWon: number } {
  let revenue = 0;
  let dealsWon = 0;
  for (const deal of deals) {
    if (deal.wonDt === null || deal.wonDt < horizon.start || deal.wonDt > horizon.end) continue;
    if (deal.lostDt !== null && deal.lostDt < deal.wonDt) continue;
    revenue += deal.wonAmount ?? 0;
    dealsWon += deal.deals;
  }
  return { revenue, dealsWon };
}

const interval = (expected: number, variance: number, relativeErrors: readonly number[]): { low: number; high: number } => {
  const stochastic = Math.sqrt(Math.max(0, variance));
  const empirical =
    relativeErrors.length >= 3 ? expected * Math.sqrt(relativeErrors.reduce((sum, e) => sum + e * e, 0) / relativeErrors.length) : 0;
  const sigma = Math.max(stochastic, empirical);
  return { low: Math.max(0, expected - Z_80 * sigma), high: expected + Z_80 * sigma };
};

const money = (value: number): string => Math.round(value).toLocaleString('en-US');

export function forecastNextPeriod(input: { readonly plan: ForecastPlan; readonly deals: readonly DealOutcome[]; readonly currency: string }): Forecast {
  const { plan, deals, currency } = input;
  const point = pointForecast(deals, plan.asOfEnd, plan.horizon);
  if (point.historyDays < FORECAST_MIN_HISTORY_DAYS) {
    return {
      available: false,
      horizon: plan.horizon,
      reason: `needs ${FORECAST_MIN_HISTORY_DAYS} days of deal history before ${plan.asOfEnd}, have ${point.historyDays}`,
    };
  }
  if (point.trainingWon < FORECAST_MIN_WON_DEALS) {
    return {
      available: false,
      horizon: plan.horizon,
      reason: `needs ${FORECAST_MIN_WON_DEALS} won deals in the year before ${plan.asOfEnd} to learn deal timing, have ${point.trainingWon}`,
    };
  }

  const revenueErrors: number[] = [];
  const dealErrors: number[] = [];
  for (const { asOfEnd, horizon } of plan.calibration) {
    const past = pointForecast(deals, asOfEnd, horizon);
    if (past.historyDays < FORECAST_MIN_HISTORY_DAYS || past.trainingWon < FORECAST_MIN_WON_DEALS) continue;
    const actual = actualWon(deals, horizon);
    if (past.revenue.expected > 0) revenueErrors.push(actual.revenue / past.revenue.expected - 1);
    if (past.dealsWon.expected > 0) dealErrors.push(actual.dealsWon / past.dealsWon.expected - 1);
  }

  const value = (metric: ForecastValue['metric'], expected: number, open: number, newFlow: number, variance: number, errors: readonly number[]): ForecastValue => ({
    metric,
    expected,
    ...interval(expected, variance, errors),
    fromOpenPipeline: open,
    fromNewFlow: newFlow,
  });

  const calibrationText =
    revenueErrors.length >= 3
      ? `The range is an 80% interval sized from this method's own errors over the ${revenueErrors.length} earlier periods it could be checked on.`
      : 'The range is an 80% interval from the chance spread of which deals close (too few earlier periods to size it from past errors).';

  return {
    available: true,
    horizon: plan.horizon,
    values: [
      value('revenue', point.revenue.expected, point.revenue.open, point.revenue.newFlow, point.revenue.variance, revenueErrors),
      value('deals_won', point.dealsWon.expected, point.dealsWon.open, point.dealsWon.newFlow, point.dealsWon.variance, dealErrors),
      value('pipeline_created', point.pipeline.expected, 0, point.pipeline.expected, point.pipeline.variance, []),
    ],
    method:
      `Forecast for ${plan.horizon.label}, made from the funnel as it stood on ${plan.asOfEnd}. ` +
      `Open pipeline: each of the ${point.openDeals} open deals counts its amount times its chance of closing won within the period at its age, ` +
      `learned from how ${point.trainingDeals} deals created in the year before were won or lost week by week (${point.trainingWon} won). ` +
      `Money is weighted by amount (large deals close less often and more slowly than small ones). ` +
      `New flow: deals created at the recent rate (${point.dailyRate.toFixed(1)} a day, ${currency} ${money(point.dailyAmount)} of pipeline a day, over the last ${NEW_FLOW_RATE_DAYS} days) ` +
      `times their chance of closing won before the period ends. ${calibrationText}`,
  };
}
