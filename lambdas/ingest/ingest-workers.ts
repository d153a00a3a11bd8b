import { Worker } from 'node:worker_threads';
import type { ShardRunInput, ShardRunResult } from './ingest-shard.js';
import { serveObjectStores } from './object-store-rpc.js';
import { SHARD_WORKER_ROLE, type ShardWorkerData, type ShardWorkerMessage } from './shard-worker.js';
import { workerScript } from './worker-script.js';

/**
 * Runs an ingest's shards in worker threads, one per shard, each reading and writing through
 * this thread's stores. Resolves with every shard's result, in shard order; rejects if a worker
 * dies (the run then fails as a whole, as an uncaught error in one thread would).
 */

const runWorker = (input: Omit<ShardRunInput, 'shard'>, index: number, count: number, started: Worker[]): Promise<ShardRunResult> =>
  new Promise((resolve, reject) => {
    const { script, eval: isCode } = workerScript(new URL('./shard-worker.ts', import.meta.url));
    const data: ShardWorkerData = {
      role: SHARD_WORKER_ROLE,
      config: input.config,
      dates: input.dates,
      now: input.now.toISOString(),
      shard: { index, count },
      flushRowLimit: input.flushRowLimit,
      snapshotBytesPerBucket: input.snapshotBytesPerBucket,
      locations: { landing: input.landing.location, lake: input.lake.location },
    };
    const worker = new Worker(script, { workerData: data, eval: isCode });
    started.push(worker);
    const stopServing = serveObjectStores(worker, { landing: input.landing, lake: input.lake });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      stopServing();
      // The worker's port keeps it alive once its shard is done: end it here.
      void worker.terminate();
      outcome();
    };
    worker.on('message', (message: ShardWorkerMessage) => {
      if (message.type === 'shard-progress') input.onProgress?.(message.progress);
      else if (message.type === 'shard-done') settle(() => resolve(message.result));
      else if (message.type === 'shard-failed') {
        const error = new Error(`ingest worker ${index + 1} of ${count} failed: ${message.message}`);
        if (message.stack !== undefined) error.stack = message.stack;
        settle(() => reject(error));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`ingest worker ${index + 1} of ${count} exited (code ${code}) before finishing`))));
  });

export const runIngestShardsInWorkers = async (input: Omit<ShardRunInput, 'shard'>, count: number): Promise<ShardRunResult[]> => {
  const started: Worker[] = [];
  try {
    return await Promise.all(Array.from({ length: count }, (_, index) => runWorker(input, index, count, started)));
  } catch (error) {
    // One shard failed: the others stop too, the run fails as a whole.
    await Promise.all(started.map((worker) => worker.terminate()));
    throw error;
  }
};
