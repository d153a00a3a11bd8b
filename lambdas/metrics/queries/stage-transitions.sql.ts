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
const firstDays = STAGES.map((stage) => `${stage}_dt`).join(', ');
const firstDayOf = (column: string): string =>
  `CASE ${column} ${STAGES.map((stage) => `WHEN '${stage}' THEN p.${stage}_dt`).join(' ')} END`;

/**
 * For every pair, how many entities first reached `from` on from_dt and first reached `to` on
 * to_dt (NULL: not yet). One row per (from day, to day): a compact histogram from which
 * TypeScript computes cohorts at any age and median durations, with no engine-specific
 * percentile function. First = earliest dt inside the scanned window.
 *
 * Cost is the one aggregation per entity (millions of groups), so it is kept lean: a single
 * scan of four columns, the first days as DATE (fixed-width minimums, far cheaper than VARCHAR
 * ones), then entities with the same first days are counted together (profiles: thousands of
 * rows) before they are paired with the transitions of their type. No self-join, and each CTE
 * is referenced once, so Trino (which inlines CTEs) scans the table once too.
 */
export const STAGE_TRANSITIONS_SQL = `
WITH entities AS (
  SELECT entity_type,
    ${STAGES.map((stage) => `min(CASE WHEN stage = '${stage}' THEN day END) AS ${stage}_dt`).join(',\n    ')}
  FROM (
    SELECT entity_type, entity_id, stage, CAST(dt AS DATE) AS day
    FROM funnel_events
    WHERE dt BETWEEN ? AND ?
      AND stage IN (${STAGES.map((stage) => `'${stage}'`).join(', ')})
  ) events
  GROUP BY entity_type, entity_id
),
profiles AS (
  SELECT entity_type, ${firstDays}, count(1) AS entities
  FROM entities
  GROUP BY entity_type, ${firstDays}
),
pairs AS (
  SELECT p.entity_type, t.from_stage, t.to_stage, ${firstDayOf('t.from_stage')} AS from_day, ${firstDayOf('t.to_stage')} AS to_day, p.entities
  FROM profiles p
  JOIN (VALUES ${transitionValues}) AS t (entity_type, from_stage, to_stage) ON t.entity_type = p.entity_type
)
SELECT entity_type, from_stage, to_stage, CAST(from_day AS VARCHAR) AS from_dt, CAST(to_day AS VARCHAR) AS to_dt, sum(entities) AS entities
FROM pairs
WHERE from_day IS NOT NULL AND (from_day >= CAST(? AS DATE) OR to_day >= CAST(? AS DATE))
GROUP BY entity_type, from_stage, to_stage, from_day, to_day`;

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
