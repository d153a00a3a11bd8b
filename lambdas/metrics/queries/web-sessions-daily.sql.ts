import type { DayWindow, MetricQuery } from './metric-query.js';

/** Web sessions per day (optional dataset). */
export const WEB_SESSIONS_DAILY_SQL = `
SELECT dt, sum(sessions) AS sessions
FROM web_sessions
WHERE dt BETWEEN ? AND ?
GROUP BY dt`;

export interface WebSessionsDailyRow {
  readonly dt: string;
  readonly sessions: number | null;
}

export const webSessionsDailyQuery = (window: DayWindow): MetricQuery => ({
  name: 'web_sessions_daily',
  sql: WEB_SESSIONS_DAILY_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'web_sessions', window }],
});
