import type { DayWindow, MetricQuery } from './metric-query.js';

/** Leads and MQLs per day and channel, for cost per lead / MQL by channel. */
export const CHANNEL_DAILY_SQL = `
SELECT dt, stage, channel, count(DISTINCT entity_id) AS entities
FROM funnel_events
WHERE dt BETWEEN ? AND ?
  AND entity_type = 'lead' AND stage IN ('lead', 'mql')
GROUP BY dt, stage, channel`;

export interface ChannelDailyRow {
  readonly dt: string;
  readonly stage: string;
  readonly channel: string | null;
  readonly entities: number;
}

export const channelDailyQuery = (window: DayWindow): MetricQuery => ({
  name: 'channel_daily',
  sql: CHANNEL_DAILY_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'funnel_events', window }],
});
