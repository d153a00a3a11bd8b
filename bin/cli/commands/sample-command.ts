import { Command, Option } from 'commander';
import { FolderObjectStore } from '../../../lambdas/adapters/local/folder-object-store.js';
import { dayIndexOf } from '../../../lambdas/sample/export-formats.js';
import { generateSample, type SampleSummary } from '../../../lambdas/sample/generate-sample.js';
import { parseDateArgument, parseScaleArgument, parseSeedArgument, requireOrderedRange, shiftDate, todayIn } from '../cli-arguments.js';
import { resolveConfig } from '../cli-config.js';
import type { CliContext, CommonOptions } from '../cli-context.js';
import { dataDirLayout, type DataDirLayout } from '../data-dir.js';
import type { ProgressReporter } from '../progress-reporter.js';
import { writeSampleMarker } from '../sample-marker.js';
import { addCommonOptions } from './common-options.js';

export const DEFAULT_SEED = 42;

/** The demo's range: two years up to the day before `asOf` (the last day a nightly export exists for). */
export const sampleRangeFor = (asOf: string): { from: string; to: string } => ({
  from: shiftDate(asOf, { years: -2 }),
  to: shiftDate(asOf, { days: -1 }),
});

export interface SampleRequest {
  readonly seed: number;
  readonly from: string;
  readonly to: string;
  readonly scale: number;
  readonly timeZone: string;
}

/** Generates the sample into `<data-dir>/landing/` and records what it wrote in the marker file. */
export const writeSampleData = async (layout: DataDirLayout, request: SampleRequest, progress: ProgressReporter): Promise<SampleSummary> => {
  const landing = new FolderObjectStore(layout.landing);
  const step = progress.start('Generating sample data', dayIndexOf(request.to) - dayIndexOf(request.from) + 1);
  let summary: SampleSummary;
  try {
    summary = await generateSample(
      {
        ...request,
        onDayWritten: (date, dayNumber) => step.update(dayNumber, date),
      },
      (key, content) => landing.put(key, content),
    );
  } catch (error) {
    step.fail('stopped');
    throw error;
  }
  await writeSampleMarker(layout.sampleMarker, { ...request, summary });
  step.finish(`${summary.days} days, ${summary.filesWritten} files, ${summary.stageChanges.lead} leads, ${summary.stageChanges.won} deals won`);
  return summary;
};

export const describePlanted = (summary: SampleSummary): string[] => {
  const { planted } = summary;
  return [
    `planted: MQL acceptance drops in week ${planted.acceptanceDrop.id} (${planted.acceptanceDrop.start}…${planted.acceptanceDrop.end})`,
    `planted: ${planted.costPerLeadSpike.channel} cost per lead doubles in ${planted.costPerLeadSpike.id}`,
    `planted: win rate falls from ${planted.revenueMiss.id}, revenue misses the quarter goal`,
    `planted: ${planted.malformedRows.length} malformed rows, ${planted.resentDays.length} re-sent exports${
      planted.closeDateCorrection ? `, a close date corrected on ${planted.closeDateCorrection.reexportedOn}` : ''
    }`,
  ];
};

interface SampleCommandOptions extends CommonOptions {
  readonly seed: number;
  readonly from?: string;
  readonly to?: string;
  readonly scale: number;
}

export const sampleCommand = (context: CliContext): Command =>
  addCommonOptions(
    new Command('sample')
      .description('Generate deterministic sample exports (CRM, ad spend, web sessions) into <data-dir>/landing/')
      .addOption(new Option('--seed <n>', 'random seed: the same seed gives byte-identical files').default(DEFAULT_SEED).argParser(parseSeedArgument))
      .addOption(new Option('--from <date>', 'first day (default: two years before --to)').argParser(parseDateArgument))
      .addOption(new Option('--to <date>', 'last day (default: yesterday in the reporting time zone)').argParser(parseDateArgument))
      .addOption(new Option('--scale <n>', 'volume multiplier (1 ≈ 60-120 new leads per weekday)').default(1).argParser(parseScaleArgument)),
  ).action(async (options: SampleCommandOptions) => {
    const { config } = await resolveConfig(options.config, context.cwd);
    const to = options.to ?? shiftDate(todayIn(config.reporting.timeZone), { days: -1 });
    const from = options.from ?? shiftDate(to, { years: -2, days: 1 });
    requireOrderedRange(from, to);
    const layout = dataDirLayout(options.dataDir, context.cwd);
    const summary = await writeSampleData(layout, { seed: options.seed, from, to, scale: options.scale, timeZone: config.reporting.timeZone }, context.progress);
    for (const line of describePlanted(summary)) context.progress.line(`  ${line}`);
    context.progress.line(`Landing files: ${layout.landing}`);
  });
