import { Command, Option } from 'commander';
import { eachDay } from '../../../lambdas/calendar/fiscal-calendar.js';
import type { IngestRunResult } from '../../../lambdas/ingest/run-ingest.js';
import { FolderObjectStore } from '../../../lambdas/adapters/local/folder-object-store.js';
import type { ObjectStore } from '../../../lambdas/ports/object-store.js';
import { CliUsageError, EXIT, parseDateArgument, requireOrderedRange, shiftDate, todayIn } from '../cli-arguments.js';
import { resolveConfig } from '../cli-config.js';
import type { CliContext, CommonOptions } from '../cli-context.js';
import { dataDirLayout } from '../data-dir.js';
import type { LocalRuntime } from '../local-runtime.js';
import type { ProgressReporter } from '../progress-reporter.js';
import { addCommonOptions, asOfOption } from './common-options.js';

/** Dates per ingest request: each partition file is written once per request, so a month per
 * request cuts the rewrites while progress still moves every few seconds. */
const DATES_PER_REQUEST = 31;

export interface IngestTotals {
  readonly dates: number;
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  readonly quarantinedFiles: number;
  /** `date source: error` for every source that failed. */
  readonly failures: readonly string[];
}

const countOf = (value: number | readonly unknown[] | undefined): number => (Array.isArray(value) ? value.length : typeof value === 'number' ? value : 0);

/** Consecutive dates in runs of at most `size`, so each request is a plain `{ from, to }` range. */
const consecutiveChunks = (dates: readonly string[], size: number): string[][] => {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const date of dates) {
    const last = current[current.length - 1];
    if (current.length === size || (last !== undefined && shiftDate(last, { days: 1 }) !== date)) {
      chunks.push(current);
      current = [];
    }
    current.push(date);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};

/** Dates for which some configured dataset has no manifest with status `ok`. */
export const datesNeedingIngest = async (runtime: LocalRuntime, dates: readonly string[]): Promise<string[]> => {
  const [{ readManifest }, { configuredDatasets }] = await Promise.all([
    import('../../../lambdas/ingest/ingest-manifest.js'),
    import('../../../lambdas/pipeline/data-freshness.js'),
  ]);
  const datasets = configuredDatasets(runtime.config);
  const needed: string[] = [];
  for (const date of dates) {
    const manifests = await Promise.all(datasets.map((dataset) => readManifest(runtime.lake, dataset, date)));
    if (manifests.some((manifest) => manifest?.status !== 'ok')) needed.push(date);
  }
  return needed;
};

/**
 * Ingests the dates through the same request handler the ingest Lambda runs, a week at a time
 * so a long backfill shows progress.
 */
export const ingestDates = async (runtime: LocalRuntime, dates: readonly string[], progress: ProgressReporter): Promise<IngestTotals> => {
  const { runIngestRequest } = await import('../../../lambdas/pipeline/ingest-request.js');
  const totals = { dates: 0, rowsRead: 0, rowsWritten: 0, rowsRejected: 0, quarantinedFiles: 0, failures: [] as string[] };
  const step = progress.start('Ingesting', dates.length);
  try {
    for (const chunk of consecutiveChunks(dates, DATES_PER_REQUEST)) {
      const first = chunk[0] as string;
      const last = chunk[chunk.length - 1] as string;
      const payload = chunk.length === 1 ? { date: first } : { from: first, to: last };
      const result: IngestRunResult = await runIngestRequest(payload, runtime);
      for (const day of result.dates) {
        totals.dates += 1;
        for (const source of day.sources) {
          totals.rowsRead += source.rowsRead;
          totals.rowsWritten += source.rowsWritten;
          totals.rowsRejected += source.rowsRejected;
          totals.quarantinedFiles += countOf(source.quarantinedFiles);
          if (source.status === 'failed') totals.failures.push(`${day.date} ${source.source}: ${source.error ?? 'failed'}`);
        }
      }
      step.update(totals.dates, last);
    }
  } catch (error) {
    step.fail(`stopped after ${totals.dates} of ${dates.length} dates`);
    throw error;
  }
  const summary = `${totals.dates} dates, ${totals.rowsWritten} rows written, ${totals.rowsRejected} quarantined`;
  if (totals.failures.length > 0) step.fail(`${summary}, ${totals.failures.length} source-days failed`);
  else step.finish(summary);
  return totals;
};

/** Every date that has a folder under a configured source in the landing store. */
const landingDates = async (landing: ObjectStore, sources: readonly string[]): Promise<string[]> => {
  const dates = new Set<string>();
  for (const source of sources) {
    for (const object of await landing.list(`${source}/`)) {
      const date = object.key.split('/')[1];
      if (date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date)) dates.add(date);
    }
  }
  return [...dates].sort();
};

interface IngestCommandOptions extends CommonOptions {
  readonly date?: string;
  readonly from?: string;
  readonly to?: string;
  readonly all?: boolean;
  readonly asOf?: string;
}

/** Exactly one of: `--date`, `--from` with `--to`, `--all`; none means yesterday (the nightly run). */
const checkSelection = (options: IngestCommandOptions): void => {
  const ways = [options.date !== undefined, options.from !== undefined || options.to !== undefined, options.all === true].filter(Boolean).length;
  if (ways > 1) throw new CliUsageError('Give one of --date, --from/--to or --all.');
  if ((options.from === undefined) !== (options.to === undefined)) throw new CliUsageError('--from and --to go together.');
  if (options.from !== undefined && options.to !== undefined) requireOrderedRange(options.from, options.to);
};

export const ingestCommand = (context: CliContext): Command =>
  addCommonOptions(
    new Command('ingest')
      .description('Ingest landing files into the lake (Parquet by day, quarantine, manifests); default: yesterday')
      .addOption(new Option('--date <date>', 'one landing date').argParser(parseDateArgument))
      .addOption(new Option('--from <date>', 'first landing date of a range (with --to)').argParser(parseDateArgument))
      .addOption(new Option('--to <date>', 'last landing date of a range (with --from)').argParser(parseDateArgument))
      .option('--all', 'every date found in the landing folder')
      .addOption(asOfOption()),
  ).action(async (options: IngestCommandOptions) => {
    checkSelection(options);
    const { config } = await resolveConfig(options.config, context.cwd);
    const asOf = options.asOf ?? todayIn(config.reporting.timeZone);
    const layout = dataDirLayout(options.dataDir, context.cwd);
    let dates: string[];
    if (options.all) {
      dates = await landingDates(new FolderObjectStore(layout.landing), Object.keys(config.sources));
      if (dates.length === 0) throw new CliUsageError(`No landing files under ${layout.landing} for the configured sources; run \`funnel-review sample\` first.`);
    } else if (options.from !== undefined && options.to !== undefined) {
      dates = eachDay(options.from, options.to);
    } else {
      dates = [options.date ?? shiftDate(asOf, { days: -1 })];
    }
    const { createLocalRuntime } = await import('../local-runtime.js');
    const runtime = await createLocalRuntime({ dataDir: layout.root, config, asOf, writeOps: (text) => context.stderr.write(text) });
    try {
      const totals = await ingestDates(runtime, dates, context.progress);
      for (const failure of totals.failures) context.stderr.write(`  failed: ${failure}\n`);
      context.progress.line(`Lake: ${layout.lake}`);
      if (totals.failures.length > 0) process.exitCode = EXIT.failure;
    } finally {
      await runtime.close();
    }
  });
