import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import { runIngestShard, type IngestShard } from './ingest-shard.js';
import { remoteObjectStores, type MessageEndpoint } from './object-store-rpc.js';

/**
 * The body of an ingest worker thread: one shard of the run, reading and writing through the
 * starting thread's object stores. The module starts the shard on its own when it is loaded as
 * such a worker (workerData.role), so the Lambda bundle can be its own worker script.
 */

export const SHARD_WORKER_ROLE = 'funnel-review-ingest-shard';

/** What the starting thread hands each worker: plain data only (it is copied across). */
export interface ShardWorkerData {
  readonly role: typeof SHARD_WORKER_ROLE;
  readonly config: FunnelReviewConfig;
  readonly dates: readonly string[];
  readonly now: string;
  readonly shard: IngestShard;
  readonly flushRowLimit: number;
  readonly snapshotBytesPerBucket: number | undefined;
  readonly locations: { readonly landing: string; readonly lake: string };
}

export type ShardWorkerMessage =
  | { readonly type: 'shard-progress'; readonly progress: { date: string; source: string; rows: number } }
  | { readonly type: 'shard-done'; readonly result: Awaited<ReturnType<typeof runIngestShard>> }
  | { readonly type: 'shard-failed'; readonly message: string; readonly stack?: string };

const runShardWorker = async (port: MessageEndpoint, data: ShardWorkerData): Promise<void> => {
  const post = (message: ShardWorkerMessage): void => port.postMessage(message);
  try {
    const { landing, lake } = remoteObjectStores(port, data.locations);
    const result = await runIngestShard({
      config: data.config,
      landing,
      lake,
      dates: data.dates,
      now: new Date(data.now),
      shard: data.shard,
      flushRowLimit: data.flushRowLimit,
      snapshotBytesPerBucket: data.snapshotBytesPerBucket,
      onProgress: data.shard.index === 0 ? (progress) => post({ type: 'shard-progress', progress }) : undefined,
    });
    post({ type: 'shard-done', result });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    post({ type: 'shard-failed', message: failure.message, stack: failure.stack });
  }
};

if (!isMainThread && parentPort !== null && (workerData as Partial<ShardWorkerData> | undefined)?.role === SHARD_WORKER_ROLE) {
  void runShardWorker(parentPort, workerData as ShardWorkerData);
}
