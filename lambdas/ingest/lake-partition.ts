import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStore } from '../ports/object-store.js';
import { LAKE_KEYS, TABLES, type Dataset } from '../schema/canonical-schema.js';
import { asLakeColumns, type HeldRows } from './packed-columns.js';
import { inThreadEncoder, type ParquetEncoder } from './parquet-encoder.js';
import { fillEventIds, PartitionRows } from './partition-rows.js';
import { publishPartition } from './publish-partition.js';

export interface PartitionChange {
  readonly dataset: Dataset;
  readonly dt: string;
  readonly source: string;
  /**
   * Rows to add or replace, matched on event_id; a later row wins over an earlier one. Event rows
   * may come without an id, to be derived where they are merged (fillEventIds).
   */
  readonly upserts: HeldRows;
  /** event_ids to take out (a snapshot moved them to another day). */
  readonly removals?: ReadonlySet<string>;
  /**
   * The change's earlier rows, spilled as sorted runs on local disk (writeRun), oldest first: the
   * partition is then merged a row group at a time (see partition-spill.ts). The caller removes them.
   */
  readonly runs?: readonly string[];
}

export interface PartitionWrite {
  readonly key: string;
  /** Rows in the file after the change (0: the file was removed). */
  readonly rows: number;
  /** Distinct event_ids among the upserts. */
  readonly upserted: number;
}

/** Applies a change to one partition file; applyPartitionChange or a PartitionCache. */
export type PartitionApplier = (change: PartitionChange) => Promise<PartitionWrite>;

const mergeChange = (rows: PartitionRows, change: PartitionChange): number => {
  if (change.removals) for (const id of change.removals) rows.remove(id);
  return rows.upsert(fillEventIds(asLakeColumns(change.upserts), change.source));
};

/** Writes the partition's rows (sorted by event_id) over `existing`, or deletes the file when none are left. */
const writePartition = async (
  lake: ObjectStore,
  encoder: ParquetEncoder,
  key: string,
  existing: Uint8Array | undefined,
  rows: PartitionRows,
  keep?: (id: string) => boolean,
): Promise<void> => {
  const sorted = rows.sorted(keep);
  await publishPartition({ lake, key }, existing, sorted.length === 0 ? undefined : await encoder.encode(sorted));
};

/** Lake file bytes per event, about (42 on the benchmark's export): rounded up, so a file counts as large late rather than early. */
const FILE_BYTES_PER_ROW = 64;

/**
 * A partition file past this size holds more rows than the run may hold in memory (`rowBudget`):
 * it is never read whole, a change to it is merged from a local copy a row group at a time.
 */
export const largePartitionBytes = (rowBudget: number): number => rowBudget * FILE_BYTES_PER_ROW;

/** The size of the object at `key`, undefined when there is none. */
const storedSize = async (lake: ObjectStore, key: string): Promise<number | undefined> => (await lake.list(key)).find((o) => o.key === key)?.size;

/**
 * How a change is merged: `spilled`, a row group at a time, when it comes in runs or the file is
 * larger than `largeBytes`; `new` (nothing to read) when sizes are checked and there is no file.
 */
const mergeKind = async (lake: ObjectStore, key: string, change: PartitionChange, largeBytes: number): Promise<'spilled' | 'new' | 'in-memory'> => {
  if ((change.runs?.length ?? 0) > 0) return 'spilled';
  if (largeBytes === Infinity) return 'in-memory';
  const size = await storedSize(lake, key);
  return size === undefined ? 'new' : size > largeBytes ? 'spilled' : 'in-memory';
};

const sha256OfFile = async (file: string): Promise<string> => {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
};

/** Whether two local files hold the same bytes (sizes first; hashed only when they agree). */
const sameFiles = async (a: string, b: string): Promise<boolean> =>
  (await stat(a)).size === (await stat(b)).size && (await sha256OfFile(a)) === (await sha256OfFile(b));

/**
 * The spilled merge (see partition-spill.ts): the lake file is copied to local disk, merged with
 * the runs and the last rows into a new local file, which is streamed to the lake in one atomic
 * put (multipart on S3), unless it holds the same bytes.
 */
