/**
 * The canonical lake schema: table names, columns and their types.
 *
 * Defined once and used by ingest (Parquet writer), by the metric SQL and by the Glue
 * table definitions in lib/, so the three cannot drift apart.
 */

export const FUNNEL_STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won', 'lost', 'disqualified'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

/** The forward path of the unified funnel, in order (lost and disqualified are exits). */
export const FUNNEL_PATH = ['lead', 'mql', 'sql', 'opportunity', 'won'] as const;
export type FunnelPathStage = (typeof FUNNEL_PATH)[number];

export const SOURCE_TEAMS = ['marketing', 'sales', 'partner', 'unknown'] as const;
export type SourceTeam = (typeof SOURCE_TEAMS)[number];

export const ENTITY_TYPES = ['lead', 'deal'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const DATASETS = ['funnel_events', 'marketing_spend', 'web_sessions'] as const;
export type Dataset = (typeof DATASETS)[number];

/**
 * Logical column types. Each maps to one Parquet physical/logical type and one Glue/Athena type:
 * string → BYTE_ARRAY UTF8 / string; double → DOUBLE / double; bigint → INT64 / bigint;
 * timestamp → INT64 TIMESTAMP(MILLIS, UTC) / timestamp; date → INT32 DATE / date.
 */
export type ColumnType = 'string' | 'double' | 'bigint' | 'timestamp' | 'date';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: ColumnType;
  /** A row without a value here is rejected by ingest. */
  readonly required: boolean;
  readonly description: string;
}

export interface TableDefinition {
  readonly name: Dataset;
  readonly description: string;
  readonly columns: readonly ColumnDefinition[];
  /** Hive partition column, a 'YYYY-MM-DD' string in the reporting time zone. */
  readonly partitionKey: 'dt';
}

const col = (name: string, type: ColumnType, required: boolean, description: string): ColumnDefinition => ({
  name,
  type,
  required,
  description,
});

export const FUNNEL_EVENTS_TABLE: TableDefinition = {
  name: 'funnel_events',
  description: 'One row per entity reaching a funnel stage.',
  partitionKey: 'dt',
  columns: [
    col('event_id', 'string', true, 'Unique event id (from the source, or derived deterministically).'),
    col('entity_id', 'string', true, 'The lead or deal the event belongs to.'),
    col('entity_type', 'string', true, 'lead | deal'),
    col('stage', 'string', true, 'lead | mql | sql | opportunity | won | lost | disqualified'),
    col('occurred_at', 'timestamp', true, 'When the stage was reached (UTC).'),
    col('source_team', 'string', true, 'Who sourced the entity: marketing | sales | partner | unknown'),
    col('channel', 'string', false, 'Acquisition channel.'),
    col('campaign', 'string', false, 'Campaign name.'),
    col('segment', 'string', false, 'Customer segment.'),
    col('region', 'string', false, 'Sales region.'),
    col('owner', 'string', false, 'Owning rep or team (never a personal email).'),
    col('amount', 'double', false, 'Deal amount in the reporting currency.'),
    col('currency', 'string', false, 'ISO 4217 code of amount.'),
    col('reason', 'string', false, 'Loss or disqualification reason.'),
    col('source', 'string', true, 'The landing source the row came from.'),
  ],
};

export const MARKETING_SPEND_TABLE: TableDefinition = {
  name: 'marketing_spend',
  description: 'Marketing spend per day, channel and campaign.',
  partitionKey: 'dt',
  columns: [
    col('event_id', 'string', true, 'Deterministic id of the spend line (date, channel, campaign, source).'),
    col('date', 'date', true, 'Day of the spend in the reporting time zone.'),
    col('channel', 'string', true, 'Channel.'),
    col('campaign', 'string', false, 'Campaign name.'),
    col('amount', 'double', true, 'Spend in the reporting currency.'),
    col('currency', 'string', true, 'ISO 4217 code of amount.'),
    col('source', 'string', true, 'The landing source the row came from.'),
  ],
};

export const WEB_SESSIONS_TABLE: TableDefinition = {
  name: 'web_sessions',
  description: 'Web sessions per day and channel (optional dataset).',
  partitionKey: 'dt',
  columns: [
    col('event_id', 'string', true, 'Deterministic id (date, channel, source).'),
    col('date', 'date', true, 'Day in the reporting time zone.'),
    col('channel', 'string', true, 'Channel.'),
    col('sessions', 'bigint', true, 'Number of sessions.'),
    col('source', 'string', true, 'The landing source the row came from.'),
  ],
};

export const TABLES: Readonly<Record<Dataset, TableDefinition>> = {
  funnel_events: FUNNEL_EVENTS_TABLE,
  marketing_spend: MARKETING_SPEND_TABLE,
  web_sessions: WEB_SESSIONS_TABLE,
};

/** Glue/Athena column type for a logical type. */
export const GLUE_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'string',
  double: 'double',
  bigint: 'bigint',
  timestamp: 'timestamp',
  date: 'date',
};

/**
 * Object keys in the stores. Buckets: landing, lake, reports (and Athena results in AWS).
 * Locally each bucket is a folder under the data dir with the same keys.
 */
export const LAKE_KEYS = {
  /** Prefix of a table's data, also its Glue location: `funnel_events/`. */
  tablePrefix: (dataset: Dataset): string => `${dataset}/`,
  /** One Parquet file per (table, day, landing source): re-ingesting a source rewrites only its own file. */
  partitionFile: (dataset: Dataset, dt: string, source: string): string => `${dataset}/dt=${dt}/${source}.parquet`,
  /** Ingest manifest per dataset and landing date. */
  manifest: (dataset: Dataset, date: string): string => `manifests/${dataset}/${date}.json`,
  manifestPrefix: (dataset: Dataset): string => `manifests/${dataset}/`,
  /** Rejected rows with their reasons. */
  quarantinePrefix: (source: string, date: string): string => `quarantine/${source}/${date}/`,
} as const;

export const LANDING_KEYS = {
  /** `landing/<source>/<YYYY-MM-DD>/<file>` in the landing bucket (the bucket name is not part of the key). */
  datePrefix: (source: string, date: string): string => `${source}/${date}/`,
} as const;

export const REPORT_KEYS = {
  /** The archived pack: `<cadence>/<period>/email.html` … in the reports bucket (`reports/` locally). */
  packPrefix: (cadence: string, periodId: string): string => `${cadence}/${periodId}/`,
  deliveryRecord: (cadence: string, periodId: string, team: string): string =>
    `deliveries/${cadence}/${periodId}/${team}.json`,
} as const;
