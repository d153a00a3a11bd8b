/**
 * `npm run bench:ingest`: ingest a generated 1,000,000-row event export (the crm_lifecycle shape:
 * BOM, CRLF, 14 columns incl. personal data) and compare with DuckDB's own CSV → Parquet COPY of
 * the same file on the same machine, in one run.
 *
 * The ingest runs in a child process (bench/ingest-child.ts) so its peak RSS
 * (process.resourceUsage().maxRSS) is its own, bundled by esbuild as the ingest Lambda is (same
 * settings but the Node.js target: this machine's 20 rather than Lambda's 22) and run with the
 * Lambda's NODE_OPTIONS.
 * Ingest and DuckDB run alternately, --repeat N times (default 5), each ingest into an empty lake
 * folder of its own (lake-1, lake-2, …), all removed at the end: removing one lake just before the
 * next run made that run pay for it (see README, Benchmark). For the same reason the runs start a
 * minute or more after the benchmark last removed its folder (a run right after another waits). The ratio is that of the medians: on
 * a shared host one pair of runs can be 20% off either way, and a slow spell can take two pairs of three.
 * Options: --rows N (default 1,000,000), --days N (the days the changes span, default 365: 366 dt
 * partitions; 1 puts every row in one), --threads N (default 1, as the CLI and the Lambda),
 * --repeat N, --from-source (run the ingest from TypeScript through tsx, as the CLI does),
 * --keep (leave .bench/ingest in place).
 */
import { spawnSync } from 'node:child_process';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BENCH_DATE as DATE, BENCH_SOURCE as SOURCE, type ChildReport } from './ingest-child.js';
import { bundleIngestChild, generateLifecycleExport, INGEST_LAMBDA_NODE_OPTIONS, runIngestChild } from './ingest-child-runs.js';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
const ROOT = path.join(PROJECT_ROOT, '.bench', 'ingest');
const FILE_KEY = `${SOURCE}/${DATE}/lifecycle_changes.csv`;
/** When the benchmark last removed its folder (lakes included), in epoch milliseconds. */
const REMOVED_AT = path.join(PROJECT_ROOT, '.bench', 'ingest-removed-at');
/**
 * ext4 without a journal (this machine's) does not reuse a deleted inode for a minute and scans
 * past it on every file created meanwhile: runs wait this long after a removal (see README).
 */
const INODE_REUSE_MS = 65_000;

/** Removes the benchmark's folder, if there is one, and notes when. */
const removeBenchFolder = async (): Promise<void> => {
  const existed = await stat(ROOT).then(
    () => true,
    () => false,
  );
  if (!existed) return;
  await rm(ROOT, { recursive: true, force: true });
  // Writes the freed inodes' table blocks back now: while they are dirty, ext4 without a journal
  // keeps skipping the deleted inodes for five minutes rather than one (see README).
  spawnSync('sync', { stdio: 'ignore' });
  await writeFile(REMOVED_AT, String(Date.now()));
};

/** Waits until INODE_REUSE_MS have passed since the benchmark last removed its folder. */
const waitForDeletedInodes = async (): Promise<void> => {
  const removedAt = Number(await readFile(REMOVED_AT, 'utf8').catch(() => '0'));
  const left = removedAt + INODE_REUSE_MS - Date.now();
  if (!(left > 0)) return;
  console.log(`waiting ${Math.ceil(left / 1000)} s: an earlier benchmark's lakes were removed ${Math.round((Date.now() - removedAt) / 1000)} s ago, and files created within a minute of that are slower here (see README)`);
  await new Promise((resolve) => setTimeout(resolve, left));
};

const argValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};

