import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { ObjectStore } from '../ports/object-store.js';
import { LANDING_KEYS, TABLES, type Dataset } from '../schema/canonical-schema.js';
import { SourceConfigError, UnparseableFileError, type RowRejection } from './ingest-errors.js';
import type { ManifestFile } from './ingest-manifest.js';
import { applyPartitionChange, PartitionCache, type PartitionApplier } from './lake-partition.js';
import { MAX_REJECTIONS_KEPT_PER_FILE, type FailedFile, type FileRejections } from './quarantine.js';
import { readRecords } from './record-reader.js';
import { resolveSource, type ResolvedSource } from './resolve-source.js';
import { createRowMapper, type EntitySnapshot, type LakeRow, type PlacedRow } from './row-mapper.js';
import { SnapshotIndex } from './snapshot-index.js';
import { SOURCE_PRESETS } from './source-presets.js';

/**
 * One shard of an ingest run. With several worker threads, every shard reads every event-row
 * file of a `funnel_events` source but maps and writes only the rows of the `dt` days it owns
 * (and the unplaceable rows of its share of lines), so no two threads ever write one partition
 * file; every other source is read by shard 0 alone. With one shard, that is the whole run.
 */
export interface IngestShard {
  readonly index: number;
  readonly count: number;
}

/** What one shard found for one (source, landing date); the run combines the shards' parts. */
export interface ShardSourceResult {
  readonly source: string;
  /** null when the source's mapping is invalid and names no dataset. */
  readonly dataset: Dataset | null;
  readonly status: 'ok' | 'no-files' | 'failed';
  readonly filesRead: number;
  /** Data records read from the files (header lines excluded): every shard reads them all. */
  readonly rowsRead: number;
  /** Lake rows this shard wrote (events, spend lines, session lines), after de-duplication within the batch. */
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  /** Rejected rows this shard owns, per file (at most MAX_REJECTIONS_KEPT_PER_FILE kept per file). */
  readonly rejectedRows: FileRejections[];
  readonly failedFiles: FailedFile[];
  /** `dt` partitions this shard's data landed in or was moved out of. */
  readonly partitions: string[];
  /** Mapped columns the files did not have (read as blank). */
  readonly missingColumns: string[];
  /** Snapshot entities ignored because a newer landing date already set them. */
  readonly staleEntities: number;
  /** Landing files read, with their checksums (as in the manifest). */
  readonly files: ManifestFile[];
  readonly error?: string;
  /** The source failed before it finished (config, lake or unexpected error): nothing to quarantine. */
  readonly aborted?: boolean;
}

export interface ShardRunInput {
  readonly config: FunnelReviewConfig;
  readonly landing: ObjectStore;
  readonly lake: ObjectStore;
  /** Landing dates to ingest, YYYY-MM-DD, already validated. */
  readonly dates: readonly string[];
  readonly now: Date;
  readonly shard: IngestShard;
  readonly onProgress?: (p: { date: string; source: string; rows: number }) => void;
  /** Event rows this shard holds in memory before partitions are merged early. */
  readonly flushRowLimit: number;
}

export interface ShardRunResult {
  /** Per date, the sources this shard ingested. */
  readonly dates: { readonly date: string; readonly sources: ShardSourceResult[] }[];
}

/** Event rows buffered before the fullest partitions are merged into the lake early (bounded memory). */
export const FLUSH_ROW_LIMIT = 150_000;
const PROGRESS_EVERY = 100_000;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface BatchStats {
  rowsWritten: number;
  readonly partitions: Set<string>;
  staleEntities: number;
}

/** Collects one source's rows for one landing date and merges them into the lake. */
interface Batch {
  /** Adds a file's rows once the whole file has been read. */
  commit(records: readonly (PlacedRow | EntitySnapshot)[]): Promise<void>;
  finish(): Promise<void>;
  readonly stats: BatchStats;
  /** Rows held in memory, waiting to be merged. */
  readonly buffered: number;
}

