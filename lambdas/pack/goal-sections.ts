import type { GoalProgress } from '../metrics/metric-types.js';
import { changeFigure, formatRatio, NOT_AVAILABLE, PERIOD_NOUN, periodName } from './format-figures.js';
import type { PackContext } from './pack-context.js';
import type { Block, PackSection } from './pack-types.js';
import { RESULT_METRICS, trendBlock } from './what-happened.js';

/** Rate goals (win rate, CAC) compare the rate itself with the target; they have no pace or projection. */
const isRateGoal = (goal: GoalProgress) => goal.metric === 'win_rate' || goal.metric === 'cac';

const NO_GOALS: Block = {
  kind: 'missing',
  text: 'No goals are configured for this period: set goals.quarterly, goals.monthly or goals.everyQuarter in the config.',
};

const goalLabel = (context: PackContext, goal: GoalProgress) =>
  `${context.metric(goal.metric).label}${goal.targetSource === 'prorated' ? '*' : ''}`;

const status = (goal: GoalProgress, complete: boolean): string =>
  goal.onTrack === undefined ? NOT_AVAILABLE : complete ? (goal.onTrack ? 'Met' : 'Missed') : goal.onTrack ? 'On track' : 'Behind';

const proratedNote = (goals: readonly GoalProgress[]): Block[] =>
  goals.some((goal) => goal.targetSource === 'prorated') ? [{ kind: 'paragraph', text: '* Target prorated from the quarter.' }] : [];

const names = (context: PackContext, goals: readonly GoalProgress[]) => goals.map((goal) => context.metric(goal.metric).label).join(', ');

/** Weekly: quarter to date, pace and projection for every goal. */
export const goalProgressSection = (context: PackContext): PackSection => {
  const goals = context.metrics.goals;
  const first = goals[0];
  const title = 'Progress toward the goals';
  if (!first) return { id: 'goal-progress', title, question: 'How are we progressing toward the goals?', blocks: [NO_GOALS] };
  const behind = goals.filter((goal) => goal.onTrack === false);
  const summary =
    `${formatRatio(first.elapsedShare)} of ${periodName(first.goalPeriod.label)} has gone. ` +
    (behind.length === 0 ? `All ${goals.length} goals are on pace.` : `${goals.length - behind.length} of ${goals.length} goals on pace; behind: ${names(context, behind)}.`);
  const rows = goals.map((goal) => {
    const rate = isRateGoal(goal);
    return [
      goalLabel(context, goal),
      context.format(goal.metric, goal.actual),
      context.formatNumber(goal.metric, goal.target),
      rate ? '—' : goal.attainment.available ? formatRatio(goal.attainment.value) : NOT_AVAILABLE,
      rate ? '—' : goal.pace.available ? formatRatio(goal.pace.value) : NOT_AVAILABLE,
      rate ? '—' : context.format(goal.metric, goal.projection),
      status(goal, false),
    ];
  });
  return {
    id: 'goal-progress',
    title,
    question: `How are we progressing toward the ${periodName(first.goalPeriod.label)} goals?`,
    blocks: [
      { kind: 'paragraph', text: summary },
      {
        kind: 'table',
        columns: [
          { label: 'Goal', align: 'left' },
          { label: 'To date', align: 'right' },
          { label: 'Target', align: 'right', secondary: true },
          { label: 'Done', align: 'right' },
          { label: 'Pace', align: 'right' },
          { label: 'Projected', align: 'right', secondary: true },
          { label: 'Status', align: 'left' },
        ],
        rows,
      },
      { kind: 'paragraph', text: 'Pace = share of the goal done ÷ share of the period gone (100% = exactly on pace). Projected = a straight line to the period end.' },
      ...proratedNote(goals),
    ],
  };
};

/** Quarterly: the quarter's results against every goal, then against the prior quarter. */
export const resultsVsGoalsSection = (context: PackContext): PackSection => {
  const goals = context.metrics.goals;
  const missed = goals.filter((goal) => goal.onTrack === false);
  const goalBlocks: Block[] =
    goals.length === 0
      ? [NO_GOALS]
      : [
          {
            kind: 'paragraph',
            text:
              missed.length === 0
                ? `All ${goals.length} goals met.`
                : `${goals.length - missed.length} of ${goals.length} goals met; missed: ${names(context, missed)}.`,
          },
          {
            kind: 'table',
            columns: [
              { label: 'Goal', align: 'left' },
              { label: 'Actual', align: 'right' },
              { label: 'Target', align: 'right', secondary: true },
              { label: 'Attained', align: 'right' },
              { label: 'Result', align: 'left' },
            ],
            rows: goals.map((goal) => [
              goalLabel(context, goal),
              context.format(goal.metric, goal.actual),
              context.formatNumber(goal.metric, goal.target),
              isRateGoal(goal) ? '—' : goal.attainment.available ? formatRatio(goal.attainment.value) : NOT_AVAILABLE,
              status(goal, true),
            ]),
          },
          ...proratedNote(goals),
        ];
  const noun = PERIOD_NOUN[context.metrics.cadence];
  const baselineMissing = RESULT_METRICS.map((id) => context.metric(id).baseline).find((measure) => !measure.available);
  return {
    id: 'results-vs-goals',
    title: 'Results against goals',
    question: `How did ${context.metrics.period.label} end against its goals?`,
    blocks: [
      ...goalBlocks,
      {
        kind: 'table',
        caption: `Against the prior ${noun.one}`,
        columns: [
          { label: 'Metric', align: 'left' },
          { label: 'This quarter', align: 'right' },
          { label: 'Prior quarter', align: 'right', secondary: true },
          { label: 'QoQ', align: 'right' },
          { label: '4-qtr avg', align: 'right' },
        ],
        rows: RESULT_METRICS.map((id) => {
          const metric = context.metric(id);
          return [metric.label, context.format(id, metric.value), context.format(id, metric.previous), changeFigure(metric, '')?.text ?? NOT_AVAILABLE, context.format(id, metric.baseline)];
        }),
      },
      ...(baselineMissing && !baselineMissing.available ? [{ kind: 'missing', text: `4-quarter average: ${baselineMissing.reason}.` } satisfies Block] : []),
      trendBlock(context),
    ],
  };
};
