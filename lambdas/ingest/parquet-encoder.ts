import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { FolderObjectStore } from '../adapters/local/folder-object-store.js';
import type { StoreAddress } from '../ports/object-store.js';
import { TABLES, type Dataset } from '../schema/canonical-schema.js';
import type { LakeColumns } from './lake-columns.js';
import { PackedColumns, packRows, unpackRows, type HeldRows, type WireColumn } from './packed-columns.js';
import { encodeParquet } from './parquet-codec.js';
import { mergePartition, type MergedPartition, type PartitionMerge } from './partition-rows.js';
import { mergeSpilled, writeRun, type SpilledMerge, type SpilledMergeResult } from './partition-spill.js';
import { publishPartition, type PartitionTarget } from './publish-partition.js';
import { ENCODER_THREAD_BUNDLE } from './worker-bundles.js';
import { workerScript } from './worker-script.js';

/**
 * Where partition files are merged and encoded. That is about half of ingest's CPU, so a run
 * hands large partitions to a worker thread and goes on reading and mapping the next rows
 * meanwhile; the bytes are the same wherever they are made (both steps are pure functions).
 */
export interface ParquetEncoder {
  /** A partition file after a change (see mergePartition). */
  merge(change: PartitionMerge): Promise<MergedPartition>;
  /**
   * merge, then the new file written to `target` over `change.existing` (see publishPartition).
   * A worker thread writes it itself when it can open the lake on its own (a folder): the
   * calling thread then spends none of its time on the file's folder, write and rename.
   */
  mergeInto(change: PartitionMerge, target: PartitionTarget): Promise<PartitionCounts>;
  /** Parquet bytes of rows already merged and sorted. */
  encode(rows: LakeColumns): Promise<Uint8Array>;
  /** Writes a change's rows to a local file as a sorted run (see writeRun); resolves to the rows written. */
  spillRun(rows: HeldRows, source: string, path: string): Promise<number>;
  /** A partition file after a change held in runs, written to a local file (see mergeSpilled). */
  mergeSpilled(merge: SpilledMerge): Promise<SpilledMergeResult>;
  /**
   * Starts the worker thread now, if there is one to start: called before a large file is read,
   * so the thread loads its code while the first rows are read rather than when they wait.
   */
  prepare(): void;
  /** Stops the worker thread, if one was started. */
  close(): Promise<void>;
}

/** Rows in a partition file after a change, and distinct event_ids among its upserts. */
export type PartitionCounts = Pick<MergedPartition, 'rows' | 'upserted'>;

/** A merge (mergePartition unless said), then the file published (nothing is written when it is unchanged). */
const mergeAndPublish = async (change: PartitionMerge, target: PartitionTarget, merge = mergePartition): Promise<PartitionCounts> => {
  const merged = await merge(change);
  if (!merged.unchanged) await publishPartition(target, change.existing, merged.bytes);
  return { rows: merged.rows, upserted: merged.upserted };
};

/** Merges and encodes on the calling thread. */
export const inThreadEncoder = (): ParquetEncoder => ({
  merge: mergePartition,
  mergeInto: (change, target) => mergeAndPublish(change, target),
  encode: async (rows) => encodeParquet(rows),
  spillRun: async (rows, source, path) => writeRun(rows, source, path),
  mergeSpilled,
  prepare: () => undefined,
  close: async () => undefined,
});

const ENCODER_WORKER_ROLE = 'funnel-review-parquet-encoder';

/** Partitions smaller than this are encoded in-thread: a thread costs more than it saves on a small file. */
export const WORKER_MIN_ROWS = 2_000;
/** An existing partition file past this size is merged in the thread however few rows change (about WORKER_MIN_ROWS rows). */
const SMALL_FILE_BYTES = 64 * 1024;

/** Where the thread writes a merged file itself: a lake it opens by its address, and the file's key. */
interface ThreadTarget {
  readonly address: StoreAddress;
  readonly key: string;
}

interface EncodeRequest {
  readonly id: number;
  readonly dataset: Dataset;
  readonly columns: readonly WireColumn[];
  readonly length: number;
  /**
   * Present for a merge: the source, the existing file (if any) and the ids to remove; and where
   * the thread writes the file itself, if it does.
   */
  readonly merge?: {
    readonly source: string;
    readonly existing: Uint8Array | undefined;
    readonly removals: readonly string[] | undefined;
    readonly publish?: ThreadTarget;
  };
  /** Present for a run to write (writeRun). */
  readonly run?: { readonly source: string; readonly path: string };
  /** Present for a merge of runs (mergeSpilled); the rows are its last ones. */
  readonly spilled?: Omit<SpilledMerge, 'table' | 'upserts' | 'removals'> & { readonly removals: readonly string[] | undefined };
}

type EncodeReply =
  | { readonly id: number; readonly bytes: Uint8Array }
  | { readonly id: number; readonly merged: MergedPartition }
  | { readonly id: number; readonly written: PartitionCounts }
  | { readonly id: number; readonly runRows: number }
  | { readonly id: number; readonly spilled: SpilledMergeResult }
  | { readonly id: number; readonly error: string };

/**
 * Merges and encodes partitions of at least `minRows` rows in one worker thread (started on the first such
 * partition), the others in-thread. Requests are answered in order; the bytes come back
 * transferred, not copied.
 */
