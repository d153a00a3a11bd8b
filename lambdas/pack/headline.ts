import type { GoalProgress, MetricId } from '../metrics/metric-types.js';
import { changeFigure, formatRatio, PERIOD_OVER_PERIOD, periodName } from './format-figures.js';
import type { PackContext } from './pack-context.js';
import type { Headline } from './pack-types.js';
import { metricTile } from './shared-sections.js';

/** The three numbers that matter: what was won, what will be won, and what the handoff produced. */
export const HEADLINE_METRICS: readonly MetricId[] = ['revenue', 'pipeline_created', 'sqls'];


/** The goal the verdict rests on: revenue if set, else the first goal configured. */
const verdictGoal = (goals: readonly GoalProgress[]) => goals.find((goal) => goal.metric === 'revenue') ?? goals[0];

export const buildHeadline = (context: PackContext): Headline => {
  const { cadence, goals } = context.metrics;
  const tiles = HEADLINE_METRICS.map((id) => metricTile(context, id));
  const revenue = context.metric('revenue');
  const change = changeFigure(revenue, PERIOD_OVER_PERIOD[cadence]);
  const revenueText = `Revenue ${context.format('revenue', revenue.value)}${change ? ` (${change.text})` : ''}`;
  const goal = verdictGoal(goals);
  if (!goal) {
    return { tiles, onTrack: undefined, verdict: 'No goals are configured for this period, so there is no on-track verdict.', summary: revenueText };
  }
  const label = context.metric(goal.metric).label;
  const goalName = periodName(goal.goalPeriod.label);
  const complete = goal.elapsedShare >= 1;
  const attainment = goal.attainment.available ? formatRatio(goal.attainment.value) : undefined;
  const behind = goals.filter((entry) => entry.onTrack === false && entry !== goal).map((entry) => context.metric(entry.metric).label);
  const word = goal.onTrack === undefined ? 'No verdict' : complete ? (goal.onTrack ? 'Goal met' : 'Goal missed') : goal.onTrack ? 'On track' : 'Behind';
  const where =
    attainment === undefined
      ? `${label} has no actual for ${goalName} yet`
      : complete
        ? `${label.toLowerCase()} reached ${attainment} of the ${goalName} goal`
        : `${label.toLowerCase()} is at ${attainment} of the ${goalName} goal with ${formatRatio(goal.elapsedShare)} of the period gone`;
  const others = behind.length > 0 ? ` Also ${complete ? 'missed' : 'behind pace'}: ${behind.join(', ')}.` : '';
  return {
    tiles,
    onTrack: goal.onTrack,
    verdict: `${word}: ${where}.${others}`,
    summary: attainment === undefined || goal.metric !== 'revenue' ? revenueText : `${revenueText} · ${attainment} of ${goalName} goal`,
  };
};
