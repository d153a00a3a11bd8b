import type { DayWindow, MetricQuery } from './metric-query.js';

/**
 * Entities and amounts per day, entity type and stage: volumes, money, win rate, goals. Lead
 * and MQL rows are split by channel (cost per lead by channel), lost and disqualified rows by
 * reason (top reasons); other rows carry NULL there, which keeps the result compact while one
 * scan serves all three. Ingest keeps one event per entity and stage (event ids are derived
 * from them), so counting rows counts entities, without a costly count(DISTINCT).
 */
export const STAGE_DAILY_SQL = `
SELECT dt, entity_type, stage, channel, reason, count(*) AS entities, sum(amount) AS amount
FROM (
  SELECT dt, entity_type, stage, entity_id, amount,
    CASE WHEN entity_type = 'lead' AND stage IN ('lead', 'mql') THEN channel END AS channel,
    CASE WHEN stage IN ('lost', 'disqualified') THEN reason END AS reason
  FROM funnel_events
  WHERE dt BETWEEN ? AND ?
) events
GROUP BY dt, entity_type, stage, channel, reason`;

export interface StageDailyRow {
  readonly dt: string;
  readonly entity_type: string;
  readonly stage: string;
  /** Set for lead-entity lead and mql rows only (NULL when the source had none). */
  readonly channel: string | null;
  /** Set for lost and disqualified rows only (NULL when the source gave none). */
  readonly reason: string | null;
  readonly entities: number;
  readonly amount: number | null;
}

export const stageDailyQuery = (window: DayWindow): MetricQuery => ({
  name: 'stage_daily',
  sql: STAGE_DAILY_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'funnel_events', window }],
});
