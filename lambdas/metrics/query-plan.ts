/**
 * Which periods a pack compares and which days each metric query reads. Pure: the same plan
 * drives the queries, the interpretation and the bench's partition-pruning check.
 */
import {
  addDays,
  nextPeriod,
  periodContaining,
  previousPeriod,
  samePeriodLastYear,
  trailingPeriods,
} from '../calendar/fiscal-calendar.js';
import type { Cadence, CalendarSettings, Period } from '../calendar/period-types.js';
import { attributionQuery } from './queries/attribution.sql.js';
import { dealOutcomesQuery } from './queries/deal-outcomes.sql.js';
import type { DayWindow, MetricQuery } from './queries/metric-query.js';
import { spendDailyQuery } from './queries/spend-daily.sql.js';
import { stageDailyQuery } from './queries/stage-daily.sql.js';
import { stageTransitionsQuery } from './queries/stage-transitions.sql.js';
import { webSessionsDailyQuery } from './queries/web-sessions-daily.sql.js';

/** Trailing periods kept for trend charts (history), the baseline mean and the usual range. */
export const TRAILING: Readonly<Record<Cadence, { history: number; baseline: number; range: number; word: string }>> = {
  weekly: { history: 8, baseline: 4, range: 8, word: 'weeks' },
  monthly: { history: 12, baseline: 3, range: 8, word: 'months' },
  quarterly: { history: 4, baseline: 4, range: 4, word: 'quarters' },
};

/** How far before the oldest period the velocity query looks for an entity's first stage. */
export const VELOCITY_LOOKBACK_DAYS = 180;
/** Deals created this many days before a forecast's start train its win/loss timing. */
export const FORECAST_TRAINING_DAYS = 365;
/** Earlier forecasts the pack re-runs on its own data to size the forecast range. */
export const FORECAST_CALIBRATION_PERIODS: Readonly<Record<Cadence, number>> = { weekly: 0, monthly: 6, quarterly: 4 };

export interface ForecastPlan {
  /** The forecast is made as of this day (the pack period's end). */
  readonly asOfEnd: string;
  readonly horizon: Period;
  /** Earlier (as-of end, horizon) pairs whose outcome is known by `asOfEnd`, newest first. */
  readonly calibration: readonly { readonly asOfEnd: string; readonly horizon: Period }[];
}

export interface PackPlan {
  readonly period: Period;
  readonly previous: Period;
  /** The periods before `period`, oldest first (history for trends). */
  readonly trailing: readonly Period[];
  readonly baselinePeriods: readonly Period[];
  readonly rangePeriods: readonly Period[];
  readonly sameLastYear?: Period;
  /** The period goals are tracked for, and the last day counted (quarter to date in weekly packs). */
  readonly goalPeriod: Period;
  readonly goalThrough: string;
  /** Last day of data the cohorts may use ("so far"). */
  readonly cutoff: string;
  readonly forecast?: ForecastPlan;
  readonly queries: {
    readonly stageDaily: MetricQuery;
    readonly attribution: MetricQuery;
    readonly spendDaily: MetricQuery;
    readonly webSessionsDaily: MetricQuery;
    readonly stageTransitions: MetricQuery;
    readonly dealOutcomes?: MetricQuery;
  };
}

const earlier = (a: string, b: string): string => (a < b ? a : b);
const later = (a: string, b: string): string => (a > b ? a : b);

export function planPack(period: Period, asOf: string, settings: CalendarSettings): PackPlan {
  const cadence = period.cadence;
  const counts = TRAILING[cadence];
  const trailing = trailingPeriods(period, counts.history, settings);
  const oldest = trailing[0] ?? period;
  const goalPeriod = cadence === 'weekly' ? periodContaining('quarterly', period.end, settings) : period;
  const goalThrough = earlier(period.end, goalPeriod.end);
  const cutoff = later(period.end, addDays(asOf, -1));

  const daily: DayWindow = { start: earlier(oldest.start, goalPeriod.start), end: period.end };
  const baselinePeriods = trailing.slice(-counts.baseline);
  const transitions: DayWindow = { start: addDays(oldest.start, -VELOCITY_LOOKBACK_DAYS), end: cutoff };

  let forecast: ForecastPlan | undefined;
  let dealOutcomes: MetricQuery | undefined;
  if (cadence !== 'weekly') {
    const calibration: { asOfEnd: string; horizon: Period }[] = [];
    let cursor = period;
    for (let index = 0; index < FORECAST_CALIBRATION_PERIODS[cadence]; index += 1) {
      const horizon = cursor;
      cursor = previousPeriod(cursor, settings);
      calibration.push({ asOfEnd: cursor.end, horizon });
    }
    forecast = { asOfEnd: period.end, horizon: nextPeriod(period, settings), calibration };
    const oldestAsOf = calibration[calibration.length - 1]?.asOfEnd ?? period.end;
    dealOutcomes = dealOutcomesQuery({ start: addDays(oldestAsOf, -FORECAST_TRAINING_DAYS), end: period.end });
  }

  return {
    period,
    previous: previousPeriod(period, settings),
    trailing,
    baselinePeriods,
    rangePeriods: trailing.slice(-counts.range),
    ...(cadence === 'weekly' ? {} : { sameLastYear: samePeriodLastYear(period, settings) }),
    goalPeriod,
    goalThrough,
    cutoff,
    ...(forecast ? { forecast } : {}),
    queries: {
      stageDaily: stageDailyQuery(daily),
      attribution: attributionQuery({ start: period.start, end: period.end }),
      spendDaily: spendDailyQuery(daily),
      webSessionsDaily: webSessionsDailyQuery(daily),
      stageTransitions: stageTransitionsQuery(transitions, oldest.start),
      ...(dealOutcomes ? { dealOutcomes } : {}),
    },
  };
}