/** Event rows, spend and sessions: upsert into each `dt` file. */
const rowBatch = (apply: PartitionApplier, source: ResolvedSource, flushRowLimit: number): Batch => {
  // Event rows are kept in arrival order and de-duplicated when merged (a later row wins).
  const pending = new Map<string, LakeRow[]>();
  // Spend and sessions are per-day aggregates: lines of one batch with the same id (same day,
  // channel, campaign) add up; a later batch for the same day replaces them.
  const aggregates = new Map<string, Map<string, LakeRow>>();
  /** When each pending `dt` last received a row: exports sorted by time finish days in order. */
  const lastTouched = new Map<string, number>();
  const stats: BatchStats = { rowsWritten: 0, partitions: new Set(), staleEntities: 0 };
  let buffered = 0;
  let sequence = 0;
  const sumField = source.dataset === 'marketing_spend' ? 'amount' : source.dataset === 'web_sessions' ? 'sessions' : undefined;

  const write = async (dt: string, upserts: readonly LakeRow[]): Promise<void> => {
    const written = await apply({ dataset: source.dataset, dt, source: source.id, upserts });
    stats.rowsWritten += written.upserted;
    stats.partitions.add(dt);
  };
  const flush = async (dt: string): Promise<void> => {
    const rows = pending.get(dt);
    if (!rows) return;
    pending.delete(dt);
    lastTouched.delete(dt);
    buffered -= rows.length;
    await write(dt, rows);
  };

  return {
    stats,
    get buffered() {
      return buffered;
    },
    async commit(records) {
      sequence += 1;
      for (const record of records) {
        const { dt, row } = record as PlacedRow;
        if (sumField !== undefined) {
          const rows = aggregates.get(dt) ?? new Map<string, LakeRow>();
          aggregates.set(dt, rows);
          const id = row.event_id as string;
          const earlier = rows.get(id);
          rows.set(id, earlier === undefined ? row : { ...row, [sumField]: Number(earlier[sumField]) + Number(row[sumField]) });
          continue;
        }
        let rows = pending.get(dt);
        if (!rows) {
          rows = [];
          pending.set(dt, rows);
        }
        rows.push(row);
        lastTouched.set(dt, sequence);
        buffered += 1;
      }
      // Over budget: merge the days longest untouched first, down to half the budget.
      if (buffered > flushRowLimit) {
        const coldest = [...lastTouched.entries()].sort((a, b) => a[1] - b[1] || byString(a[0], b[0]));
        for (const [dt] of coldest) {
          if (buffered <= flushRowLimit / 2) break;
          await flush(dt);
        }
      }
    },
    async finish() {
      for (const dt of [...pending.keys()].sort()) await flush(dt);
      for (const dt of [...aggregates.keys()].sort()) await write(dt, [...(aggregates.get(dt) ?? new Map<string, LakeRow>()).values()]);
      aggregates.clear();
    },
  };
};

/**
 * Snapshot rows: each entity's events replace what earlier snapshots said about it. Moves are
 * written in two phases, removals first, so a crash in between can lose a moved event until the
 * re-run but never count it twice; the index is saved last, so the re-run redoes the same moves.
 */
/** Where a snapshot batch gets the index and leaves it: the lake, or a run over several dates. */
interface SnapshotIndexHolder {
  load(): Promise<SnapshotIndex>;
  /** Called once the date's moves are in the lake. */
  save(index: SnapshotIndex): Promise<void>;
}

