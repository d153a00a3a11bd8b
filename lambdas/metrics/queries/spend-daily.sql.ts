import type { DayWindow, MetricQuery } from './metric-query.js';

/** Marketing spend per day and channel. */
export const SPEND_DAILY_SQL = `
SELECT dt, channel, sum(amount) AS amount
FROM marketing_spend
WHERE dt BETWEEN ? AND ?
GROUP BY dt, channel`;

export interface SpendDailyRow {
  readonly dt: string;
  readonly channel: string | null;
  readonly amount: number | null;
}

export const spendDailyQuery = (window: DayWindow): MetricQuery => ({
  name: 'spend_daily',
  sql: SPEND_DAILY_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'marketing_spend', window }],
});
