import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import type { configSchema, FunnelReviewConfig } from '../../lambdas/config/config-schema.js';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import type { SourceMapping } from '../../lambdas/config/source-mapping-schema.js';
import { runIngest, type IngestRunResult, type SourceIngestResult } from '../../lambdas/ingest/run-ingest.js';
import { decodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import type { LakeRow } from '../../lambdas/ingest/row-mapper.js';
import { LAKE_KEYS, TABLES, type Dataset } from '../../lambdas/schema/canonical-schema.js';

export const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/exports');

export const exampleFile = (name: string): Promise<Buffer> => readFile(path.join(EXAMPLES, name));

/** The sample config with its sources replaced (reporting zone America/New_York, currency USD). */
export const configWithSources = (sources: Record<string, z.input<typeof configSchema>['sources'][string]>): FunnelReviewConfig =>
  parseConfig({ ...SAMPLE_CONFIG_INPUT, sources });

export const sampleSources = (...ids: string[]): Record<string, SourceMapping> =>
  Object.fromEntries(ids.map((id) => [id, SAMPLE_CONFIG_INPUT.sources[id] as SourceMapping]));

export interface Stores {
  readonly dir: string;
  readonly landing: FolderObjectStore;
  readonly lake: FolderObjectStore;
  cleanup(): Promise<void>;
}

export const tempStores = async (): Promise<Stores> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ingest-test-'));
  return {
    dir,
    landing: new FolderObjectStore(path.join(dir, 'landing')),
    lake: new FolderObjectStore(path.join(dir, 'lake')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
};

export const NOW = new Date('2026-03-10T06:00:00Z');

export const ingest = (stores: Stores, config: FunnelReviewConfig, dates: string[], runId = 'run-1'): Promise<IngestRunResult> =>
  runIngest({ config, landing: stores.landing, lake: stores.lake, dates, runId, now: NOW });

export const sourceResult = (result: IngestRunResult, date: string, source: string): SourceIngestResult => {
  const found = result.dates.find((d) => d.date === date)?.sources.find((s) => s.source === source);
  if (!found) throw new Error(`no result for ${source} on ${date}`);
  return found;
};

/** Rows of one lake partition file, as stored. */
export const partitionRows = async (stores: Stores, dataset: Dataset, dt: string, source: string): Promise<LakeRow[]> => {
  const bytes = await stores.lake.get(LAKE_KEYS.partitionFile(dataset, dt, source));
  return bytes ? decodeParquet(TABLES[dataset], bytes) : [];
};

/** Every lake file key under a dataset, e.g. `funnel_events/dt=2026-03-04/crm_lifecycle.parquet`. */
export const lakeKeys = async (stores: Stores, dataset: Dataset): Promise<string[]> =>
  (await stores.lake.list(`${dataset}/`)).map((o) => o.key);

/** CSV text with CRLF line ends and a BOM, as Excel-minded exports write. */
export const excelCsv = (lines: string[]): string => `\uFEFF${lines.join('\r\n')}\r\n`;

/**
 * `count` crm_lifecycle changes on 2026-03-04 (New York), every 7th one a re-sent copy of an
 * earlier row: past the first 300 rows, one 300 rows back (more than a 100-row buffer apart).
 */
export const busyDayExport = (count: number, stage = 'Lead'): string => {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = i % 7 === 6 ? (i >= 300 ? i - 300 : i - 5) : i;
    const at = new Date(Date.UTC(2026, 2, 4, 14) + n * 1000).toISOString().slice(0, 19) + 'Z';
    lines.push(`C-${n},person${n}@example.com,Ann,Lee,,${stage},${at},Marketing,Email,,SMB,EMEA,Rep ${n % 5},`);
  }
  return excelCsv([
    'Contact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason',
    ...lines,
  ]);
};

/** Every file under the lake folder: relative path → bytes. */
export const lakeFiles = async (stores: Stores): Promise<Map<string, Buffer>> => {
  const root = path.join(stores.dir, 'lake');
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), await readFile(full));
  }
  return files;
};