const snapshotBatch = (apply: PartitionApplier, indexHolder: SnapshotIndexHolder, source: ResolvedSource, date: string): Batch => {
  const latest = new Map<string, EntitySnapshot>();
  const stats: BatchStats = { rowsWritten: 0, partitions: new Set(), staleEntities: 0 };
  return {
    stats,
    buffered: 0,
    async commit(records) {
      for (const record of records) {
        const snapshot = record as EntitySnapshot;
        latest.set(snapshot.entityId, snapshot);
      }
    },
    async finish() {
      if (latest.size === 0) return;
      const index = await indexHolder.load();
      const removals = new Map<string, Set<string>>();
      const upserts = new Map<string, LakeRow[]>();
      const remove = (dt: string, id: string): void => {
        const ids = removals.get(dt) ?? new Set<string>();
        ids.add(id);
        removals.set(dt, ids);
      };
      for (const entityId of [...latest.keys()].sort()) {
        const snapshot = latest.get(entityId) as EntitySnapshot;
        const known = index.eventsOf(entityId);
        if (known.some(([, event]) => event.asOf > date)) {
          stats.staleEntities += 1;
          continue;
        }
        const now = new Map(snapshot.events.map((placed) => [placed.row.event_id as string, placed]));
        for (const [id, event] of known) {
          const placed = now.get(id);
          if (placed === undefined) {
            // The entity no longer reports this stage (e.g. a deal reopened): retract it.
            remove(event.dt, id);
            index.remove(id);
          } else if (placed.dt !== event.dt) {
            remove(event.dt, id);
          }
        }
        for (const [id, placed] of now) {
          const rows = upserts.get(placed.dt) ?? [];
          rows.push(placed.row);
          upserts.set(placed.dt, rows);
          index.set(id, { entityId, dt: placed.dt, asOf: date });
          stats.rowsWritten += 1;
        }
      }
      for (const dt of [...removals.keys()].sort()) {
        await apply({ dataset: source.dataset, dt, source: source.id, upserts: [], removals: removals.get(dt) });
        stats.partitions.add(dt);
      }
      for (const dt of [...upserts.keys()].sort()) {
        await apply({ dataset: source.dataset, dt, source: source.id, upserts: upserts.get(dt) ?? [] });
        stats.partitions.add(dt);
      }
      await indexHolder.save(index);
    },
  };
};

/** Source columns without which a file cannot be ingested at all. */
const requiredColumnsOf = (source: ResolvedSource): string[] => {
  if (source.snapshot) {
    const outcome = source.snapshot.outcome;
    return [source.snapshot.entityIdColumn, ...(outcome ? [outcome.dateColumn, outcome.wonColumn, ...(outcome.closedColumn ? [outcome.closedColumn] : [])] : [])];
  }
  // source_team and currency fall back to `unknown` and the reporting currency, so their columns may be absent.
  return TABLES[source.dataset].columns
    .filter((c) => c.required && c.name !== 'source_team' && c.name !== 'currency' && source.columns[c.name] !== undefined)
    .map((c) => source.columns[c.name] as string);
};

/** Whether every shard shares the source's rows (by day) or shard 0 reads it alone. */
export const isShardedSource = (source: ResolvedSource): boolean => source.shape === 'events' && source.dataset === 'funnel_events';

/** The shard that owns a `dt` day: days alternate between shards, so a year spreads evenly. */
const dayOwner = (count: number): ((dt: string) => number) => {
  const owners = new Map<string, number>();
  return (dt) => {
    let owner = owners.get(dt);
    if (owner === undefined) {
      owner = Math.floor(Date.parse(`${dt}T00:00:00Z`) / 86_400_000) % count;
      owners.set(dt, owner);
    }
    return owner;
  };
};

