import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { ObjectStore } from '../ports/object-store.js';
import { LANDING_KEYS, TABLES, type Dataset } from '../schema/canonical-schema.js';
import { SourceConfigError, UnparseableFileError, type RowRejection } from './ingest-errors.js';
import type { ManifestFile } from './ingest-manifest.js';
import { LakeColumns } from './lake-columns.js';
import { PackedColumns, type HeldRows } from './packed-columns.js';
import { applyPartitionChange, largePartitionBytes, PartitionCache, type PartitionApplier } from './lake-partition.js';
import { inThreadEncoder, type ParquetEncoder } from './parquet-encoder.js';
import { MAX_REJECTIONS_KEPT_PER_FILE, type FailedFile, type FileRejections } from './quarantine.js';
import { readRecords } from './record-reader.js';
import { resolveSource, type ResolvedSource } from './resolve-source.js';
import { createRowMapper, type EntitySnapshot, type LakeCells, type PlacedRow } from './row-mapper.js';
import { SnapshotIndex } from './snapshot-index.js';
import { planEntityMoves, type EntityEvent, type EntityMoves } from './snapshot-moves.js';
import { snapshotBucketsFor, spilledSnapshotBatch } from './snapshot-spill.js';
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
  /** Where partition files are encoded; default in this thread. */
  readonly encoder?: ParquetEncoder;
  /** Snapshot export bytes per bucket (see snapshot-spill.ts); default SNAPSHOT_BYTES_PER_BUCKET. */
  readonly snapshotBytesPerBucket?: number;
}

export interface ShardRunResult {
  /** Per date, the sources this shard ingested. */
  readonly dates: { readonly date: string; readonly sources: ShardSourceResult[] }[];
}

/** Event rows buffered before the fullest partitions are merged into the lake early (bounded memory). */
export const FLUSH_ROW_LIMIT = 100_000;
/** Chunks read without a row for a day, after which a file merged in slices merges that day. */
const COLD_AFTER_CHUNKS = 2;
const PROGRESS_EVERY = 100_000;
/** Landing bytes of one (source, date) from which the encoder thread is started before reading. */
const PREPARE_ENCODER_BYTES = 8 * 1024 * 1024;

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Where a shard's spilled runs go (see partition-spill.ts): files in a temporary folder, made on
 * the first run and removed when the shard is done.
 */
export class RunFiles {
  private dir: Promise<string> | undefined;
  private count = 0;

  constructor(private readonly encoder: ParquetEncoder) {}

  /** Writes a day's rows as a sorted run; resolves to its file. */
  async spill(rows: HeldRows, source: string): Promise<string> {
    this.dir ??= mkdtemp(path.join(tmpdir(), 'funnel-review-runs-'));
    const file = path.join(await this.dir, `run-${++this.count}.parquet`);
    await this.encoder.spillRun(rows, source, file);
    return file;
  }

  async remove(files: readonly string[]): Promise<void> {
    await Promise.all(files.map((file) => rm(file, { force: true })));
  }

  async close(): Promise<void> {
    const dir = this.dir;
    this.dir = undefined;
    if (dir !== undefined) await rm(await dir, { recursive: true, force: true });
  }
}

export interface BatchStats {
  rowsWritten: number;
  readonly partitions: Set<string>;
  staleEntities: number;
}

/**
 * Collects one source's rows for one landing date and merges them into the lake. Records of the
 * file being read are provisional until `commitFile`: an unparseable file's rows are dropped.
 */
export interface Batch {
  add(record: PlacedRow | EntitySnapshot): void;
  commitFile(): Promise<void>;
  /** Drops the rows `add`ed since the last commit (or early flush). */
  discardFile(): void;
  /** Between chunks: merges partitions early when more rows are held than the budget allows. */
  relieve(): Promise<void>;
  finish(): Promise<void>;
  /** Waits for writes still running after a failure, so none outlives the source's result. */
  drain(): Promise<void>;
  readonly stats: BatchStats;
}

/**
 * Event rows, spend and sessions: upsert into each `dt` file. A day merged early with many rows
 * (a busy day: a nightly export is mostly one) is spilled as sorted runs instead, and merged
 * with its file once, at the end, a row group at a time: each row is handled a fixed number of
 * times and memory stays at the buffer, however many rows the day has.
 */
