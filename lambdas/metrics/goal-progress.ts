/**
 * Goal targets for a period and progress against them. Pure.
 *
 * Quarterly targets come from `goals.quarterly[<quarter id>]` over `goals.everyQuarter`.
 * Monthly targets come from `goals.monthly[<month id>]`; any metric not given there is prorated
 * from the month's fiscal quarter by days (counts and money), or copied (win rate, CAC).
 */
import { elapsedShare, periodContaining } from '../calendar/fiscal-calendar.js';
import type { CalendarSettings, Period } from '../calendar/period-types.js';
import { GOAL_METRICS, type FunnelReviewConfig, type GoalMetric, type GoalTargets } from '../config/config-schema.js';
import { ratio } from './measures.js';
import { unavailable, type GoalProgress, type Measure } from './metric-types.js';

/** Goals whose target is a rate, not an amount that accumulates over the period. */
export const RATE_GOALS: ReadonlySet<GoalMetric> = new Set(['win_rate', 'cac']);

export interface GoalTarget {
  readonly metric: GoalMetric;
  readonly target: number;
  readonly source: 'config' | 'prorated';
}

const quarterTargets = (goals: FunnelReviewConfig['goals'], quarterId: string): GoalTargets => ({
  ...(goals.everyQuarter ?? {}),
  ...(goals.quarterly[quarterId] ?? {}),
});

export function goalTargets(goals: FunnelReviewConfig['goals'], goalPeriod: Period, settings: CalendarSettings): GoalTarget[] {
  if (goalPeriod.cadence === 'quarterly') {
    const targets = quarterTargets(goals, goalPeriod.id);
    return GOAL_METRICS.flatMap((metric): GoalTarget[] => {
      const target = targets[metric];
      return target === undefined ? [] : [{ metric, target, source: 'config' as const }];
    });
  }
  if (goalPeriod.cadence === 'monthly') {
    const given = goals.monthly[goalPeriod.id] ?? {};
    const quarter = periodContaining('quarterly', goalPeriod.start, settings);
    const fromQuarter = quarterTargets(goals, quarter.id);
    return GOAL_METRICS.flatMap((metric): GoalTarget[] => {
      const own = given[metric];
      if (own !== undefined) return [{ metric, target: own, source: 'config' as const }];
      const quarterly = fromQuarter[metric];
      if (quarterly === undefined) return [];
      const target = RATE_GOALS.has(metric) ? quarterly : (quarterly * goalPeriod.days) / quarter.days;
      return [{ metric, target, source: 'prorated' as const }];
    });
  }
  return [];
}

export interface GoalProgressInput {
  readonly targets: readonly GoalTarget[];
  readonly goalPeriod: Period;
  /** Last day counted: the pack's end (quarter to date in weekly packs). */
  readonly through: string;
  /** The metric's actual over [goalPeriod.start, through]. */
  readonly actual: (metric: GoalMetric) => Measure;
  /** Pace at or above this is on track. */
  readonly onTrackPace: number;
}

export function goalProgress(input: GoalProgressInput): GoalProgress[] {
  const share = elapsedShare(input.goalPeriod, input.through);
  return input.targets.map(({ metric, target, source }) => {
    const actual = input.actual(metric);
    let attainment: Measure;
    let pace: Measure;
    let projection: Measure;
    if (!actual.available) {
      attainment = unavailable(actual.reason);
      pace = attainment;
      projection = attainment;
    } else if (metric === 'cac') {
      // Lower is better: spending less per customer than the target is over 100%.
      attainment = ratio(target, actual.value, 'no customers won yet, so no CAC');
      pace = attainment;
      projection = actual;
    } else if (RATE_GOALS.has(metric)) {
      attainment = ratio(actual.value, target, 'the target is 0');
      pace = attainment;
      projection = actual;
    } else {
      attainment = ratio(actual.value, target, 'the target is 0');
      pace = attainment.available ? ratio(attainment.value, share, 'the goal period has not started') : attainment;
      projection = ratio(actual.value, share, 'the goal period has not started');
    }
    return {
      metric,
      goalPeriod: input.goalPeriod,
      target,
      targetSource: source,
      actual,
      attainment,
      elapsedShare: share,
      pace,
      projection,
      onTrack: pace.available ? pace.value >= input.onTrackPace : undefined,
    };
  });
}