const ingestSourceDate = async (
  input: ShardRunInput,
  source: ResolvedSource,
  date: string,
  apply: PartitionApplier,
  indexHolder: SnapshotIndexHolder,
): Promise<ShardSourceResult> => {
  const { landing, now, shard } = input;
  const prefix = LANDING_KEYS.datePrefix(source.id, date);
  const objects = (await landing.list(prefix)).filter((o) => {
    const name = o.key.slice(o.key.lastIndexOf('/') + 1);
    return name !== '' && !name.startsWith('.');
  });
  const files: ManifestFile[] = [];
  const missingColumns = new Set<string>();
  const rejectedRows: FileRejections[] = [];
  const failedFiles: FailedFile[] = [];
  let rowsRead = 0;
  let rowsRejected = 0;
  const flushRowLimit = input.flushRowLimit;
  const ownerOf = shard.count > 1 && isShardedSource(source) ? dayOwner(shard.count) : undefined;
  const batch = source.shape === 'snapshot' ? snapshotBatch(apply, indexHolder, source, date) : rowBatch(apply, source, flushRowLimit);
  const required = new Set(requiredColumnsOf(source));

  for (const object of objects) {
    const mapper = createRowMapper(source, object.key, now);
    const rejections: RowRejection[] = [];
    let rejectedInFile = 0;
    let fileRecords: (PlacedRow | EntitySnapshot)[] = [];
    const onRejected = (rejection: RowRejection): void => {
      rejectedInFile += 1;
      if (rejections.length < MAX_REJECTIONS_KEPT_PER_FILE) rejections.push(rejection);
    };
    /** Whether this shard maps the row: its day is ours, or (no day) its line is. */
    const owns = (values: readonly (string | undefined)[], line: number): boolean => {
      if (ownerOf === undefined) return true;
      const dt = mapper.placement(values);
      return (dt === undefined ? line % shard.count : ownerOf(dt)) === shard.index;
    };
    let pendingFlush: Promise<void> | undefined;
    try {
      const stats = await readRecords(await landing.getStream(object.key), source.format, object.key, mapper.columns, {
        onHeader: (missing) => {
          const absent = missing.filter((column) => required.has(column));
          if (absent.length === 0 && source.snapshot && source.snapshot.stageDates.length > 0 && !source.snapshot.outcome) {
            const stageColumns = source.snapshot.stageDates.map((s) => s.column);
            if (stageColumns.every((column) => missing.includes(column))) return `none of the stage date columns is present (${stageColumns.join(', ')})`;
          }
          for (const column of missing) missingColumns.add(column);
          return absent.length === 0 ? undefined : `missing required column${absent.length > 1 ? 's' : ''} ${absent.map((c) => `"${c}"`).join(', ')}`;
        },
        onRecord: (values, line) => {
          if ((rowsRead + line) % PROGRESS_EVERY === 0) input.onProgress?.({ date, source: source.id, rows: rowsRead + line });
          if (!owns(values, line)) return;
          const mapped = mapper.map(values, line);
          if (mapped.kind === 'rejected') onRejected(mapped.rejection);
          else fileRecords.push(mapped.kind === 'row' ? mapped.placed : mapped.snapshot);
        },
        onBadRecord: (line, reason) => {
          if (ownerOf === undefined || line % shard.count === shard.index) onRejected({ file: object.key, line, field: '(record)', reason });
        },
        // A file larger than the memory budget is committed in slices (see docs: bounded memory).
        onChunkDone: async () => {
          if (source.shape !== 'snapshot' && fileRecords.length + batch.buffered > flushRowLimit) {
            const slice = fileRecords;
            fileRecords = [];
            pendingFlush = batch.commit(slice);
            await pendingFlush;
          }
        },
      });
      await batch.commit(fileRecords);
      fileRecords = [];
      rowsRead += stats.records;
      rowsRejected += rejectedInFile;
      files.push({ key: object.key, bytes: stats.bytes, sha256: stats.sha256 });
      if (rejectedInFile > 0) rejectedRows.push({ file: object.key, rejections, total: rejectedInFile });
    } catch (error) {
      if (!(error instanceof UnparseableFileError)) throw error;
      // The whole file is quarantined: none of its rows land (unless it was already sliced).
      files.push({ key: object.key, bytes: object.size });
      failedFiles.push({ file: object.key, bytes: object.size, line: error.line, reason: error.reason, message: error.message });
    }
  }
  await batch.finish();
  input.onProgress?.({ date, source: source.id, rows: rowsRead });

  const status = objects.length === 0 ? 'no-files' : failedFiles.length > 0 ? 'failed' : 'ok';
  return {
    source: source.id,
    dataset: source.dataset,
    status,
    filesRead: objects.length,
    rowsRead,
    rowsWritten: batch.stats.rowsWritten,
    rowsRejected,
    rejectedRows,
    failedFiles,
    partitions: [...batch.stats.partitions].sort(),
    missingColumns: [...missingColumns].sort(),
    staleEntities: batch.stats.staleEntities,
    files,
    error: failedFiles.length > 0 ? `unparseable file${failedFiles.length > 1 ? 's' : ''}: ${failedFiles.map((f) => f.message).join('; ')}` : undefined,
  };
};

