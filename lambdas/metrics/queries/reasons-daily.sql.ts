import type { DayWindow, MetricQuery } from './metric-query.js';

/** MQL rejection (lead disqualified) and deal loss reasons per day. */
export const REASONS_DAILY_SQL = `
SELECT dt, entity_type, stage, reason, count(DISTINCT entity_id) AS entities
FROM funnel_events
WHERE dt BETWEEN ? AND ?
  AND ((entity_type = 'lead' AND stage = 'disqualified') OR (entity_type = 'deal' AND stage = 'lost'))
GROUP BY dt, entity_type, stage, reason`;

export interface ReasonsDailyRow {
  readonly dt: string;
  readonly entity_type: string;
  readonly stage: string;
  readonly reason: string | null;
  readonly entities: number;
}

export const reasonsDailyQuery = (window: DayWindow): MetricQuery => ({
  name: 'reasons_daily',
  sql: REASONS_DAILY_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'funnel_events', window }],
});