const rowBatch = (apply: PartitionApplier, source: ResolvedSource, flushRowLimit: number, runFiles: RunFiles): Batch => {
  const table = TABLES[source.dataset];
  // Event rows are kept in arrival order, in columns, and de-duplicated when merged (a later row wins).
  const pending = new Map<string, PackedColumns>();
  /** Rows of each pending `dt` that belong to files already committed. */
  const committed = new Map<string, number>();
  // Spend and sessions are per-day aggregates: lines of one batch with the same id (same day,
  // channel, campaign) add up; a later batch for the same day replaces them.
  const aggregates = new Map<string, Map<string, LakeCells>>();
  let staged: PlacedRow[] = [];
  /** When each pending `dt` last received a row: exports sorted by time finish days in order. */
  const lastTouched = new Map<string, number>();
  /** Whether the file being read has already been merged in slices (it outgrew the budget). */
  let slicing = false;
  const stats: BatchStats = { rowsWritten: 0, partitions: new Set(), staleEntities: 0 };
  let buffered = 0;
  let sequence = 0;
  const sumField = source.dataset === 'marketing_spend' ? 'amount' : source.dataset === 'web_sessions' ? 'sessions' : undefined;
  // The `dt` of the previous row, and its columns: exports sorted by time repeat it row after row.
  let lastDt = '';
  let lastColumns: PackedColumns | undefined;

  /** An early flush of at least this many rows of one day spills them as a run. */
  const runMinRows = Math.max(1, Math.floor(flushRowLimit / 10));
  /** Days spilled as runs: merged once, when the batch finishes. */
  const spilledDays = new Set<string>();
  const runs = new Map<string, string[]>();

  const write = async (dt: string, upserts: HeldRows): Promise<void> => {
    const dayRuns = runs.get(dt);
    runs.delete(dt);
    try {
      const written = await apply({ dataset: source.dataset, dt, source: source.id, upserts, runs: dayRuns });
      stats.rowsWritten += written.upserted;
      stats.partitions.add(dt);
    } finally {
      if (dayRuns) await runFiles.remove(dayRuns);
    }
  };
  const spill = async (dt: string, rows: HeldRows): Promise<void> => {
    const file = await runFiles.spill(rows, source.id);
    runs.set(dt, [...(runs.get(dt) ?? []), file]);
  };

  // Merges run behind the reading: a flushed day is written while the next rows are mapped.
  // Writes of one day stay in order; rows in flight count against the budget too (see relieve).
  const inFlight = new Map<string, Promise<void>>();
  let inFlightRows = 0;
  let failure: { error: unknown } | undefined;
  const settle = async (rowLimit: number): Promise<void> => {
    while (inFlightRows > rowLimit && inFlight.size > 0 && !failure) await Promise.race(inFlight.values());
    if (failure) {
      await drain();
      throw failure.error;
    }
  };
  /** Waits for every write in flight (they never reject: failures are kept in `failure`). */
  const drain = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.all(inFlight.values());
  };
  const flush = (dt: string, early: boolean): void => {
    // A spilled day is merged at the end even when no rows came after its last run.
    const rows = pending.get(dt) ?? (!early && spilledDays.has(dt) ? new PackedColumns(table) : undefined);
    if (!rows) return;
    const spilling = early && (spilledDays.has(dt) || rows.length >= runMinRows);
    if (spilling) spilledDays.add(dt);
    else spilledDays.delete(dt);
    pending.delete(dt);
    committed.delete(dt);
    lastTouched.delete(dt);
    if (dt === lastDt) lastColumns = undefined;
    buffered -= rows.length;
    inFlightRows += rows.length;
    const written: Promise<void> = (inFlight.get(dt) ?? Promise.resolve())
      .then(() => (spilling ? spill(dt, rows) : write(dt, rows)))
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        inFlightRows -= rows.length;
        if (inFlight.get(dt) === written) inFlight.delete(dt);
      });
    inFlight.set(dt, written);
  };
  const sumAt = table.columns.findIndex((c) => c.name === sumField);
  const idAt = table.columns.findIndex((c) => c.name === 'event_id');
  const aggregate = (records: readonly PlacedRow[]): void => {
    for (const { dt, cells } of records) {
      const rows = aggregates.get(dt) ?? new Map<string, LakeCells>();
      aggregates.set(dt, rows);
      const id = cells[idAt] as string;
      const earlier = rows.get(id);
      if (earlier !== undefined) cells[sumAt] = Number(earlier[sumAt]) + Number(cells[sumAt]);
      rows.set(id, cells);
    }
  };

  return {
    stats,
    add(record) {
      const placed = record as PlacedRow;
      if (sumField !== undefined) {
        staged.push(placed);
        return;
      }
      let columns = placed.dt === lastDt ? lastColumns : undefined;
      if (columns === undefined) {
        columns = pending.get(placed.dt);
        if (columns === undefined) {
          columns = new PackedColumns(table);
          pending.set(placed.dt, columns);
        }
        lastDt = placed.dt;
        lastColumns = columns;
        lastTouched.set(placed.dt, sequence);
      }
      columns.pushCells(placed.cells);
      buffered += 1;
    },
    async commitFile() {
      slicing = false;
      for (const [dt, columns] of pending) committed.set(dt, columns.length);
      aggregate(staged);
      staged = [];
      await this.relieve();
    },
    discardFile() {
      slicing = false;
      for (const [dt, columns] of pending) {
        const kept = committed.get(dt) ?? 0;
        buffered -= columns.length - kept;
        columns.truncate(kept);
      }
      staged = [];
    },
    async relieve() {
      // A new chunk: the next row of any day marks that day as touched again.
      sequence += 1;
      lastDt = '';
      lastColumns = undefined;
      if (sumField !== undefined) {
        // Spend and session lines are few; a huge file of them still commits in slices.
        if (staged.length > flushRowLimit) {
          aggregate(staged);
          staged = [];
        }
        return;
      }
      if (buffered > flushRowLimit) {
        // Over budget: merge the days longest untouched first, down to four fifths of the budget.
        slicing = true;
        const coldest = [...lastTouched.entries()].sort((a, b) => a[1] - b[1] || byString(a[0], b[0]));
        for (const [dt] of coldest) {
          if (buffered <= flushRowLimit * 0.8) break;
          flush(dt, true);
        }
      }
      if (slicing) {
        // A file merged in slices anyway: a day no row has reached for a few chunks is likely done
        // (the export is sorted by time), and merged now it is encoded while the rest is read,
        // not in one queue after the last row. A row for it later is merged in again.
        for (const [dt, touched] of [...lastTouched]) if (touched < sequence - COLD_AFTER_CHUNKS) flush(dt, false);
      }
      // Rows held and rows in flight together stay within twice the budget: a burst of days merged
      // at once (the first slicing of a time-sorted file) does not stop the reading while the
      // encoder thread catches up, as long as few rows are held.
      await settle(2 * flushRowLimit - buffered);
    },
    drain,
    async finish() {
      for (const dt of [...new Set([...pending.keys(), ...spilledDays])].sort()) flush(dt, false);
      // Every write, including a spilled day's final merge, which may carry no rows of its own.
      await drain();
      await settle(0);
      for (const dt of [...aggregates.keys()].sort()) {
        const rows = new LakeColumns(table);
        for (const cells of (aggregates.get(dt) as Map<string, LakeCells>).values()) rows.pushCells(cells);
        await write(dt, rows);
      }
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

/** Packs an entity's event count with its first row in one number (see snapshotBatch). */
const EVENTS_PER_ENTITY = 64;

/**
 * Every entity of a snapshot is held until the date's end (the newest file's row for an entity
 * wins), so its events are held compactly: cells in one set of columns, `dt`s alongside, and per
 * entity only where its events start and how many there are.
 */
const snapshotBatch = (apply: PartitionApplier, indexHolder: SnapshotIndexHolder, source: ResolvedSource, date: string): Batch => {
  const table = TABLES[source.dataset];
  const rows = new LakeColumns(table);
  const dts: string[] = [];
  /** Entity → first row × EVENTS_PER_ENTITY + event count, for the committed files. */
  const latest = new Map<string, number>();
  let staged: { entityId: string; at: number }[] = [];
  let fileStart = 0;
  const stats: BatchStats = { rowsWritten: 0, partitions: new Set(), staleEntities: 0 };
  return {
    stats,
    add(record) {
      const { entityId, events } = record as EntitySnapshot;
      if (events.length >= EVENTS_PER_ENTITY) throw new Error(`entity ${entityId} derives ${events.length} events; at most ${EVENTS_PER_ENTITY - 1} are supported`);
      staged.push({ entityId, at: rows.length * EVENTS_PER_ENTITY + events.length });
      for (const placed of events) {
        rows.pushCells(placed.cells);
        dts.push(placed.dt);
      }
    },
    async commitFile() {
      for (const { entityId, at } of staged) latest.set(entityId, at);
      staged = [];
      fileStart = rows.length;
    },
    discardFile() {
      staged = [];
      rows.truncate(fileStart);
      dts.length = fileStart;
    },
    async relieve() {},
    async drain() {},
    async finish() {
      if (latest.size === 0) return;
      const index = await indexHolder.load();
      const removals = new Map<string, Set<string>>();
      /** Rows to write per day, as row numbers: each day's columns are made only when it is written. */
      const upserts = new Map<string, number[]>();
      const remove = (dt: string, id: string): void => {
        const ids = removals.get(dt) ?? new Set<string>();
        ids.add(id);
        removals.set(dt, ids);
      };
      const moves: EntityMoves<number> = {
        remove,
        upsert: (dt, row) => {
          const dayRows = upserts.get(dt);
          if (dayRows === undefined) upserts.set(dt, [row]);
          else dayRows.push(row);
        },
      };
      for (const entityId of [...latest.keys()].sort()) {
        const at = latest.get(entityId) as number;
        const first = Math.floor(at / EVENTS_PER_ENTITY);
        const events: EntityEvent<number>[] = [];
        for (let row = first; row < first + (at % EVENTS_PER_ENTITY); row++) events.push({ id: rows.id(row), dt: dts[row] as string, row });
        const written = planEntityMoves(index, entityId, events, date, moves);
        if (written === 'stale') stats.staleEntities += 1;
        else stats.rowsWritten += written;
      }
      for (const dt of [...removals.keys()].sort()) {
        await apply({ dataset: source.dataset, dt, source: source.id, upserts: new LakeColumns(table), removals: removals.get(dt) });
        stats.partitions.add(dt);
      }
      for (const dt of [...upserts.keys()].sort()) {
        await apply({ dataset: source.dataset, dt, source: source.id, upserts: rows.pick(upserts.get(dt) ?? []) });
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

/** Where a source's date is written: through the run's applier and index holder, or (a large snapshot) straight to the lake. */
interface SourceTargets {
  readonly apply: PartitionApplier;
  readonly indexHolder: SnapshotIndexHolder;
  readonly runFiles: RunFiles;
  /** Writes out what the run holds for the source, then gives an applier that writes to the lake. */
  direct(): Promise<PartitionApplier>;
}

const ingestSourceDate = async (input: ShardRunInput, source: ResolvedSource, date: string, targets: SourceTargets): Promise<ShardSourceResult> => {
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
  const onProgress = input.onProgress;
  const ownerOf = shard.count > 1 && isShardedSource(source) ? dayOwner(shard.count) : undefined;
  const landingBytes = objects.reduce((bytes, o) => bytes + o.size, 0);
  const buckets = source.shape === 'snapshot' ? snapshotBucketsFor(landingBytes, input.snapshotBytesPerBucket) : 1;
  const batch =
    source.shape !== 'snapshot'
      ? rowBatch(targets.apply, source, flushRowLimit, targets.runFiles)
      : buckets > 1
        ? spilledSnapshotBatch(await targets.direct(), input.lake, source, date, buckets)
        : snapshotBatch(targets.apply, targets.indexHolder, source, date);
  const required = new Set(requiredColumnsOf(source));
  // A date this large will hand partitions to the encoder thread: start it now (see ParquetEncoder.prepare).
  if (landingBytes >= PREPARE_ENCODER_BYTES) input.encoder?.prepare();

  try {
    for (const object of objects) {
      const mapper = createRowMapper(source, object.key, now);
      const rejections: RowRejection[] = [];
      let rejectedInFile = 0;
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
            // Read once, not each row: a call first reached at row 100,000 sent V8 back to unoptimised code.
            if (onProgress !== undefined && (rowsRead + line) % PROGRESS_EVERY === 0) onProgress({ date, source: source.id, rows: rowsRead + line });
            if (!owns(values, line)) return;
            const mapped = mapper.map(values, line);
            if (mapped.kind === 'rejected') onRejected(mapped.rejection);
            else batch.add(mapped.kind === 'row' ? mapped.placed : mapped.snapshot);
          },
          onBadRecord: (line, reason) => {
            if (ownerOf === undefined || line % shard.count === shard.index) onRejected({ file: object.key, line, field: '(record)', reason });
          },
          // A file larger than the memory budget is merged in slices (see docs: bounded memory).
          onChunkDone: () => batch.relieve(),
        });
        await batch.commitFile();
        rowsRead += stats.records;
        rowsRejected += rejectedInFile;
        files.push({ key: object.key, bytes: stats.bytes, sha256: stats.sha256 });
        if (rejectedInFile > 0) rejectedRows.push({ file: object.key, rejections, total: rejectedInFile });
      } catch (error) {
        if (!(error instanceof UnparseableFileError)) throw error;
        // The whole file is quarantined: none of its rows land (unless it was already sliced).
        batch.discardFile();
        files.push({ key: object.key, bytes: object.size });
        failedFiles.push({ file: object.key, bytes: object.size, line: error.line, reason: error.reason, message: error.message });
      }
    }
    await batch.finish();
  } catch (error) {
    await batch.drain();
    throw error;
  }
  onProgress?.({ date, source: source.id, rows: rowsRead });

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
  const encoder = input.encoder ?? inThreadEncoder();
  const runFiles = new RunFiles(encoder);
  const largeBytes = largePartitionBytes(input.flushRowLimit);
  const caches = new Map<string, PartitionCache>();
  const indexes = new Map<string, Promise<SnapshotIndex>>();
  const applierOf = (source: ResolvedSource): PartitionApplier => {
    if (!batched) return (change) => applyPartitionChange(lake, change, encoder, largeBytes);
    let cache = caches.get(source.id);
    if (cache === undefined) {
      cache = new PartitionCache(lake, source.shape === 'snapshot' ? Infinity : input.flushRowLimit, encoder);
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
  /** The source's dates so far did not reach the lake: they failed too. */
  const failEarlierDates = (id: string, error: unknown): void => {
    for (const day of perDate) {
      day.sources = day.sources.map((r) => (r.source === id && r.status !== 'failed' ? failedResult(id, r.dataset, error) : r));
    }
  };
  /** Writes what the run holds for a source (its cached files, then its index) to the lake. */
  const writeHeld = async (source: ResolvedSource): Promise<void> => {
    const cache = caches.get(source.id);
    const index = indexes.get(source.id);
    caches.delete(source.id);
    indexes.delete(source.id);
    try {
      await cache?.flush({ removalsFirst: source.shape === 'snapshot' });
      if (index !== undefined) await (await index).save(lake);
    } catch (error) {
      failEarlierDates(source.id, error);
      throw error;
    }
  };
  /** A large snapshot date writes to the lake itself, after what the run holds for the source. */
  const directApplierOf = async (source: ResolvedSource): Promise<PartitionApplier> => {
    await writeHeld(source);
    return (change) => applyPartitionChange(lake, change, encoder, largeBytes);
  };

  try {
    for (const date of input.dates) {
      const ingestOne = async (id: string): Promise<ShardSourceResult> => {
        const source = resolved.get(id);
        if (source === undefined || source instanceof SourceConfigError) return failedResult(id, datasetOf(id), source);
        try {
          return await ingestSourceDate(input, source, date, { apply: applierOf(source), indexHolder: indexHolderOf(source), runFiles, direct: () => directApplierOf(source) });
        } catch (error) {
          return failedResult(id, source.dataset, error);
        }
      };
      const sources: ShardSourceResult[] = [];
      for (const id of ownSourceIds) sources.push(await ingestOne(id));
      perDate.push({ date, sources });
    }
    for (const id of [...caches.keys()].sort(byString)) {
      try {
        await writeHeld(resolved.get(id) as ResolvedSource);
      } catch {
        // writeHeld marked the source's dates failed.
      }
    }
  } finally {
    await runFiles.close();
  }
  return { dates: perDate };
}