const applySpilledChange = async (lake: ObjectStore, key: string, change: PartitionChange, encoder: ParquetEncoder): Promise<PartitionWrite> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'funnel-review-merge-'));
  try {
    let existingPath: string | undefined;
    if ((await storedSize(lake, key)) !== undefined) {
      existingPath = path.join(dir, 'lake.parquet');
      await pipeline(await lake.getStream(key), createWriteStream(existingPath));
    }
    const outPath = path.join(dir, 'merged.parquet');
    const merged = await encoder.mergeSpilled({
      table: TABLES[change.dataset],
      source: change.source,
      existingPath,
      existingName: key,
      runs: change.runs ?? [],
      upserts: change.upserts,
      removals: change.removals,
      outPath,
    });
    if (merged.rows === 0) {
      if (existingPath !== undefined) await lake.delete(key);
    } else if (existingPath === undefined || !(await sameFiles(existingPath, outPath))) {
      await lake.putStream(key, createReadStream(outPath), { contentType: 'application/vnd.apache.parquet' });
    }
    return { key, rows: merged.rows, upserted: merged.upserted };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

/**
 * Merges a change into the (dataset, dt, source) file: read, de-duplicate on event_id, sort by
 * event_id, write the whole file in one atomic put. Readers see the old file or the new one. A
 * change in runs, or to a file larger than `largeBytes`, is merged a row group at a time.
 */
export const applyPartitionChange = async (
  lake: ObjectStore,
  change: PartitionChange,
  encoder: ParquetEncoder = inThreadEncoder(),
  largeBytes = Infinity,
): Promise<PartitionWrite> => {
  const key = LAKE_KEYS.partitionFile(change.dataset, change.dt, change.source);
  const kind = await mergeKind(lake, key, change, largeBytes);
  if (kind === 'spilled') return applySpilledChange(lake, key, change, encoder);
  // A day new to the lake is not asked for (a failed read on disk, a 404 on S3).
  const existing = kind === 'new' ? undefined : await lake.get(key);
  const merged = await encoder.mergeInto({ table: TABLES[change.dataset], source: change.source, existing, upserts: change.upserts, removals: change.removals }, { lake, key });
  return { key, ...merged };
};

interface CachedPartition {
  readonly existing: Uint8Array | undefined;
  readonly rows: PartitionRows;
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

  /** Changes are applied one at a time, in call order, even when callers do not wait for each. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly lake: ObjectStore,
    private readonly maxRows: number,
    private readonly encoder: ParquetEncoder = inThreadEncoder(),
  ) {}

  readonly apply: PartitionApplier = (change) => {
    const applied = this.queue.then(() => this.applyNow(change));
    this.queue = applied.catch(() => undefined);
    return applied;
  };

  private async applyNow(change: PartitionChange): Promise<PartitionWrite> {
    const key = LAKE_KEYS.partitionFile(change.dataset, change.dt, change.source);
    let partition = this.partitions.get(key);
    const kind = partition === undefined || (change.runs?.length ?? 0) > 0 ? await mergeKind(this.lake, key, change, largePartitionBytes(this.maxRows)) : 'in-memory';
    if (kind === 'spilled') {
      // Too large to hold: what the cache has of the file goes to the lake first, then the change.
      await this.write(key);
      return applySpilledChange(this.lake, key, change, this.encoder);
    }
    if (partition === undefined) {
      const existing = kind === 'new' ? undefined : await this.lake.get(key);
      const rows = await PartitionRows.of(TABLES[change.dataset], existing);
      partition = { existing, rows, originalIds: new Set(rows.ids()) };
    } else this.partitions.delete(key);
    this.partitions.set(key, partition);
    this.rows -= partition.rows.size;
    const upserted = mergeChange(partition.rows, change);
    this.rows += partition.rows.size;
    const rows = partition.rows.size;
    while (this.rows > this.maxRows && this.partitions.size > 1) await this.writeOldest();
    return { key, rows, upserted };
  }

  /**
   * Writes every cached partition, in key order. `removalsFirst` (snapshot moves): first every
   * file that loses rows is written without the rows it gains, then every file in full, so a
   * crash part-way can lose a moved row until the re-run but never hold it in two files.
   */
  async flush(options: { removalsFirst?: boolean } = {}): Promise<void> {
    await this.queue;
    const keys = [...this.partitions.keys()].sort();
    if (options.removalsFirst) {
      for (const key of keys) {
        const partition = this.partitions.get(key) as CachedPartition;
        if ([...partition.originalIds].every((id) => partition.rows.has(id))) continue;
        await writePartition(this.lake, this.encoder, key, partition.existing, partition.rows, (id) => partition.originalIds.has(id));
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
    await writePartition(this.lake, this.encoder, key, partition.existing, partition.rows);
    this.partitions.delete(key);
    this.rows -= partition.rows.size;
  }
}
