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

const STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won', 'disqualified'] as const;

const transitionValues = STAGE_TRANSITIONS.map((t) => `('${t.entityType}', '${t.from}', '${t.to}')`).join(', ');
const firstDayOf = (column: string): string =>
  `CASE ${column} ${STAGES.map((stage) => `WHEN '${stage}' THEN e.${stage}_dt`).join(' ')} END`;

/**
 * For every pair, how many entities first reached `from` on from_dt and first reached `to` on
 * to_dt (NULL: not yet). One row per (from day, to day): a compact histogram from which
 * TypeScript computes cohorts at any age and median durations, with no engine-specific
 * percentile function. First = earliest dt inside the scanned window.
 *
 * One scan and one aggregation per entity (its first day at each stage), then each entity is
 * paired with the transitions of its type: no self-join, and the CTE is referenced once, so
 * Trino (which inlines CTEs) scans the table once too.
 */
export const STAGE_TRANSITIONS_SQL = `
WITH entities AS (
  SELECT entity_type, entity_id,
    ${STAGES.map((stage) => `min(CASE WHEN stage = '${stage}' THEN dt END) AS ${stage}_dt`).join(',\n    ')}
  FROM funnel_events
  WHERE dt BETWEEN ? AND ?
    AND stage IN (${STAGES.map((stage) => `'${stage}'`).join(', ')})
  GROUP BY entity_type, entity_id
),
pairs AS (
  SELECT t.entity_type, t.from_stage, t.to_stage, ${firstDayOf('t.from_stage')} AS from_dt, ${firstDayOf('t.to_stage')} AS to_dt
  FROM entities e
  JOIN (VALUES ${transitionValues}) AS t (entity_type, from_stage, to_stage) ON t.entity_type = e.entity_type
)
SELECT entity_type, from_stage, to_stage, from_dt, to_dt, count(1) AS entities
FROM pairs
WHERE from_dt IS NOT NULL AND (from_dt >= ? OR to_dt >= ?)
GROUP BY entity_type, from_stage, to_stage, from_dt, to_dt`;

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
