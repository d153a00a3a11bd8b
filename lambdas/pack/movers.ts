import type { MetricId, ReasonCount } from '../metrics/metric-types.js';
import { channelName, formatCurrency, formatRange, formatRatio, historyShortfall, PERIOD_NOUN, toneOf } from './format-figures.js';
import type { PackContext } from './pack-context.js';
import type { Block, PackSection, Tone } from './pack-types.js';

export interface Mover {
  readonly subject: string;
  /** How far from its own baseline, in standard deviations (or ±Infinity when the baseline never varied). */
  readonly score: number;
  readonly tone: Tone;
  readonly sentence: string;
}

export const MAX_MOVERS = 5;
/** A channel's cost per lead is a mover at 1.5× its usual level, or two thirds of it. */
export const CHANNEL_COST_FACTOR = 1.5;

/**
 * The rejection rate mirrors the acceptance rate, and MQL → SQL conversion is the same cohort rate
 * as acceptance: reporting them too would say one thing two or three times.
 */
const MIRRORED: ReadonlySet<MetricId> = new Set(['mql_rejection_rate', 'mql_to_sql_conversion']);

/**
 * Metrics sitting at least `moverZScore` standard deviations from their trailing-8 mean, furthest
 * first, each with a plain sentence: "MQL acceptance rate fell to 41% from a usual 58–62%."
 */
export const metricMovers = (context: PackContext): Mover[] => {
  const threshold = context.config.thresholds.moverZScore;
  const movers: Mover[] = [];
  for (const metric of Object.values(context.metrics.metrics)) {
    const range = metric.baselineRange;
    if (MIRRORED.has(metric.id) || !range || !metric.value.available) continue;
    // A cohort younger than its step's typical lag has mostly not converted yet: not news.
    const maturity = context.maturity(metric.id);
    if (maturity.state === 'too-early') continue;
    const value = metric.value.value;
    const delta = value - range.mean;
    const outside = value < range.low || value > range.high;
    const score = range.stdDev > 0 ? delta / range.stdDev : outside ? Math.sign(delta) * Infinity : 0;
    if (Math.abs(score) < threshold || !outside) continue;
    const usual = formatRange(range.low, range.high, metric.unit, context.metrics.currency);
    movers.push({
      subject: metric.label,
      score,
      tone: toneOf(delta, metric.higherIsBetter),
      sentence: `${metric.label} ${delta > 0 ? 'rose' : 'fell'} to ${context.formatNumber(metric.id, value)}${maturity.state === 'partial' ? ' so far' : ''} from a usual ${usual}.`,
    });
  }
  return movers.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
};

/** Channels whose cost per lead moved by CHANNEL_COST_FACTOR or more against their own baseline. */
export const channelCostMovers = (context: PackContext): Mover[] => {
  const currency = context.metrics.currency;
  const movers: Mover[] = [];
  for (const channel of context.metrics.efficiencyByChannel) {
    const { costPerLead, baselineCostPerLead } = channel;
    if (!costPerLead.available || !baselineCostPerLead.available || baselineCostPerLead.value <= 0) continue;
    const ratio = costPerLead.value / baselineCostPerLead.value;
    if (ratio < CHANNEL_COST_FACTOR && ratio > 1 / CHANNEL_COST_FACTOR) continue;
    const verb = ratio >= 1.85 && ratio <= 2.15 ? 'doubled' : ratio > 1 ? 'rose' : 'fell';
    movers.push({
      subject: `${channelName(channel.channel)} cost per lead`,
      score: Math.log(ratio),
      tone: ratio > 1 ? 'bad' : 'good',
      sentence: `${channelName(channel.channel)} cost per lead ${verb} to ${formatCurrency(costPerLead.value, currency)} from a usual ${formatCurrency(baselineCostPerLead.value, currency)} (${ratio.toFixed(1)}×).`,
    });
  }
  return movers.sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
};

/** The movers as a bullet list, or why there are none. */
export const moverBlocks = (context: PackContext, options: { title?: string } = {}): Block[] => {
  const needed = context.config.thresholds.minBaselinePeriods;
  const hasBaseline = Object.values(context.metrics.metrics).some((metric) => metric.baselineRange !== undefined);
  const movers = [...metricMovers(context).slice(0, MAX_MOVERS), ...channelCostMovers(context).slice(0, MAX_MOVERS)];
  const heading: Block[] = options.title ? [{ kind: 'paragraph', text: `${options.title}:` }] : [];
  if (movers.length > 0) return [...heading, { kind: 'bullets', items: movers.map((mover) => mover.sentence) }];
  if (!hasBaseline) return [{ kind: 'missing', text: historyShortfall('Spotting movers', needed, context.priorPeriods, context.metrics.cadence) }];
  const noun = PERIOD_NOUN[context.metrics.cadence].many;
  return [...heading, { kind: 'paragraph', text: `No metric moved outside its usual range of the trailing ${noun}.` }];
};

const newTopReasons = (reasons: readonly ReasonCount[], kind: 'rejection' | 'loss', previousNoun: string): string[] => {
  const total = reasons.reduce((sum, reason) => sum + reason.count, 0);
  return [...reasons]
    .sort((a, b) => b.count - a.count)
    .slice(0, 3)
    .filter((reason) => reason.isNew)
    .map(
      (reason) =>
        `New top ${kind} reason: “${reason.reason}”, ${reason.count} of ${total} ${kind === 'rejection' ? 'rejections' : 'losses'} (${formatRatio(reason.share)}; ${reason.previousCount} the ${previousNoun} before).`,
    );
};

const handoffSpeed = (context: PackContext): Block => {
  const metric = context.metric('mql_to_sql_days');
  if (!metric.value.available) return { kind: 'missing', text: `Handoff speed: ${metric.value.reason}.` };
  const value = context.formatNumber('mql_to_sql_days', metric.value.value);
  const range = metric.baselineRange;
  const usual = range
    ? ` (usual ${formatRange(range.low, range.high, 'days', context.metrics.currency)})`
    : metric.previous.available
      ? ` (${context.format('mql_to_sql_days', metric.previous)} the ${PERIOD_NOUN[context.metrics.cadence].one} before)`
      : '';
  return { kind: 'paragraph', text: `Handoff speed: a median ${value} from MQL to SQL${usual}.` };
};

export const whatChangedSection = (context: PackContext): PackSection => {
  const noun = PERIOD_NOUN[context.metrics.cadence].one;
  const reasons = [...newTopReasons(context.metrics.reasons.rejection, 'rejection', noun), ...newTopReasons(context.metrics.reasons.loss, 'loss', noun)];
  return {
    id: 'what-changed',
    title: 'What has changed',
    question: `What moved against the usual of the trailing 8 ${PERIOD_NOUN[context.metrics.cadence].many}?`,
    blocks: [
      ...moverBlocks(context),
      ...(reasons.length > 0 ? [{ kind: 'bullets', items: reasons } satisfies Block] : []),
      handoffSpeed(context),
    ],
  };
};
