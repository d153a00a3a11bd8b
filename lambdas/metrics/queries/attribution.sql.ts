import type { DayWindow, MetricQuery } from './metric-query.js';

/** Leads, deals created and deals won of the pack's period by source team and channel. */
export const ATTRIBUTION_SQL = `
SELECT entity_type, stage, source_team, channel, count(*) AS entities, sum(amount) AS amount
FROM funnel_events
WHERE dt BETWEEN ? AND ?
  AND ((entity_type = 'lead' AND stage = 'lead') OR (entity_type = 'deal' AND stage IN ('opportunity', 'won')))
GROUP BY entity_type, stage, source_team, channel`;

export interface AttributionQueryRow {
  readonly entity_type: string;
  readonly stage: string;
  readonly source_team: string | null;
  readonly channel: string | null;
  readonly entities: number;
  readonly amount: number | null;
}

export const attributionQuery = (window: DayWindow): MetricQuery => ({
  name: 'attribution',
  sql: ATTRIBUTION_SQL,
  parameters: [window.start, window.end],
  reads: [{ table: 'funnel_events', window }],
});
