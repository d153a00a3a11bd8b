import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { SourceMapping } from '../config/source-mapping-schema.js';
import { TABLES, type Dataset, type EntityType, type FunnelStage } from '../schema/canonical-schema.js';
import { SourceConfigError } from './ingest-errors.js';
import { SOURCE_PRESETS } from './source-presets.js';
import { sourceMappingSchema } from '../config/source-mapping-schema.js';

/** Read as empty unless a source lists its own `nullValues`. */
export const DEFAULT_NULL_VALUES = ['', '#N/A', 'N/A', 'n/a', 'NA', 'NULL', 'null', 'None', 'none', '-', '(not set)'];

export type FileFormat = { readonly type: 'csv'; readonly delimiter?: string; readonly quote: string } | { readonly type: 'ndjson' | 'json' };

export interface ResolvedSnapshot {
  readonly entityIdColumn: string;
  readonly entityType: EntityType;
  readonly stageDates: readonly { readonly stage: FunnelStage; readonly column: string }[];
  readonly outcome?: {
    readonly dateColumn: string;
    readonly wonColumn: string;
    readonly closedColumn?: string;
    readonly wonValues: ReadonlySet<string>;
    readonly closedValues: ReadonlySet<string>;
  };
}

/** A source's mapping with its preset applied and every default filled in. */
export interface ResolvedSource {
  readonly id: string;
  readonly dataset: Dataset;
  readonly shape: 'events' | 'snapshot';
  readonly format: FileFormat;
  /** Canonical field → source column. */
  readonly columns: Readonly<Record<string, string>>;
  readonly constants: Readonly<Record<string, string | number>>;
  /** Canonical field → source value → canonical value; keys as given and lower-cased. */
  readonly valueMaps: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly dateFormat: string;
  readonly timeZone: string;
  readonly decimal: '.' | ',';
  readonly thousands: ',' | '.' | ' ' | "'" | '';
  readonly nullValues: ReadonlySet<string>;
  readonly drop: ReadonlySet<string>;
  readonly snapshot?: ResolvedSnapshot;
  /** The reporting currency: rows in another currency are rejected (no FX). */
  readonly currency: string;
  readonly reportingTimeZone: string;
}

const lowerCaseSet = (values: readonly string[]): ReadonlySet<string> => new Set(values.map((v) => v.toLowerCase()));

/** Which canonical fields a source may map (everything but the ones ingest fills in). */
const mappableFields = (dataset: Dataset): Set<string> =>
  new Set(TABLES[dataset].columns.map((c) => c.name).filter((name) => name !== 'source'));

export const resolveSource = (id: string, mapping: SourceMapping, config: FunnelReviewConfig): ResolvedSource => {
  const preset = mapping.preset === undefined ? undefined : sourceMappingSchema.parse(SOURCE_PRESETS[mapping.preset]);
  const problems: string[] = [];

  const dataset = mapping.dataset ?? preset?.dataset;
  const shape = mapping.shape ?? preset?.shape ?? 'events';
  const format = mapping.format ?? preset?.format ?? { type: 'csv' as const, quote: '"' };
  if (dataset === undefined) throw new SourceConfigError(id, ['dataset is missing (funnel_events, marketing_spend or web_sessions)']);

  const columns: Record<string, string> = { ...preset?.columns, ...mapping.columns };
  const constants = { ...preset?.constants, ...mapping.constants };
  const drop = new Set([...(preset?.drop ?? []), ...mapping.drop]);
  const fields = mappableFields(dataset);
  for (const field of Object.keys(columns)) {
    if (!fields.has(field)) problems.push(`columns.${field}: not a field of ${dataset} (${[...fields].join(', ')})`);
    else if (drop.has(columns[field] ?? '')) problems.push(`columns.${field}: column "${columns[field]}" is listed in drop (personal data)`);
  }

  const valueMaps = new Map<string, Map<string, string>>();
  const fieldsWithMaps = new Set([...Object.keys(preset?.valueMaps ?? {}), ...Object.keys(mapping.valueMaps)]);
  for (const field of fieldsWithMaps) {
    const merged = new Map<string, string>();
    for (const [from, to] of Object.entries({ ...preset?.valueMaps[field], ...mapping.valueMaps[field] })) {
      merged.set(from, to);
      if (!merged.has(from.toLowerCase())) merged.set(from.toLowerCase(), to);
    }
    valueMaps.set(field, merged);
  }

  let snapshot: ResolvedSnapshot | undefined;
  if (shape === 'snapshot') {
    const given = mapping.snapshot;
    const base = preset?.snapshot;
    const entityIdColumn = given?.entityId ?? base?.entityId;
    const entityType = given?.entityType ?? base?.entityType;
    const stageDates = { ...base?.stageDates, ...given?.stageDates };
    const outcome = given?.outcome ?? base?.outcome;
    if (dataset !== 'funnel_events') problems.push(`shape: snapshot rows only feed funnel_events, not ${dataset}`);
    if (entityIdColumn === undefined || entityType === undefined) problems.push('snapshot.entityId and snapshot.entityType are required for snapshot rows');
    const stages = Object.entries(stageDates).flatMap(([stage, column]) => (column === undefined ? [] : [{ stage: stage as FunnelStage, column }]));
    if (stages.length === 0 && outcome === undefined) problems.push('snapshot needs stageDates or an outcome to derive events from');
    if (entityIdColumn !== undefined && entityType !== undefined) {
      snapshot = {
        entityIdColumn,
        entityType,
        stageDates: stages,
        outcome: outcome && {
          dateColumn: outcome.dateColumn,
          wonColumn: outcome.wonColumn,
          closedColumn: outcome.closedColumn,
          wonValues: lowerCaseSet(outcome.trueValues),
          closedValues: lowerCaseSet(outcome.closedValues ?? outcome.trueValues),
        },
      };
    }
  } else {
    // Event rows need a column or a constant for every required field ingest does not derive.
    for (const column of TABLES[dataset].columns) {
      if (!column.required || column.name === 'event_id' || column.name === 'source') continue;
      if (column.name === 'source_team' || column.name === 'currency') continue; // defaulted
      if (columns[column.name] === undefined && constants[column.name] === undefined) {
        problems.push(`columns.${column.name}: required, map it to a source column or give a constant`);
      }
    }
  }
  if (problems.length > 0) throw new SourceConfigError(id, problems);

  const decimal = mapping.numbers?.decimal ?? preset?.numbers?.decimal ?? '.';
  return {
    id,
    dataset,
    shape,
    format,
    columns,
    constants,
    valueMaps,
    dateFormat: mapping.dates?.format ?? preset?.dates?.format ?? 'iso',
    timeZone: mapping.dates?.timeZone ?? preset?.dates?.timeZone ?? config.reporting.timeZone,
    decimal,
    thousands: mapping.numbers?.thousands ?? preset?.numbers?.thousands ?? (decimal === '.' ? ',' : '.'),
    nullValues: new Set(mapping.nullValues ?? preset?.nullValues ?? DEFAULT_NULL_VALUES),
    drop,
    snapshot,
    currency: config.reporting.currency,
    reportingTimeZone: config.reporting.timeZone,
  };
};
