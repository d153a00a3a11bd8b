import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import { eachDay } from '../../../lambdas/calendar/fiscal-calendar.js';
import { CADENCES } from '../../../lambdas/calendar/period-types.js';
import { ARCHIVE_INDEX_KEY } from '../../../lambdas/pack-pages/page-keys.js';
import type { ReportOutcome } from '../../../lambdas/pipeline/report-request.js';
import { EXIT, parseSeedArgument, todayIn } from '../cli-arguments.js';
import { resolveConfig } from '../cli-config.js';
import type { CliContext, CommonOptions } from '../cli-context.js';
import { dataDirLayout, type DataDirLayout } from '../data-dir.js';
import { markerMatches, readSampleMarker } from '../sample-marker.js';
import { addCommonOptions, asOfOption } from './common-options.js';
import { datesNeedingIngest, ingestDates } from './ingest-command.js';
import { describeOutcome, isGoodOutcome, producePack } from './report-command.js';
import { DEFAULT_SEED, describePlanted, sampleRangeFor, writeSampleData } from './sample-command.js';

interface DemoCommandOptions extends CommonOptions {
  readonly asOf?: string;
  readonly seed: number;
  readonly force?: boolean;
}

/** Everything a demo run derived from an older sample: stale once the sample changes. */
const clearDemoData = async (layout: DataDirLayout): Promise<void> => {
  await Promise.all([layout.landing, layout.lake, layout.reports, layout.outbox].map((dir) => rm(dir, { recursive: true, force: true })));
};

const elapsed = (startedAt: number): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

export const demoCommand = (context: CliContext): Command =>
  addCommonOptions(
    new Command('demo')
      .description('Sample data → ingest → the latest weekly, monthly and quarterly packs (what `npm start` runs)')
      .addOption(asOfOption())
      .addOption(new Option('--seed <n>', 'sample data seed').default(DEFAULT_SEED).argParser(parseSeedArgument))
      .option('--force', 'start over: regenerate the sample, re-ingest every day, re-render and re-deliver the packs'),
  ).action(async (options: DemoCommandOptions) => {
    const startedAt = Date.now();
    const { config, file } = await resolveConfig(options.config, context.cwd);
    const timeZone = config.reporting.timeZone;
    const asOf = options.asOf ?? todayIn(timeZone);
    const layout = dataDirLayout(options.dataDir, context.cwd);
    const sample = { seed: options.seed, ...sampleRangeFor(asOf), scale: 1, timeZone };
    context.progress.line(`funnel-review demo as of ${asOf} (${timeZone}), config: ${file ?? 'built-in sample config'}, data: ${layout.root}`);

    // 1. Sample data: reused when the marker says the landing folder holds exactly this sample.
    const marker = await readSampleMarker(layout.sampleMarker);
    const reuseSample = !options.force && markerMatches(marker, sample);
    if (reuseSample) {
      context.progress.line(`✔ Sample data: reusing ${sample.from}…${sample.to} (seed ${sample.seed})`);
    } else {
      // Only a folder this command filled (it has the marker) is cleared; anything else is left alone.
      if (marker !== undefined) await clearDemoData(layout);
      const summary = await writeSampleData(layout, sample, context.progress);
      for (const line of describePlanted(summary)) context.progress.line(`  ${line}`);
    }

    const { createLocalRuntime } = await import('../local-runtime.js');
    const runtime = await createLocalRuntime({ dataDir: layout.root, config, asOf, writeOps: (text) => context.stderr.write(text) });
    let failed = false;
    const outcomes: ReportOutcome[] = [];
    try {
      // 2. Ingest: every day of a fresh sample; otherwise only days without an OK manifest.
      const days = eachDay(sample.from, sample.to);
      const toIngest = reuseSample ? await datesNeedingIngest(runtime, days) : days;
      if (toIngest.length === 0) {
        context.progress.line(`✔ Ingest: all ${days.length} days already in the lake`);
      } else {
        const totals = await ingestDates(runtime, toIngest, context.progress);
        for (const failure of totals.failures) context.stderr.write(`  failed: ${failure}\n`);
        failed ||= totals.failures.length > 0;
      }

      // 3. The latest full period of each cadence, as the schedules would send them on `asOf`.
      for (const cadence of CADENCES) {
        const outcome = await producePack(runtime, { cadence, ...(options.force ? { force: true } : {}) }, context.progress);
        outcomes.push(outcome);
        failed ||= !isGoodOutcome(outcome);
      }
    } finally {
      await runtime.close();
    }

    context.progress.line('');
    for (const outcome of outcomes) for (const line of describeOutcome(layout, outcome)) context.progress.line(line);
    context.progress.line(`All packs (web pages): ${pathToFileURL(path.join(layout.reports, ARCHIVE_INDEX_KEY)).href}`);
    context.progress.line(`Delivered messages: ${layout.outbox}`);
    context.progress.line(`Done in ${elapsed(startedAt)}.`);
    if (failed) process.exitCode = EXIT.failure;
  });
