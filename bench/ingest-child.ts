/**
 * The ingest benchmark's child process: one runIngest over the generated landing folder, then its
 * own figures on stdout (its peak RSS is its own). `npm run bench:ingest` runs it bundled by esbuild
 * as the ingest Lambda is, with the encoder thread's own bundle next to it, or from source through
 * tsx with `--from-source`.
 * Usage: ingest-child <landing folder> <lake folder> <threads>
 */
import { isMainThread } from 'node:worker_threads';
import { FolderObjectStore } from '../lambdas/adapters/local/folder-object-store.js';
import { sampleConfig } from '../lambdas/config/sample-config.js';
import { runIngest } from '../lambdas/ingest/run-ingest.js';

export const BENCH_DATE = '2026-03-04';
export const BENCH_SOURCE = 'crm_lifecycle';

export interface ChildReport {
  readonly seconds: number;
  /** User + system CPU seconds: less sensitive than wall time to other load on the machine. */
  readonly cpuSeconds: number;
  readonly maxRssMb: number;
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly partitions: number;
}

const runChild = async (landing: string, lake: string, threads: number): Promise<void> => {
  const config = sampleConfig();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = await runIngest({
    config: { ...config, sources: { [BENCH_SOURCE]: config.sources[BENCH_SOURCE] as (typeof config.sources)[string] } },
    landing: new FolderObjectStore(landing),
    lake: new FolderObjectStore(lake),
    dates: [BENCH_DATE],
    runId: 'bench',
    now: new Date('2026-03-05T06:00:00Z'),
    threads,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const source = result.dates[0]?.sources[0];
  if (!source || source.status !== 'ok') throw new Error(`bench ingest failed: ${JSON.stringify(source)}`);
  const report: ChildReport = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rowsRead: source.rowsRead,
    rowsWritten: source.rowsWritten,
    rowsRejected: source.rowsRejected,
    partitions: source.partitions.length,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
};

// Run as a program only: without the encoder thread's own bundle, this bundle is the thread's script.
const invoked = process.argv[1] !== undefined && /ingest-child\.(ts|mjs)$/.test(process.argv[1]);
if (isMainThread && invoked) {
  const [landing, lake, threads] = process.argv.slice(2);
  if (landing === undefined || lake === undefined) throw new Error('usage: ingest-child <landing folder> <lake folder> <threads>');
  await runChild(landing, lake, Number(threads ?? 1));
}
