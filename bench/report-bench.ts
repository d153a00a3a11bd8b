/**
 * `npm run bench:report`: builds (once, cached in .bench/) a three-year lake of about 10 million
 * funnel events from the sample generator through ingest, then times the metric queries of one
 * weekly, one monthly and one quarterly pack on DuckDB and checks partition pruning: the Parquet
 * files each pack's queries open against the files its date windows strictly need.
 */
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { DuckDbQueryEngine } from '../lambdas/adapters/local/duckdb-query-engine.js';
import { calendarSettings, eachDay, periodById } from '../lambdas/calendar/fiscal-calendar.js';
import type { Period } from '../lambdas/calendar/period-types.js';
import { sampleConfig } from '../lambdas/config/sample-config.js';
import { computeFunnelMetrics } from '../lambdas/metrics/compute-funnel-metrics.js';
import type { MetricQuery } from '../lambdas/metrics/queries/metric-query.js';
import { planPack } from '../lambdas/metrics/query-plan.js';
import { REPORT_BENCH_LAKE } from './bench-lakes.js';
import { completeFreshness, sampleLake } from './sample-lake.js';

const TARGET_SECONDS = 10;
const AS_OF = '2026-11-02';

const config = sampleConfig();
const settings = calendarSettings(config);
const lake = await sampleLake(REPORT_BENCH_LAKE);
// No file cache: every query reads its files from disk, and DuckDB reports the bytes it read.
const engine = await DuckDbQueryEngine.open({ lakeDir: lake.lakeDir, fileCache: false });

const freshness = completeFreshness(REPORT_BENCH_LAKE);

/** Parquet files (and their bytes) per table and dt in the lake. */
const filesByPartition = new Map<string, { files: number; bytes: number }>();
let lakeFiles = 0;
for (const table of ['funnel_events', 'marketing_spend', 'web_sessions']) {
  const tableDir = path.join(lake.lakeDir, table);
  const partitions = await readdir(tableDir).catch(() => [] as string[]);
  for (const partition of partitions) {
    const files = (await readdir(path.join(tableDir, partition))).filter((file) => file.endsWith('.parquet'));
    let bytes = 0;
    for (const file of files) bytes += (await stat(path.join(tableDir, partition, file))).size;
    filesByPartition.set(`${table}/${partition}`, { files: files.length, bytes });
    lakeFiles += files.length;
  }
}

const needed = (query: MetricQuery): { files: number; bytes: number } => {
  let files = 0;
  let bytes = 0;
  for (const read of query.reads) {
    for (const day of eachDay(read.window.start, read.window.end)) {
      const partition = filesByPartition.get(`${read.table}/dt=${day}`);
      files += partition?.files ?? 0;
      bytes += partition?.bytes ?? 0;
    }
  }
  return { files, bytes };
};

const { rows: countRows } = await engine.query<{ events: number }>('bench_count', 'SELECT count(*) AS events FROM funnel_events WHERE dt BETWEEN ? AND ?', [
  REPORT_BENCH_LAKE.from,
  REPORT_BENCH_LAKE.to,
]);
const events = Number(countRows[0]?.events ?? 0);

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;
console.log(
  `Lake: ${events.toLocaleString('en-US')} funnel events, ${REPORT_BENCH_LAKE.from} … ${REPORT_BENCH_LAKE.to}, ${lakeFiles} Parquet files` +
    (lake.reused ? ' (cached in .bench/)' : ` (built in ${lake.buildSeconds} s)`),
);

const packs: Period[] = [periodById('weekly', '2026-W44', settings), periodById('monthly', '2026-10', settings), periodById('quarterly', '2026-Q3', settings)];
let totalSeconds = 0;
let totalCpuSeconds = 0;
let allPruned = true;
for (const period of packs) {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const metrics = await computeFunnelMetrics({ config, engine, period, asOf: AS_OF, freshness });
  const seconds = (performance.now() - started) / 1000;
  // CPU time of the process (DuckDB's threads included): unlike wall time, it barely moves when
  // other work shares the machine, so it tells a slower query from a busier machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1_000_000;
  totalSeconds += seconds;
  totalCpuSeconds += cpuSeconds;

  const plan = planPack(period, AS_OF, settings);
  const queries = Object.values(plan.queries).filter((query): query is MetricQuery => query !== undefined);
  let filesRead = 0;
  let bytesRead = 0;
  let filesNeeded = 0;
  let bytesNeeded = 0;
  const perQuery: string[] = [];
  for (const query of queries) {
    const scanned = await engine.explainFilesScanned(query.sql, query.parameters);
    const need = needed(query);
    filesRead += scanned.files;
    bytesRead += scanned.bytesRead;
    filesNeeded += need.files;
    bytesNeeded += need.bytes;
    if (scanned.files !== need.files) allPruned = false;
    const stats = metrics.queryStats.find((s) => s.name === query.name);
    perQuery.push(`    ${query.name.padEnd(20)} ${String(stats?.elapsedMs ?? '?').padStart(6)} ms  files ${scanned.files}/${need.files} needed  ${mb(scanned.bytesRead)} read`);
  }
  const revenue = metrics.metrics.revenue.value;
  console.log(
    `\n${period.cadence.padEnd(9)} ${period.id.padEnd(9)} wall ${seconds.toFixed(2)} s  cpu ${cpuSeconds.toFixed(2)} s  queries ${queries.length}  ` +
      `files read ${filesRead} / needed ${filesNeeded} (ratio ${(filesRead / Math.max(1, filesNeeded)).toFixed(2)})  ` +
      `bytes read ${mb(bytesRead)} of ${mb(bytesNeeded)} in the needed files  ` +
      `(revenue ${revenue.available ? Math.round(revenue.value).toLocaleString('en-US') : revenue.reason})`,
  );
  for (const line of perQuery) console.log(line);
}
await engine.close();

console.log(`\nthree packs: ${totalSeconds.toFixed(2)} s wall, ${totalCpuSeconds.toFixed(2)} s cpu on ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)} (target ≤ ${TARGET_SECONDS} s): ${totalSeconds <= TARGET_SECONDS ? 'OK' : 'OVER'}`);
console.log(`partition pruning: ${allPruned ? 'every query read exactly the files its window needs' : 'some query read files outside its window'}`);
process.exit(totalSeconds <= TARGET_SECONDS && allPruned ? 0 : 1);
