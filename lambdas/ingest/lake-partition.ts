import type { ObjectStore } from '../ports/object-store.js';
import { LAKE_KEYS, TABLES, type Dataset } from '../schema/canonical-schema.js';
import { decodeParquet, encodeParquet } from './parquet-codec.js';
import type { LakeRow } from './row-mapper.js';

export interface PartitionChange {
  readonly dataset: Dataset;
  readonly dt: string;
  readonly source: string;
  /** Rows to add or replace, matched on event_id; a later row wins over an earlier one. */
  readonly upserts: readonly LakeRow[];
  /** event_ids to take out (a snapshot moved them to another day). */
  readonly removals?: ReadonlySet<string>;
}

export interface PartitionWrite {
  readonly key: string;
  /** Rows in the file after the change (0: the file was removed). */
  readonly rows: number;
  /** Distinct event_ids among the upserts. */
  readonly upserted: number;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

/**
 * Merges a change into the (dataset, dt, source) file: read, de-duplicate on event_id, sort by
 * event_id, write the whole file in one atomic put. Readers see the old file or the new one.
 */
export const applyPartitionChange = async (lake: ObjectStore, change: PartitionChange): Promise<PartitionWrite> => {
  const table = TABLES[change.dataset];
  const key = LAKE_KEYS.partitionFile(change.dataset, change.dt, change.source);
  const existing = await lake.get(key);
  const byId = new Map<string, LakeRow>();
  if (existing) for (const row of await decodeParquet(table, existing)) byId.set(String(row.event_id), row);
  if (change.removals) for (const id of change.removals) byId.delete(id);
  const upsertedIds = new Set<string>();
  for (const row of change.upserts) {
    const id = String(row.event_id);
    byId.set(id, row);
    upsertedIds.add(id);
  }

  if (byId.size === 0) {
    if (existing) await lake.delete(key);
    return { key, rows: 0, upserted: upsertedIds.size };
  }
  const ids = [...byId.keys()].sort();
  const rows = ids.map((id) => byId.get(id) as LakeRow);
  const bytes = encodeParquet(table, rows);
  // Unchanged content is not rewritten: a re-run touches nothing it does not need to.
  if (!existing || !sameBytes(existing, bytes)) await lake.put(key, bytes, { contentType: 'application/vnd.apache.parquet' });
  return { key, rows: rows.length, upserted: upsertedIds.size };
};
