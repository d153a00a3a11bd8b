/**
 * Pure arithmetic on measures: ratios, changes, baselines and medians. Every function returns
 * an unavailable Measure with a reason instead of 0, NaN or Infinity.
 */
import { measured, unavailable, type Measure, type MetricUnit } from './metric-types.js';

/** numerator ÷ denominator; unavailable (with `emptyReason`) when the denominator is 0. */
export function ratio(numerator: number, denominator: number, emptyReason: string): Measure {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) return unavailable('not a finite number');
  if (denominator === 0) return unavailable(emptyReason);
  return measured(numerator / denominator);
}

/** Combines two measures; unavailable when either is. */
export function combine(a: Measure, b: Measure, operation: (a: number, b: number) => Measure): Measure {
  if (!a.available) return a;
  if (!b.available) return b;
  return operation(a.value, b.value);
}

export type ChangeKind = 'relative' | 'points' | 'days';

export function changeKindOf(unit: MetricUnit): ChangeKind {
  if (unit === 'ratio') return 'points';
  if (unit === 'days') return 'days';
  return 'relative';
}

/**
 * value vs previous: relative change for counts and money (0.12 = +12%), the difference for
 * ratios (percentage points as a fraction) and durations (days).
 */
export function change(value: Measure, previous: Measure, kind: ChangeKind): Measure {
  if (!value.available) return unavailable(`no value this period: ${value.reason}`);
  if (!previous.available) return unavailable(`no value for the previous period: ${previous.reason}`);
  if (kind !== 'relative') return measured(value.value - previous.value);
  if (previous.value === 0) return unavailable('the previous period was 0, so a relative change has no meaning');
  return measured((value.value - previous.value) / Math.abs(previous.value));
}

export interface SpreadSummary {
  readonly low: number;
  readonly high: number;
  readonly mean: number;
  readonly stdDev: number;
  readonly periods: number;
}

/** Available values of a list of measures. */
export const availableValues = (measures: readonly Measure[]): number[] =>
  measures.flatMap((measure) => (measure.available ? [measure.value] : []));

/**
 * Mean of trailing periods. Needs `required` available periods, else unavailable with
 * "needs 4 prior weeks, have 1".
 */
export function baselineMean(trailing: readonly Measure[], required: number, periodWord: string): Measure {
  const values = availableValues(trailing);
  if (values.length < required || values.length === 0) {
    return unavailable(`needs ${required} prior ${periodWord}, have ${values.length}`);
  }
  return measured(values.reduce((sum, value) => sum + value, 0) / values.length);
}

/** Low, high, mean and (population) standard deviation of the available trailing values. */
export function spread(trailing: readonly Measure[], required: number): SpreadSummary | undefined {
  const values = availableValues(trailing);
  if (values.length < Math.max(1, required)) return undefined;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { low: Math.min(...values), high: Math.max(...values), mean, stdDev: Math.sqrt(variance), periods: values.length };
}

/**
 * Median of a weighted histogram (value → how many). With an even total the median is the
 * mean of the two middle values, as `quantile_cont(0.5)` would give.
 */
export function weightedMedian(histogram: ReadonlyMap<number, number>, emptyReason: string): Measure {
  const entries = [...histogram.entries()].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return unavailable(emptyReason);
  const valueAtRank = (rank: number): number => {
    let seen = 0;
    for (const [value, count] of entries) {
      seen += count;
      if (rank < seen) return value;
    }
    return entries[entries.length - 1]![0];
  };
  const lower = valueAtRank(Math.floor((total - 1) / 2));
  const upper = valueAtRank(Math.floor(total / 2));
  return measured((lower + upper) / 2);
}
