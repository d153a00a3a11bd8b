import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { Dataset } from '../schema/canonical-schema.js';
import { describeRejection, InvalidIngestDateError } from './ingest-errors.js';
import { buildManifest, writeManifest, type ManifestSource, type ManifestStatus } from './ingest-manifest.js';
// Imported statically, not on demand: in a bundle the bundle file is the shard threads' script, and
// only a module evaluated when the bundle loads can start a shard (a dynamic import's is not).
import { runIngestShardsInWorkers } from './ingest-workers.js';
import { FLUSH_ROW_LIMIT, runIngestShard, type ShardRunInput, type ShardRunResult, type ShardSourceResult } from './ingest-shard.js';
import { inThreadEncoder, threadedEncoder, WORKER_MIN_ROWS } from './parquet-encoder.js';
import { MAX_REJECTIONS_KEPT_PER_FILE, QuarantineWriter, type FileRejections } from './quarantine.js';

export { FLUSH_ROW_LIMIT } from './ingest-shard.js';

/** One (source, date) of a run: the shards' parts combined, with what quarantine holds for it. */
export interface SourceIngestResult extends Omit<ShardSourceResult, 'rejectedRows' | 'failedFiles' | 'aborted'> {
  /** Quarantine objects written in the lake: rejected rows and unparseable files. */
  readonly quarantinedFiles: string[];
  /** First few rejection messages, for logs. */
  readonly sampleRejections: string[];
}

export interface IngestRunResult {
  readonly runId: string;
  readonly dates: {
    readonly date: string;
    readonly sources: SourceIngestResult[];
    readonly manifests: { readonly dataset: Dataset; readonly status: ManifestStatus }[];
  }[];
  /** True when no source failed on any date (missing files do not count as failure). */
  readonly ok: boolean;
}

export interface RunIngestInput {
  readonly config: FunnelReviewConfig;
  readonly landing: ObjectStore;
  readonly lake: ObjectStore;
  /** Landing dates to ingest, YYYY-MM-DD. */
  readonly dates: readonly string[];
  readonly runId: string;
  readonly now: Date;
  readonly onProgress?: (p: { date: string; source: string; rows: number }) => void;
  /** Event rows held in memory (across all threads) before partitions are merged early; default FLUSH_ROW_LIMIT. */
  readonly flushRowLimit?: number;
  /**
   * Threads that share the event rows, by day (see ingest-shard.ts). 1 (the default) runs in this
   * thread; more start worker threads, worth it only with as many cores to run them.
   */
  readonly threads?: number;
  /**
   * Partitions of at least this many rows are encoded to Parquet in a worker thread while this
   * one reads on (one thread run only); default WORKER_MIN_ROWS, Infinity encodes in this thread.
   */
  readonly encoderThreadMinRows?: number;
  /**
   * A date's snapshot files larger than this many bytes are diffed a bucket of entities at a time
   * through local temp files (see snapshot-spill.ts); default SNAPSHOT_BYTES_PER_BUCKET.
   */
  readonly snapshotBytesPerBucket?: number;
}

const SAMPLE_REJECTIONS = 5;
/** Every shard's rejected rows of each file, in line order, capped as one shard would cap them. */
const mergeRejections = (parts: readonly ShardSourceResult[]): FileRejections[] => {
  const byFile = new Map<string, { rejections: FileRejections['rejections'][number][]; total: number }>();
  for (const part of parts) {
    for (const { file, rejections, total } of part.rejectedRows) {
      const merged = byFile.get(file) ?? { rejections: [], total: 0 };
      merged.rejections.push(...rejections);
      merged.total += total;
      byFile.set(file, merged);
    }
  }
  const order = parts[0]?.files.map((f) => f.key) ?? [];
  return [...byFile.entries()]
    .sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([file, { rejections, total }]) => ({ file, total, rejections: rejections.sort((a, b) => a.line - b.line).slice(0, MAX_REJECTIONS_KEPT_PER_FILE) }));
};

/**
 * One (source, date) from the shards that read it: shard 0's view of the files (every shard
 * reads the same ones), the other counts added up (each row is written or rejected by one shard).
 */