export const failedResult = (source: string, dataset: Dataset | null, error: unknown): ShardSourceResult => ({
  source,
  dataset,
  status: 'failed',
  filesRead: 0,
  rowsRead: 0,
  rowsWritten: 0,
  rowsRejected: 0,
  rejectedRows: [],
  failedFiles: [],
  partitions: [],
  missingColumns: [],
  staleEntities: 0,
  files: [],
  error: error instanceof Error ? error.message : String(error),
  aborted: true,
});

/**
 * This shard's part of an ingest run: every configured source it reads, for each landing date,
 * landing files → validated, de-duplicated Parquet in the lake. Quarantine and manifests are
 * written by the run once every shard is done. A failing source is reported and the others go on.
 */
export async function runIngestShard(input: ShardRunInput): Promise<ShardRunResult> {
  const { config, lake, shard } = input;
  const sourceIds = Object.keys(config.sources).sort();
  const resolved = new Map<string, ResolvedSource | SourceConfigError>();
  for (const id of sourceIds) {
    try {
      resolved.set(id, resolveSource(id, config.sources[id] as FunnelReviewConfig['sources'][string], config));
    } catch (error) {
      if (!(error instanceof SourceConfigError)) throw error;
      resolved.set(id, error);
    }
  }
  const datasetOf = (id: string): Dataset | null => {
    const entry = resolved.get(id);
    if (entry && !(entry instanceof SourceConfigError)) return entry.dataset;
    const mapping = config.sources[id];
    return mapping?.dataset ?? (mapping?.preset ? (SOURCE_PRESETS[mapping.preset].dataset ?? null) : null);
  };
  const readsSource = (id: string): boolean => {
    const source = resolved.get(id);
    return shard.index === 0 || (source !== undefined && !(source instanceof SourceConfigError) && isShardedSource(source));
  };
  const ownSourceIds = sourceIds.filter(readsSource);

  // Several dates in one run: partitions are merged in memory and each file is written once at
  // the end, then the snapshot indexes. A snapshot source's cache is not bounded by rows: its
  // files hold only its own events, which its index holds in memory anyway.
  const batched = input.dates.length > 1;
  const caches = new Map<string, PartitionCache>();
  const indexes = new Map<string, Promise<SnapshotIndex>>();
  const applierOf = (source: ResolvedSource): PartitionApplier => {
    if (!batched) return (change) => applyPartitionChange(lake, change);
    let cache = caches.get(source.id);
    if (cache === undefined) {
      cache = new PartitionCache(lake, source.shape === 'snapshot' ? Infinity : input.flushRowLimit);
      caches.set(source.id, cache);
    }
    return cache.apply;
  };
  const indexHolderOf = (source: ResolvedSource): SnapshotIndexHolder => {
    if (!batched) return { load: () => SnapshotIndex.load(lake, source.id), save: (index) => index.save(lake) };
    return {
      load: () => {
        let index = indexes.get(source.id);
        if (index === undefined) {
          index = SnapshotIndex.load(lake, source.id);
          indexes.set(source.id, index);
        }
        return index;
      },
      save: async () => undefined,
    };
  };

  const perDate: { date: string; sources: ShardSourceResult[] }[] = [];
  for (const date of input.dates) {
    const ingestOne = async (id: string): Promise<ShardSourceResult> => {
      const source = resolved.get(id);
      if (source === undefined || source instanceof SourceConfigError) return failedResult(id, datasetOf(id), source);
      try {
        return await ingestSourceDate(input, source, date, applierOf(source), indexHolderOf(source));
      } catch (error) {
        return failedResult(id, source.dataset, error);
      }
    };
    const sources: ShardSourceResult[] = [];
    for (const id of ownSourceIds) sources.push(await ingestOne(id));
    perDate.push({ date, sources });
  }
  for (const [id, cache] of [...caches.entries()].sort((a, b) => byString(a[0], b[0]))) {
    try {
      const source = resolved.get(id) as ResolvedSource;
      await cache.flush({ removalsFirst: source.shape === 'snapshot' });
      const index = indexes.get(id);
      if (index !== undefined) await (await index).save(lake);
    } catch (error) {
      for (const day of perDate) {
        day.sources = day.sources.map((r) => (r.source === id && r.status !== 'failed' ? failedResult(id, r.dataset, error) : r));
      }
    }
  }
  return { dates: perDate };
}
