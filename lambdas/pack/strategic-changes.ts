import type { MetricId } from '../metrics/metric-types.js';
import { formatCount, formatCurrency, formatRatio, periodName } from './format-figures.js';
import { horizonTargets } from './forecast-section.js';
import type { PackContext } from './pack-context.js';
import type { Block, PackSection } from './pack-types.js';

export interface GoalGap {
  readonly metric: 'revenue' | 'deals_won' | 'pipeline_created';
  readonly target: number;
  readonly expected: number;
  /** (target − expected) ÷ target. */
  readonly shortfall: number;
}

/** More of each stage needed to close a gap, worked backwards from won deals; each step rounded up. */
export interface BackwardsFunnel {
  readonly dealsWon: number;
  readonly opportunities: number;
  readonly sqls: number;
  readonly mqls: number;
  readonly rates: { readonly averageDealSize?: number; readonly winRate: number; readonly sqlToOpportunity: number; readonly mqlAcceptance: number };
}

export type BackwardsResult = { readonly ok: true; readonly funnel: BackwardsFunnel } | { readonly ok: false; readonly missing: string };

/** Round up, ignoring floating-point dust: 32 ÷ 0.32 is 100 deals, not 101. */
const roundUp = (value: number) => Math.ceil(value - 1e-9);

const rate = (context: PackContext, id: MetricId): number | undefined => {
  const value = context.metric(id).value;
  // A cohort too young to have converted would inflate every step worked back from it.
  return value.available && value.value > 0 && context.maturity(id).state !== 'too-early' ? value.value : undefined;
};

/**
 * Revenue gap → deals (÷ average deal size) → opportunities (÷ win rate) → SQLs (÷ SQL → opportunity)
 * → MQLs (÷ MQL acceptance), each rounded up because half a deal closes nothing.
 */
export const workBackwards = (context: PackContext, gap: GoalGap): BackwardsResult => {
  const missing: string[] = [];
  const averageDealSize = gap.metric === 'revenue' ? rate(context, 'average_deal_size') : undefined;
  if (gap.metric === 'revenue' && averageDealSize === undefined) missing.push('average deal size');
  const winRate = rate(context, 'win_rate');
  if (winRate === undefined) missing.push('win rate');
  const sqlToOpportunity = rate(context, 'sql_to_opportunity_conversion');
  if (sqlToOpportunity === undefined) missing.push('SQL → opportunity conversion');
  const mqlAcceptance = rate(context, 'mql_acceptance_rate');
  if (mqlAcceptance === undefined) missing.push('MQL acceptance rate');
  if (winRate === undefined || sqlToOpportunity === undefined || mqlAcceptance === undefined || (gap.metric === 'revenue' && averageDealSize === undefined)) {
    return { ok: false, missing: missing.join(', ') };
  }
  const missingAmount = gap.target - gap.expected;
  const dealsWon = roundUp(gap.metric === 'revenue' ? missingAmount / averageDealSize! : missingAmount);
  const opportunities = roundUp(dealsWon / winRate);
  const sqls = roundUp(opportunities / sqlToOpportunity);
  const mqls = roundUp(sqls / mqlAcceptance);
  return {
    ok: true,
    funnel: { dealsWon, opportunities, sqls, mqls, rates: { ...(averageDealSize !== undefined ? { averageDealSize } : {}), winRate, sqlToOpportunity, mqlAcceptance } },
  };
};

/** Forecast values missing their horizon's goal by more than the strategic-gap threshold. */
export const goalGaps = (context: PackContext): GoalGap[] => {
  const forecast = context.metrics.forecast;
  if (!forecast?.available) return [];
  const targets = horizonTargets(context, forecast.horizon);
  if (!targets) return [];
  const threshold = context.config.thresholds.strategicGap;
  return forecast.values.flatMap((value) => {
    const target = targets[value.metric];
    if (target === undefined || target <= 0) return [];
    const shortfall = (target - value.expected) / target;
    return shortfall > threshold ? [{ metric: value.metric, target, expected: value.expected, shortfall }] : [];
  });
};

export const strategicChangesSection = (context: PackContext): PackSection => {
  const base = { id: 'strategic-changes', title: 'Strategic changes needed?', question: 'Does the forecast miss a goal by enough to change course?' } as const;
  const forecast = context.metrics.forecast;
  const threshold = formatRatio(context.config.thresholds.strategicGap);
  if (!forecast?.available) {
    const why = forecast && !forecast.available ? forecast.reason : 'no forecast was computed';
    return { ...base, blocks: [{ kind: 'missing', text: `No strategic check without a forecast: ${why}.` }] };
  }
  const targets = horizonTargets(context, forecast.horizon);
  if (!targets) {
    return { ...base, blocks: [{ kind: 'missing', text: `No goals set for ${forecast.horizon.label} (config goals.quarterly["${forecast.horizon.id}"] or goals.everyQuarter), so nothing to check the forecast against.` }] };
  }
  const gaps = goalGaps(context);
  if (gaps.length === 0) {
    return {
      ...base,
      blocks: [{ kind: 'callout', tone: 'good', title: 'No strategic change needed', text: `The ${periodName(forecast.horizon.label)} forecast is within ${threshold} of every goal.` }],
    };
  }
  const currency = context.metrics.currency;
  const blocks: Block[] = gaps.map((gap) => ({
    kind: 'callout',
    tone: 'warning',
    title: `Strategic change needed: ${context.metric(gap.metric).label.toLowerCase()}`,
    text: `The forecast of ${context.formatNumber(gap.metric, gap.expected)} misses the ${periodName(forecast.horizon.label)} goal of ${context.formatNumber(gap.metric, gap.target)} by ${formatRatio(gap.shortfall)} (threshold ${threshold}).`,
  }));
  // The funnel arithmetic is worked once, from the revenue gap if there is one, else from deals won.
  const driver = gaps.find((gap) => gap.metric === 'revenue') ?? gaps.find((gap) => gap.metric === 'deals_won');
  if (driver) {
    const result = workBackwards(context, driver);
    if (!result.ok) {
      blocks.push({ kind: 'missing', text: `Cannot work the gap back up the funnel: no ${result.missing} for ${periodName(context.metrics.period.label)}.` });
    } else {
      const { funnel } = result;
      const gapText =
        driver.metric === 'revenue'
          ? `the ${formatCurrency(driver.target - driver.expected, currency)} revenue gap at a ${formatRatio(funnel.rates.winRate)} win rate and a ${formatCurrency(funnel.rates.averageDealSize!, currency)} average deal`
          : `the ${formatCount(Math.ceil(driver.target - driver.expected))}-deal gap at a ${formatRatio(funnel.rates.winRate)} win rate`;
      blocks.push({
        kind: 'paragraph',
        text:
          `Closing ${gapText} takes ${formatCount(funnel.dealsWon)} more deals won from ${formatCount(funnel.opportunities)} more opportunities, ` +
          `i.e. ${formatCount(funnel.sqls)} more SQLs at the current ${formatRatio(funnel.rates.sqlToOpportunity)} SQL → opportunity conversion, ` +
          `i.e. ${formatCount(funnel.mqls)} more MQLs at the current ${formatRatio(funnel.rates.mqlAcceptance)} acceptance.`,
      });
      // The sentence above already names every rate; this only says where they come from.
      blocks.push({ kind: 'paragraph', text: `All rates are ${periodName(context.metrics.period.label)}'s own; each step is rounded up.` });
    }
  }
  return { ...base, blocks };
};
