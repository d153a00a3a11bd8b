import type { DayWindow, MetricQuery } from './metric-query.js';

/** Entities and amounts per day, entity type and stage: volumes, money, win rate, goals. */
export const STAGE_DAILY_SQL = `
SELECT dt, entity_type, stage, count(DISTINCT entity_id) AS entities, sum(amount) AS amount
FROM funnel_events
WHERE dt BETWEEN ? AND ?
GROUP BY dt, entity_type, stage`;

export interface StageDailyRow {
  readonly dt: string;
  readonly entity_type: string;
  readonly stage: string;
  readonly entities: number;
  readonly amount: number | null;
}

export const stageDailyQuery = (window: DayWindow): MetricQuery => ({
  name: 'stage_daily',
  sql: STAGE_DAILY_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'funnel_events', window }],
});
