import type { DayWindow, MetricQuery } from './metric-query.js';

/**
 * Deals by creation day and outcome day (won / lost / still open), with their amounts: the
 * forecast's input. Grouped, so identical (created, won, lost) days collapse into one row.
 */
export const DEAL_OUTCOMES_SQL = `
SELECT created_dt, won_dt, lost_dt, count(entity_id) AS deals,
  sum(opportunity_amount) AS opportunity_amount, sum(won_amount) AS won_amount
FROM (
  SELECT entity_id,
    min(CASE WHEN stage = 'opportunity' THEN dt END) AS created_dt,
    min(CASE WHEN stage = 'won' THEN dt END) AS won_dt,
    min(CASE WHEN stage = 'lost' THEN dt END) AS lost_dt,
    max(CASE WHEN stage = 'opportunity' THEN amount END) AS opportunity_amount,
    max(CASE WHEN stage = 'won' THEN amount END) AS won_amount
  FROM funnel_events
  WHERE dt BETWEEN ? AND ?
    AND entity_type = 'deal' AND stage IN ('opportunity', 'won', 'lost')
  GROUP BY entity_id
) deals
WHERE created_dt IS NOT NULL
GROUP BY created_dt, won_dt, lost_dt`;

export interface DealOutcomeRow {
  readonly created_dt: string;
  readonly won_dt: string | null;
  readonly lost_dt: string | null;
  readonly deals: number;
  readonly opportunity_amount: number | null;
  readonly won_amount: number | null;
}

export const dealOutcomesQuery = (window: DayWindow): MetricQuery => ({
  name: 'deal_outcomes',
  sql: DEAL_OUTCOMES_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'funnel_events', window }],
});
