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
 * `ids` in the order of `ids.sort()`, a few times faster for derived ids (uniform hex): bucketed
 * on their first two UTF-16 units, so each sort sees a handful of ids instead of the whole file.
 */
export const sortIds = (ids: readonly string[]): string[] => {
  const buckets = new Map<number, string[]>();
  for (const id of ids) {
    // Ordered like the strings: a shorter prefix (no second unit) before any second unit.
    const key = id.length === 0 ? -1 : id.charCodeAt(0) * 65_537 + (id.length > 1 ? id.charCodeAt(1) + 1 : 0);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [id]);
    else bucket.push(id);
  }
  const sorted: string[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(key) as string[];
    if (bucket.length > 1) bucket.sort();
    for (const id of bucket) sorted.push(id);
  }
  return sorted;
};

/** Applies a change to one partition file; applyPartitionChange or a PartitionCache. */
export type PartitionApplier = (change: PartitionChange) => Promise<PartitionWrite>;

const mergeChange = (byId: Map<string, LakeRow>, change: PartitionChange): number => {
  if (change.removals) for (const id of change.removals) byId.delete(id);
  if (byId.size === 0) {
    // A new (or emptied) file: every id in it is an upsert, so no second set is needed to count them.
    for (const row of change.upserts) byId.set(String(row.event_id), row);
    return byId.size;
  }
  const upsertedIds = new Set<string>();
  for (const row of change.upserts) {
    const id = String(row.event_id);
    byId.set(id, row);
    upsertedIds.add(id);
  }
  return upsertedIds.size;
};

/** Writes the merged rows (sorted by event_id) over `existing`, or deletes the file when none are left. */
const writePartition = async (lake: ObjectStore, dataset: Dataset, key: string, existing: Uint8Array | undefined, byId: Map<string, LakeRow>): Promise<void> => {
  if (byId.size === 0) {
    if (existing) await lake.delete(key);
    return;
  }
  const ids = sortIds([...byId.keys()]);
  const bytes = encodeParquet(
    TABLES[dataset],
    ids.map((id) => byId.get(id) as LakeRow),
  );
  // Unchanged content is not rewritten: a re-run touches nothing it does not need to.
  if (!existing || !sameBytes(existing, bytes)) await lake.put(key, bytes, { contentType: 'application/vnd.apache.parquet' });
};

const readPartition = async (lake: ObjectStore, dataset: Dataset, key: string): Promise<{ existing: Uint8Array | undefined; byId: Map<string, LakeRow> }> => {
  const existing = await lake.get(key);
  const byId = new Map<string, LakeRow>();
  if (existing) for (const row of await decodeParquet(TABLES[dataset], existing)) byId.set(String(row.event_id), row);
  return { existing, byId };
};

/**
 * Merges a change into the (dataset, dt, source) file: read, de-duplicate on event_id, sort by
 * event_id, write the whole file in one atomic put. Readers see the old file or the new one.
 */
export const applyPartitionChange = async (lake: ObjectStore, change: PartitionChange): Promise<PartitionWrite> => {
  const key = LAKE_KEYS.partitionFile(change.dataset, change.dt, change.source);
  const { existing, byId } = await readPartition(lake, change.dataset, key);
  const upserted = mergeChange(byId, change);
  await writePartition(lake, change.dataset, key, existing, byId);
  return { key, rows: byId.size, upserted };
};

interface CachedPartition {
  readonly dataset: Dataset;
  readonly existing: Uint8Array | undefined;
  readonly byId: Map<string, LakeRow>;
  /** event_ids in the file when it was read. */
  readonly originalIds: ReadonlySet<string>;
}

/**
 * Applies changes in memory and writes each partition file once, on flush: several landing dates
 * ingested in one run then read and write a (dataset, dt, source) file once instead of once per
 * date. The files end up exactly as if every change had been applied to the lake in turn. Memory
 * is bounded: past `maxRows` cached rows, the partitions used longest ago are written out early
 * (and read again if a later change needs them).
 */
export class PartitionCache {
  /** In least-recently-used order (a Map keeps insertion order; a hit moves the key to the end). */
  private readonly partitions = new Map<string, CachedPartition>();
  private rows = 0;

  constructor(
    private readonly lake: ObjectStore,
    private readonly maxRows: number,
  ) {}

  readonly apply: PartitionApplier = async (change) => {
    const key = LAKE_KEYS.partitionFile(change.dataset, change.dt, change.source);
    let partition = this.partitions.get(key);
    if (partition === undefined) {
      const read = await readPartition(this.lake, change.dataset, key);
      partition = { dataset: change.dataset, ...read, originalIds: new Set(read.byId.keys()) };
    }
    else this.partitions.delete(key);
    this.partitions.set(key, partition);
    this.rows -= partition.byId.size;
    const upserted = mergeChange(partition.byId, change);
    this.rows += partition.byId.size;
    const rows = partition.byId.size;
    while (this.rows > this.maxRows && this.partitions.size > 1) await this.writeOldest();
    return { key, rows, upserted };
  };

  /**
   * Writes every cached partition, in key order. `removalsFirst` (snapshot moves): first every
   * file that loses rows is written without the rows it gains, then every file in full, so a
   * crash part-way can lose a moved row until the re-run but never hold it in two files.
   */
  async flush(options: { removalsFirst?: boolean } = {}): Promise<void> {
    const keys = [...this.partitions.keys()].sort();
    if (options.removalsFirst) {
      for (const key of keys) {
        const partition = this.partitions.get(key) as CachedPartition;
        if ([...partition.originalIds].every((id) => partition.byId.has(id))) continue;
        const kept = new Map([...partition.byId].filter(([id]) => partition.originalIds.has(id)));
        await writePartition(this.lake, partition.dataset, key, partition.existing, kept);
      }
    }
    for (const key of keys) await this.write(key);
  }

  private async writeOldest(): Promise<void> {
    const [key] = this.partitions.keys();
    if (key !== undefined) await this.write(key);
  }

  private async write(key: string): Promise<void> {
    const partition = this.partitions.get(key);
    if (partition === undefined) return;
    await writePartition(this.lake, partition.dataset, key, partition.existing, partition.byId);
    this.partitions.delete(key);
    this.rows -= partition.byId.size;
  }
}
