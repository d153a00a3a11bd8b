import type { GoalMetric } from '../config/config-schema.js';
import { measured, type MetricId } from '../metrics/metric-types.js';
import { tooEarlyText } from './cohort-maturity.js';
import { formatCount, formatRatio, historyShortfall } from './format-figures.js';
import type { PackContext } from './pack-context.js';
import type { Block, PackSection } from './pack-types.js';

interface StageStep {
  readonly conversion: MetricId;
  readonly from: MetricId & GoalMetric;
  readonly to: MetricId & GoalMetric;
  /** What one more of `to` is called in a sentence. */
  readonly outcome: string;
}

export const STAGE_STEPS: readonly StageStep[] = [
  { conversion: 'lead_to_mql_conversion', from: 'leads', to: 'mqls', outcome: 'MQLs' },
  { conversion: 'mql_to_sql_conversion', from: 'mqls', to: 'sqls', outcome: 'SQLs' },
  { conversion: 'sql_to_opportunity_conversion', from: 'sqls', to: 'opportunities', outcome: 'opportunities' },
  { conversion: 'opportunity_to_won_conversion', from: 'opportunities', to: 'deals_won', outcome: 'deals won' },
];

/** A stage 2% (relative) or less below its reference is noise, not an area for improvement. */
export const MIN_RELATIVE_SHORTFALL = 0.02;

export interface ImprovementArea {
  readonly conversion: MetricId;
  readonly label: string;
  readonly value: number;
  readonly usual?: number;
  /** Goal-implied conversion: goal of the next stage ÷ goal of this stage. */
  readonly goalRate?: number;
  /** The larger of the shortfalls against the usual and the goal rate, relative to that rate. */
  readonly shortfall: number;
  /** Extra entries of the next stage at the usual rate / the goal rate, given this period's volume. */
  readonly atStakeUsual?: number;
  readonly atStakeGoal?: number;
  readonly sentence: string;
}

const goalTarget = (context: PackContext, metric: GoalMetric): number | undefined => context.metrics.goals.find((goal) => goal.metric === metric)?.target;

/** Stages converting below their trailing average or the goal-implied rate, largest relative shortfall first. */
export const improvementAreas = (context: PackContext): ImprovementArea[] => {
  const areas: ImprovementArea[] = [];
  for (const step of STAGE_STEPS) {
    const metric = context.metric(step.conversion);
    const volume = context.metric(step.from).value;
    if (!metric.value.available) continue;
    const maturity = context.maturity(step.conversion);
    if (maturity.state === 'too-early') continue;
    const value = metric.value.value;
    const usual = metric.baseline.available ? metric.baseline.value : undefined;
    const fromTarget = goalTarget(context, step.from);
    const toTarget = goalTarget(context, step.to);
    // A goal-implied rate is a final rate: a cohort still converting ("so far") is only compared with its usual, measured at the same age.
    const goalRate = fromTarget && toTarget !== undefined && maturity.state === 'mature' ? toTarget / fromTarget : undefined;
    const relative = (reference: number | undefined) => (reference && reference > 0 ? (reference - value) / reference : 0);
    const shortfall = Math.max(relative(usual), relative(goalRate));
    if (shortfall < MIN_RELATIVE_SHORTFALL) continue;
    const atStake = (reference: number | undefined) =>
      reference !== undefined && reference > value && volume.available ? Math.round(volume.value * (reference - value)) : undefined;
    const atStakeUsual = atStake(usual);
    const atStakeGoal = atStake(goalRate);
    const references = [
      usual !== undefined ? `a usual ${formatRatio(usual)}` : undefined,
      goalRate !== undefined ? `a goal-implied ${formatRatio(goalRate)}` : undefined,
    ].filter((text): text is string => text !== undefined);
    const stakes = [
      atStakeUsual !== undefined && usual !== undefined ? `at the usual ${formatRatio(usual)}, ${formatCount(atStakeUsual)} more ${step.outcome}` : undefined,
      atStakeGoal !== undefined && goalRate !== undefined ? `at the goal-implied ${formatRatio(goalRate)}, ${formatCount(atStakeGoal)} more` : undefined,
    ].filter((text): text is string => text !== undefined);
    areas.push({
      conversion: step.conversion,
      label: metric.label,
      value,
      ...(usual !== undefined ? { usual } : {}),
      ...(goalRate !== undefined ? { goalRate } : {}),
      shortfall,
      ...(atStakeUsual !== undefined ? { atStakeUsual } : {}),
      ...(atStakeGoal !== undefined ? { atStakeGoal } : {}),
      sentence: `${metric.label}: ${context.formatCohort(step.conversion, metric.value)} vs ${references.join(' and ')}${stakes.length > 0 ? `; ${stakes.join('; ')}` : ''}.`,
    });
  }
  return areas.sort((a, b) => b.shortfall - a.shortfall);
};

export const improvementAreasSection = (context: PackContext): PackSection => {
  const base = { id: 'improvement-areas', title: 'Key areas for improvement', question: 'Which stages convert below their usual rate or the goal?' } as const;
  const areas = improvementAreas(context);
  const anyBaseline = STAGE_STEPS.some((step) => context.metric(step.conversion).baseline.available);
  const anyGoal = context.metrics.goals.length > 0;
  const blocks: Block[] = [];
  if (areas.length > 0) {
    // One table rather than bullets repeating its figures; the sentences stay in the model (metrics.json).
    const gain = (value: number | undefined) => (value === undefined ? '—' : `+${formatCount(value)}`);
    blocks.push({
      kind: 'table',
      columns: [
        { label: 'Stage', align: 'left' },
        { label: 'Now', align: 'right' },
        { label: 'Usual', align: 'right' },
        { label: 'Goal rate', align: 'right' },
        { label: 'Gain at usual', align: 'right' },
        { label: 'Gain at goal', align: 'right' },
      ],
      rows: areas.map((area) => [
        area.label,
        context.formatCohort(area.conversion, measured(area.value)),
        area.usual !== undefined ? formatRatio(area.usual) : '—',
        area.goalRate !== undefined ? formatRatio(area.goalRate) : '—',
        gain(area.atStakeUsual),
        gain(area.atStakeGoal),
      ]),
    });
    blocks.push({
      kind: 'paragraph',
      text: 'Largest relative shortfall first. Gain: how many more of the next stage (SQLs, opportunities, deals won) this period’s volume would have given at that rate.',
    });
  } else if (anyBaseline || anyGoal) {
    blocks.push({ kind: 'paragraph', text: 'Every stage converts at or above its usual rate and the goal-implied rate.' });
  }
  const tooEarly = STAGE_STEPS.flatMap((step) => {
    const maturity = context.maturity(step.conversion);
    return maturity.state === 'too-early' && context.metric(step.conversion).value.available ? [`${context.metric(step.conversion).label}: ${tooEarlyText(maturity)}`] : [];
  });
  if (tooEarly.length > 0) blocks.push({ kind: 'missing', text: `Not judged yet: ${tooEarly.join('; ')}.` });
  if (!anyBaseline) {
    blocks.push({
      kind: 'missing',
      text: historyShortfall('Comparing stages with their usual rate', context.config.thresholds.minBaselinePeriods, context.priorPeriods, context.metrics.cadence),
    });
  }
  return { ...base, blocks };
};
