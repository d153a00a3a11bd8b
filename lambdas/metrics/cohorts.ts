/**
 * Cohort conversion and velocity from the stage-transition histogram (entities by first-from
 * day and first-to day).
 */
import { addDays, daysBetween } from '../calendar/fiscal-calendar.js';
import type { Period } from '../calendar/period-types.js';
import { ratio, weightedMedian } from './measures.js';
import { unavailable, type Measure } from './metric-types.js';

export interface TransitionCount {
  readonly entityType: string;
  readonly from: string;
  readonly to: string;
  readonly fromDt: string;
  readonly toDt: string | null;
  readonly entities: number;
}

export interface TransitionKey {
  readonly entityType: string;
  readonly from: string;
  readonly to: string;
}

const STAGE_WORDS: Readonly<Record<string, string>> = {
  lead: 'leads',
  mql: 'MQLs',
  sql: 'SQLs',
  opportunity: 'opportunities',
  won: 'won deals',
  disqualified: 'disqualified leads',
};
const words = (stage: string, entityType: string): string =>
  entityType === 'deal' && stage === 'opportunity' ? 'deals created' : (STAGE_WORDS[stage] ?? stage);

const matches = (row: TransitionCount, key: TransitionKey): boolean =>
  row.entityType === key.entityType && row.from === key.from && row.to === key.to;

/**
 * Of the entities that first reached `from` in the period, the share that reached `to` by
 * `period.end + ageDays`. Giving every period the same age keeps older cohorts from looking
 * better only because they had longer to convert. An entity that reached `to` before `from`
 * (a skipped or back-dated stage) counts as converted.
 */
export function cohortConversion(rows: readonly TransitionCount[], key: TransitionKey, period: Period, ageDays: number): Measure {
  const reachedBy = addDays(period.end, ageDays);
  let entered = 0;
  let reached = 0;
  for (const row of rows) {
    if (!matches(row, key) || row.fromDt < period.start || row.fromDt > period.end) continue;
    entered += row.entities;
    if (row.toDt !== null && row.toDt <= reachedBy) reached += row.entities;
  }
  return ratio(reached, entered, `no ${words(key.from, key.entityType)} entered in ${period.id}`);
}

/** Median days from `from` to `to` over the entities that reached `to` in the period. */
export function medianDays(rows: readonly TransitionCount[], key: TransitionKey, period: Period): Measure {
  const histogram = new Map<number, number>();
  let backdated = 0;
  for (const row of rows) {
    if (!matches(row, key) || row.toDt === null || row.toDt < period.start || row.toDt > period.end) continue;
    const days = daysBetween(row.fromDt, row.toDt);
    // A stage recorded before its predecessor has no meaningful duration: left out, never negative.
    if (days < 0) {
      backdated += row.entities;
      continue;
    }
    histogram.set(days, (histogram.get(days) ?? 0) + row.entities);
  }
  const median = weightedMedian(histogram, `no ${words(key.to, key.entityType)} with a recorded ${key.from} stage in ${period.id}`);
  if (!median.available && backdated > 0) return unavailable(`${median.reason} (${backdated} recorded out of order)`);
  return median;
}