/** DuckDB reading the same CSV and writing the same mapped columns as Parquet. */
const runDuckDb = async (csv: string, out: string): Promise<{ seconds: number; cpuSeconds: number }> => {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await connection.run(
    `COPY (SELECT "Contact ID", "Lifecycle Stage", "Changed At", "Lead Source Team", "Original Source", "Campaign", "Segment", "Region", "Contact Owner", "Reason" ` +
      `FROM read_csv('${csv}', header = true)) TO '${out}' (FORMAT parquet, COMPRESSION snappy)`,
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
};

const main = async (): Promise<void> => {
  const rows = Number(argValue('--rows') ?? 1_000_000);
  const threads = Number(argValue('--threads') ?? 1);
  const days = Number(argValue('--days') ?? 365);
  const repeat = Number(argValue('--repeat') ?? 5);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error(`--repeat must be a whole number of runs, at least 1 (got ${argValue('--repeat')})`);
  if (!Number.isInteger(days) || days < 1) throw new Error(`--days must be a whole number of days, at least 1 (got ${argValue('--days')})`);
  await removeBenchFolder();
  const csv = path.join(ROOT, 'landing', FILE_KEY);
  await generateLifecycleExport(csv, rows, days);
  const bytes = (await stat(csv)).size;
  const fromSource = process.argv.includes('--from-source');
  const child = fromSource ? undefined : await bundleIngestChild(ROOT);

  const mb = (n: number): string => n.toFixed(0);
  console.log(`export: ${rows.toLocaleString('en-US')} rows, ${mb(bytes / 1024 / 1024)} MB CSV (BOM, CRLF, 14 columns)`);
  const how = fromSource ? 'from source through tsx, as the CLI does' : `bundled by esbuild, as the ingest Lambda runs (NODE_OPTIONS=${INGEST_LAMBDA_NODE_OPTIONS})`;
  console.log(`ingest runs ${how} (--from-source: ${fromSource ? 'on' : 'off'})`);
  const ingestLine = (run: ChildReport): string =>
    `ingest: ${run.seconds.toFixed(2)} s (CPU ${run.cpuSeconds.toFixed(2)} s), ${Math.round(run.rowsRead / run.seconds).toLocaleString('en-US')} rows/s, peak RSS ${mb(run.maxRssMb)} MB ` +
    `(${run.rowsWritten.toLocaleString('en-US')} events into ${run.partitions} dt partitions, ${run.rowsRejected} rejected, ${threads} thread${threads > 1 ? 's' : ''})`;
  const duckLine = (run: { seconds: number; cpuSeconds: number }): string =>
    `duckdb: ${run.seconds.toFixed(2)} s (CPU ${run.cpuSeconds.toFixed(2)} s), ${Math.round(rows / run.seconds).toLocaleString('en-US')} rows/s (COPY read_csv → parquet)`;

  await waitForDeletedInodes();
  const ingests: ChildReport[] = [];
  const ducks: { seconds: number; cpuSeconds: number }[] = [];
  for (let run = 1; run <= repeat; run++) {
    // Not the previous run's lake emptied: ext4 without a journal (this machine's) scans past
    // every inode deleted in the last minute or more each time it creates a file or folder.
    const ingest = await runIngestChild(child, { landing: path.join(ROOT, 'landing'), lake: path.join(ROOT, `lake-${run}`) }, threads);
    const duck = await runDuckDb(csv, path.join(ROOT, 'duckdb.parquet'));
    ingests.push(ingest);
    ducks.push(duck);
    if (repeat > 1) console.log(`run ${run}: ${ingestLine(ingest)}\nrun ${run}: ${duckLine(duck)}`);
  }

  const median = <T>(runs: readonly T[], seconds: (run: T) => number): T => [...runs].sort((a, b) => seconds(a) - seconds(b))[Math.floor((runs.length - 1) / 2)] as T;
  const ingest = median(ingests, (run) => run.seconds);
  const duck = median(ducks, (run) => run.seconds);
  const peak = Math.max(...ingests.map((run) => run.maxRssMb));
  const of = repeat > 1 ? ` (median of ${repeat})` : '';
  console.log(`${ingestLine({ ...ingest, maxRssMb: peak })}${of}`);
  console.log(`${duckLine(duck)}${of}`);
  console.log(`ratio: ingest throughput = ${(duck.seconds / ingest.seconds).toFixed(2)}× DuckDB's (target ≥ 0.5×); peak RSS target ≤ 512 MB (highest of the runs)`);
  if (!process.argv.includes('--keep')) await removeBenchFolder();
};

await main();