export const threadedEncoder = (options: { minRows?: number; script?: URL } = {}): ParquetEncoder => {
  const minRows = options.minRows ?? WORKER_MIN_ROWS;
  let worker: Worker | undefined;
  let nextId = 0;
  const waiting = new Map<number, { resolve: (reply: EncodeReply) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error): void => {
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    // `script` (a built bundle, in tests) stands in for this module's own.
    const { script, eval: isCode } = options.script ? { script: options.script, eval: false } : workerScript(new URL(import.meta.url), ENCODER_THREAD_BUNDLE);
    const started = new Worker(script, { eval: isCode, workerData: { role: ENCODER_WORKER_ROLE } });
    started.on('message', (reply: EncodeReply) => {
      const pending = waiting.get(reply.id);
      if (pending === undefined) return;
      waiting.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(`parquet encoder thread: ${reply.error}`));
      else pending.resolve(reply);
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => failAll(new Error(`parquet encoder thread exited (code ${code})`)));
    // Only pending requests keep the process alive, not an idle encoder.
    started.unref();
    return started;
  };
  const send = async (rows: HeldRows, operation: Pick<EncodeRequest, 'merge' | 'run' | 'spilled'> = {}): Promise<EncodeReply> => {
    const running = (worker ??= start());
    const { columns, transfer } = rows instanceof PackedColumns ? rows.wire() : packRows(rows);
    const request: EncodeRequest = { id: nextId++, dataset: rows.table.name, columns, length: rows.length, ...operation };
    const reply = new Promise<EncodeReply>((resolve, reject) => waiting.set(request.id, { resolve, reject }));
    running.ref();
    // The existing file is copied, not transferred: its buffer may be shared (a Buffer pool).
    running.postMessage(request, transfer);
    try {
      return await reply;
    } finally {
      if (waiting.size === 0) running.unref();
    }
  };
  // A small change to a file already there is not small work: the file is decoded too.
  const isSmall = (change: PartitionMerge): boolean => change.upserts.length < minRows && (change.existing?.length ?? 0) < SMALL_FILE_BYTES;
  const mergeRequest = (change: PartitionMerge, publish?: ThreadTarget): Pick<EncodeRequest, 'merge'> => ({
    merge: { source: change.source, existing: change.existing, removals: change.removals && [...change.removals], publish },
  });
  const merge = async (change: PartitionMerge): Promise<MergedPartition> => {
    if (isSmall(change)) return mergePartition(change);
    return ((await send(change.upserts, mergeRequest(change))) as { merged: MergedPartition }).merged;
  };
  return {
    merge,
    async mergeInto(change, target) {
      if (isSmall(change)) return mergeAndPublish(change, target);
      const address = target.lake.address;
      // A lake only this thread can reach (S3): the worker merges, this thread writes.
      if (address === undefined) return mergeAndPublish(change, target, merge);
      return ((await send(change.upserts, mergeRequest(change, { address, key: target.key }))) as { written: PartitionCounts }).written;
    },
    async encode(rows) {
      if (rows.length < minRows) return encodeParquet(rows);
      return ((await send(rows)) as { bytes: Uint8Array }).bytes;
    },
    async spillRun(rows, source, path) {
      if (rows.length < minRows) return writeRun(rows, source, path);
      return ((await send(rows, { run: { source, path } })) as { runRows: number }).runRows;
    },
    async mergeSpilled({ table: _table, upserts, removals, ...files }) {
      // Always in the thread: its cost is the runs and the lake file, however few the last rows.
      const reply = await send(upserts, { spilled: { ...files, removals: removals && [...removals] } });
      return (reply as { spilled: SpilledMergeResult }).spilled;
    },
    prepare() {
      worker ??= start();
    },
    async close() {
      const running = worker;
      worker = undefined;
      if (running) {
        running.removeAllListeners('exit');
        await running.terminate();
      }
    },
  };
};

// The worker body: this module, loaded as the encoder thread.
const serve = async (request: EncodeRequest): Promise<{ reply: EncodeReply; transfer: ArrayBuffer[] }> => {
  const rows = unpackRows(TABLES[request.dataset], request.columns, request.length);
  if (request.run !== undefined) return { reply: { id: request.id, runRows: writeRun(rows, request.run.source, request.run.path) }, transfer: [] };
  if (request.spilled !== undefined) {
    const { removals, ...files } = request.spilled;
    const spilled = await mergeSpilled({ table: rows.table, upserts: rows, removals: removals && new Set(removals), ...files });
    return { reply: { id: request.id, spilled }, transfer: [] };
  }
  if (request.merge === undefined) {
    const bytes = encodeParquet(rows);
    return { reply: { id: request.id, bytes }, transfer: [bytes.buffer as ArrayBuffer] };
  }
  const { source, existing, removals, publish } = request.merge;
  const change: PartitionMerge = { table: rows.table, source, existing, upserts: rows, removals: removals && new Set(removals) };
  if (publish !== undefined) {
    const written = await mergeAndPublish(change, { lake: FolderObjectStore.at(publish.address), key: publish.key });
    return { reply: { id: request.id, written }, transfer: [] };
  }
  const merged = await mergePartition(change);
  return { reply: { id: request.id, merged }, transfer: merged.bytes ? [merged.bytes.buffer as ArrayBuffer] : [] };
};

if (!isMainThread && parentPort !== null && (workerData as { role?: string } | undefined)?.role === ENCODER_WORKER_ROLE) {
  const port = parentPort;
  // One request at a time, in order: merges of one partition must not overlap.
  let queue = Promise.resolve();
  port.on('message', (request: EncodeRequest) => {
    queue = queue.then(async () => {
      try {
        const { reply, transfer } = await serve(request);
        port.postMessage(reply, transfer);
      } catch (error) {
        port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies EncodeReply);
      }
    });
  });
}
