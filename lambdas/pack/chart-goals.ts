import { calendarSettings, eachDay, periodById, periodContaining } from '../calendar/fiscal-calendar.js';
import type { Cadence, CalendarSettings, Period } from '../calendar/period-types.js';
import { GOAL_METRICS, type FunnelReviewConfig, type GoalMetric } from '../config/config-schema.js';
import { goalTargets, RATE_GOALS } from '../metrics/goal-progress.js';
import type { FunnelPathStage } from '../schema/canonical-schema.js';

/**
 * Goals for the charts' goal lines and marks: the target of a single period of the pack's
 * cadence. Months and quarters read their targets as the goal sections do (`goalTargets`); a week
 * has no target of its own, so amounts are prorated by days from the quarter each day falls in,
 * and rates (win rate, CAC) are the target of the quarter the week ends in.
 */

/** The goal metric a funnel stage's count is measured against. */
export const STAGE_GOAL_METRIC: Readonly<Record<FunnelPathStage, GoalMetric>> = {
  lead: 'leads',
  mql: 'mqls',
  sql: 'sqls',
  opportunity: 'opportunities',
  won: 'deals_won',
};

export const isGoalMetric = (id: string): id is GoalMetric => (GOAL_METRICS as readonly string[]).includes(id);

const targetOf = (config: FunnelReviewConfig, period: Period, metric: GoalMetric, settings: CalendarSettings): number | undefined =>
  goalTargets(config.goals, period, settings).find((target) => target.metric === metric)?.target;

const weekGoal = (config: FunnelReviewConfig, week: Period, metric: GoalMetric, settings: CalendarSettings): number | undefined => {
  const quarterOf = (day: string) => periodContaining('quarterly', day, settings);
  if (RATE_GOALS.has(metric)) return targetOf(config, quarterOf(week.end), metric, settings);
  let sum = 0;
  for (const day of eachDay(week.start, week.end)) {
    const quarter = quarterOf(day);
    const target = targetOf(config, quarter, metric, settings);
    // A week partly in a quarter without this goal has no whole-week goal.
    if (target === undefined) return undefined;
    sum += target / quarter.days;
  }
  return sum;
};

/** The goal of one period of the cadence (`2026-W47`, `2026-11`, `2026-Q4`), or undefined when none is set. */
export const periodGoal = (config: FunnelReviewConfig, cadence: Cadence, periodId: string, metric: GoalMetric): number | undefined => {
  const settings = calendarSettings(config);
  const period = periodById(cadence, periodId, settings);
  return cadence === 'weekly' ? weekGoal(config, period, metric, settings) : targetOf(config, period, metric, settings);
};
