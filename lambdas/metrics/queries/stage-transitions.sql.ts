import type { DayWindow, MetricQuery } from './metric-query.js';

/**
 * The stage pairs measured on the same entity: cohort conversions (lead lifecycle) and
 * velocity. `deal` opportunity → won is the sales cycle.
 */
export const STAGE_TRANSITIONS = [
  { entityType: 'lead', from: 'lead', to: 'mql' },
  { entityType: 'lead', from: 'mql', to: 'sql' },
  { entityType: 'lead', from: 'sql', to: 'opportunity' },
  { entityType: 'lead', from: 'opportunity', to: 'won' },
  { entityType: 'lead', from: 'lead', to: 'won' },
  { entityType: 'lead', from: 'mql', to: 'disqualified' },
  { entityType: 'deal', from: 'opportunity', to: 'won' },
] as const;
export type StageTransition = (typeof STAGE_TRANSITIONS)[number];

const transitionValues = STAGE_TRANSITIONS.map((t) => `('${t.entityType}', '${t.from}', '${t.to}')`).join(', ');

/**
 * For every pair, how many entities first reached `from` on from_dt and first reached `to` on
 * to_dt (NULL: not yet). One row per (from day, to day): a compact histogram from which
 * TypeScript computes cohorts at any age and median durations, with no engine-specific
 * percentile function. First = earliest dt inside the scanned window.
 */
export const STAGE_TRANSITIONS_SQL = `
WITH firsts AS (
  SELECT entity_type, entity_id, stage, min(dt) AS first_dt
  FROM funnel_events
  WHERE dt BETWEEN ? AND ?
    AND stage IN ('lead', 'mql', 'sql', 'opportunity', 'won', 'disqualified')
  GROUP BY entity_type, entity_id, stage
),
transitions AS (
  SELECT entity_type, from_stage, to_stage
  FROM (VALUES ${transitionValues}) AS pairs (entity_type, from_stage, to_stage)
)
SELECT t.entity_type, t.from_stage, t.to_stage, a.first_dt AS from_dt, b.first_dt AS to_dt, count(a.entity_id) AS entities
FROM transitions t
JOIN firsts a ON a.entity_type = t.entity_type AND a.stage = t.from_stage
LEFT JOIN firsts b ON b.entity_type = a.entity_type AND b.entity_id = a.entity_id AND b.stage = t.to_stage
WHERE a.first_dt >= ? OR b.first_dt >= ?
GROUP BY t.entity_type, t.from_stage, t.to_stage, a.first_dt, b.first_dt`;

export interface StageTransitionRow {
  readonly entity_type: string;
  readonly from_stage: string;
  readonly to_stage: string;
  readonly from_dt: string;
  readonly to_dt: string | null;
  readonly entities: number;
}

/**
 * @param window the scanned days: from the velocity lookback before the oldest period to the report's cutoff
 * @param relevantFrom rows where neither stage was reached on or after this day are left out
 */
export const stageTransitionsQuery = (window: DayWindow, relevantFrom: string): MetricQuery => ({
  name: 'stage_transitions',
  sql: STAGE_TRANSITIONS_SQL,
  parameters: [window.start, window.end, relevantFrom, relevantFrom],
  reads: [{ table: 'funnel_events', window }],
});