const combineParts = (parts: readonly ShardSourceResult[]): Omit<SourceIngestResult, 'quarantinedFiles'> & { rejectedRows: FileRejections[] } => {
  const first = parts[0] as ShardSourceResult;
  const failed = parts.find((part) => part.status === 'failed');
  const rejectedRows = mergeRejections(parts);
  const sum = (pick: (part: ShardSourceResult) => number): number => parts.reduce((total, part) => total + pick(part), 0);
  return {
    source: first.source,
    dataset: first.dataset,
    status: failed?.status ?? first.status,
    error: failed?.error ?? first.error,
    filesRead: first.filesRead,
    rowsRead: first.rowsRead,
    files: first.files,
    missingColumns: first.missingColumns,
    rowsWritten: sum((part) => part.rowsWritten),
    rowsRejected: sum((part) => part.rowsRejected),
    staleEntities: sum((part) => part.staleEntities),
    partitions: [...new Set(parts.flatMap((part) => part.partitions))].sort(),
    rejectedRows,
    sampleRejections: rejectedRows.flatMap((file) => file.rejections).slice(0, SAMPLE_REJECTIONS).map(describeRejection),
  };
};

/** Rejected rows and unparseable files of one (source, date) into quarantine; what an earlier run left there goes. */
const writeQuarantine = async (lake: ObjectStore, date: string, combined: ReturnType<typeof combineParts>, failed: ShardSourceResult['failedFiles']): Promise<string[]> => {
  const quarantine = new QuarantineWriter(lake, combined.source, date);
  for (const file of combined.rejectedRows) await quarantine.rejectedRows(file);
  for (const file of failed) await quarantine.failedFile(file);
  await quarantine.removeStale();
  return [...quarantine.keys];
};

const toManifestSource = (result: SourceIngestResult): ManifestSource => ({
  source: result.source,
  status: result.status,
  files: result.files,
  rowsRead: result.rowsRead,
  rowsWritten: result.rowsWritten,
  rowsRejected: result.rowsRejected,
  partitions: result.partitions,
  quarantinedFiles: result.quarantinedFiles,
  error: result.error,
});

/**
 * Ingests every configured source for each landing date: landing files → validated, de-duplicated
 * Parquet in the lake, quarantine for rejected rows and unreadable files, one manifest per dataset
 * and date. A failing source is reported and the others go on.
 */
export async function runIngest(input: RunIngestInput): Promise<IngestRunResult> {
  const { config, lake, runId, now } = input;
  for (const date of input.dates) {
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date);
    if (!valid) throw new InvalidIngestDateError(date);
  }
  const dates = [...new Set(input.dates)];
  const threads = Math.max(1, Math.floor(input.threads ?? 1));
  const shardInput: Omit<ShardRunInput, 'shard'> = {
    config,
    landing: input.landing,
    lake,
    dates,
    now,
    onProgress: input.onProgress,
    flushRowLimit: Math.ceil((input.flushRowLimit ?? FLUSH_ROW_LIMIT) / threads),
    snapshotBytesPerBucket: input.snapshotBytesPerBucket,
  };
  let shards: ShardRunResult[];
  if (threads === 1) {
    const minRows = input.encoderThreadMinRows ?? WORKER_MIN_ROWS;
    const encoder = minRows === Infinity ? inThreadEncoder() : threadedEncoder({ minRows });
    try {
      shards = [await runIngestShard({ ...shardInput, shard: { index: 0, count: 1 }, encoder })];
    } finally {
      await encoder.close();
    }
  } else {
    shards = await runIngestShardsInWorkers(shardInput, threads);
  }

  const sourceIds = Object.keys(config.sources).sort();
  const result: IngestRunResult['dates'][number][] = [];
  for (const [d, date] of dates.entries()) {
    const sources: SourceIngestResult[] = [];
    for (const id of sourceIds) {
      const parts = shards.flatMap((shard) => shard.dates[d]?.sources.filter((s) => s.source === id) ?? []);
      if (parts.length === 0) continue;
      const combined = combineParts(parts);
      const aborted = parts.some((part) => part.aborted === true);
      const quarantinedFiles = aborted ? [] : await writeQuarantine(lake, date, combined, parts[0]?.failedFiles ?? []);
      const { rejectedRows: _rejected, ...rest } = combined;
      sources.push({ ...rest, quarantinedFiles });
    }
    // Manifests only after the data is in the lake: a manifest says its date is fresh.
    const manifests: { dataset: Dataset; status: ManifestStatus }[] = [];
    const datasets = [...new Set(sources.map((r) => r.dataset).filter((d): d is Dataset => d !== null))].sort();
    for (const dataset of datasets) {
      const manifest = buildManifest({ dataset, date, runId, ingestedAt: now, sources: sources.filter((r) => r.dataset === dataset).map(toManifestSource) });
      await writeManifest(lake, manifest);
      manifests.push({ dataset, status: manifest.status });
    }
    result.push({ date, sources, manifests });
  }
  return { runId, dates: result, ok: result.every((d) => d.sources.every((s) => s.status !== 'failed')) };
}
