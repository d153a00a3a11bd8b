/**
 * Builds a lake from the sample generator through ingest, once, and caches it under `.bench/`
 * (git-ignored): later runs with the same options reuse it.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { FolderObjectStore } from '../lambdas/adapters/local/folder-object-store.js';
import { eachDay } from '../lambdas/calendar/fiscal-calendar.js';
import { sampleConfig } from '../lambdas/config/sample-config.js';
import { runIngest } from '../lambdas/ingest/run-ingest.js';
import type { DataFreshness } from '../lambdas/metrics/metric-types.js';
import { generateSample } from '../lambdas/sample/generate-sample.js';

export interface SampleLakeOptions {
  /** Cache folder name under `.bench/`. */
  readonly name: string;
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly scale: number;
  /**
   * Grow the generated lake to about this many funnel events by replicating it with distinct
   * ids (generating and ingesting 10 million events takes hours on 2 cores; copying a
   * generated, ingested lake takes seconds and keeps its shape: days, mix, conversion, timing).
   */
  readonly targetEvents?: number;
}

export interface SampleLake {
  readonly lakeDir: string;
  readonly reused: boolean;
  readonly funnelEvents?: number;
  readonly buildSeconds?: number;
  /** Copies of the generated lake in this one (1 when not replicated). */
  readonly copies?: number;
}

/**
 * The freshness a pack over this lake reports: every day is there (the bench times queries,
 * not the freshness gate, which reads ingest manifests).
 */
export const completeFreshness = (options: SampleLakeOptions): DataFreshness => ({
  daysNeeded: 0,
  daysPresent: 0,
  missingDays: [],
  failedDays: [],
  quarantinedRows: [],
  firstDay: options.from,
  lastDay: options.to,
});

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

export async function sampleLake(options: SampleLakeOptions): Promise<SampleLake> {
  if (options.targetEvents !== undefined) return replicatedLake(options, options.targetEvents);
  return generatedLake(options);
}

async function generatedLake(options: SampleLakeOptions): Promise<SampleLake> {
  const root = path.resolve('.bench', options.name);
  const lakeDir = path.join(root, 'lake');
  const marker = path.join(root, 'ready.json');
  const wanted = JSON.stringify({ seed: options.seed, from: options.from, to: options.to, scale: options.scale });
  const existing = await readFile(marker, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    const ready = JSON.parse(existing) as { options: string; funnelEvents?: number; buildSeconds?: number };
    if (ready.options === wanted) {
      return {
        lakeDir,
        reused: true,
        ...(ready.funnelEvents === undefined ? {} : { funnelEvents: ready.funnelEvents }),
        ...(ready.buildSeconds === undefined ? {} : { buildSeconds: ready.buildSeconds }),
      };
    }
  }

  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const started = performance.now();
  const landing = new FolderObjectStore(path.join(root, 'landing'));
  const lake = new FolderObjectStore(lakeDir);
  log(`building sample lake ${options.name}: ${options.from} … ${options.to}, scale ${options.scale} (cached in ${root})`);
  const summary = await generateSample(
    {
      seed: options.seed,
      from: options.from,
      to: options.to,
      scale: options.scale,
      onDayWritten: (date, day, total) => {
        if (day % 90 === 0 || day === total) log(`  generated ${date} (${day}/${total})`);
      },
    },
    (key, content) => landing.put(key, content),
  );
  const dates = eachDay(options.from, options.to);
  let funnelEvents = 0;
  // Ingest in slices so progress shows and memory stays bounded.
  for (let index = 0; index < dates.length; index += 30) {
    const slice = dates.slice(index, index + 30);
    const result = await runIngest({ config: sampleConfig(), landing, lake, dates: slice, runId: `bench-${index}`, now: new Date() });
    for (const day of result.dates) for (const source of day.sources) if (source.dataset === 'funnel_events') funnelEvents += source.rowsWritten;
    log(`  ingested ${slice[slice.length - 1]} (${Math.min(index + 30, dates.length)}/${dates.length} days)`);
  }
  // The landing copy is only an ingest input; the lake is what the benches read.
  await rm(path.join(root, 'landing'), { recursive: true, force: true });
  const buildSeconds = Math.round((performance.now() - started) / 1000);
  await writeFile(marker, JSON.stringify({ options: wanted, funnelEvents, buildSeconds, stageChanges: summary.stageChanges }, null, 2));
  return { lakeDir, reused: false, funnelEvents, buildSeconds };
}

const TABLE_COPIES: Readonly<Record<string, (copies: number) => string>> = {
  funnel_events: () =>
    `SELECT event_id || '-r' || CAST(r.n AS VARCHAR) AS event_id, entity_id || '-r' || CAST(r.n AS VARCHAR) AS entity_id, entity_type, stage, ` +
    `occurred_at, source_team, channel, campaign, segment, region, owner, amount, currency, reason, source, dt`,
  marketing_spend: () => `SELECT event_id || '-r' || CAST(r.n AS VARCHAR) AS event_id, date, channel, campaign, amount, currency, source, dt`,
  web_sessions: (copies) => `SELECT event_id, date, channel, sessions * ${copies} AS sessions, source, dt`,
};

async function replicatedLake(options: SampleLakeOptions, targetEvents: number): Promise<SampleLake> {
  const root = path.resolve('.bench', options.name);
  const lakeDir = path.join(root, 'lake');
  const marker = path.join(root, 'ready.json');
  const wanted = JSON.stringify({ seed: options.seed, from: options.from, to: options.to, scale: options.scale, targetEvents });
  const existing = await readFile(marker, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    const ready = JSON.parse(existing) as { options: string; funnelEvents: number; buildSeconds: number; copies: number };
    if (ready.options === wanted) return { lakeDir, reused: true, funnelEvents: ready.funnelEvents, buildSeconds: ready.buildSeconds, copies: ready.copies };
  }
  const started = performance.now();
  const base = await generatedLake({ ...options, name: `${options.name}-generated` });
  await rm(root, { recursive: true, force: true });
  await mkdir(lakeDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let funnelEvents = 0;
  let copies = 1;
  try {
    const glob = (table: string) => `read_parquet('${path.join(base.lakeDir, table, '*', '*.parquet')}', hive_partitioning = true, hive_types = {'dt': VARCHAR})`;
    const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${glob('funnel_events')}`);
    const baseEvents = Number(counted.getRowObjects()[0]?.['n'] ?? 0);
    copies = Math.max(1, Math.round(targetEvents / Math.max(1, baseEvents)));
    funnelEvents = baseEvents * copies;
    log(`replicating the generated lake (${baseEvents} events) ${copies}× into ${lakeDir}`);
    for (const [table, select] of Object.entries(TABLE_COPIES)) {
      const range = table === 'web_sessions' ? 1 : copies;
      await connection.run(
        `COPY (${select(copies)} FROM ${glob(table)} CROSS JOIN range(0, ${range}) AS r(n)) ` +
          `TO '${path.join(lakeDir, table)}' (FORMAT parquet, PARTITION_BY (dt))`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  const buildSeconds = Math.round((performance.now() - started) / 1000);
  await writeFile(marker, JSON.stringify({ options: wanted, funnelEvents, buildSeconds, copies }, null, 2));
  return { lakeDir, reused: false, funnelEvents, buildSeconds, copies };
}
