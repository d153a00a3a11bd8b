import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Argument, Command, Option } from 'commander';
import type { FunnelReviewConfig } from '../../../lambdas/config/config-schema.js';
import { calendarSettings, periodById } from '../../../lambdas/calendar/fiscal-calendar.js';
import { CADENCES, type Cadence } from '../../../lambdas/calendar/period-types.js';
import type { ReportOutcome } from '../../../lambdas/pipeline/report-request.js';
import { CliUsageError, EXIT, asOfInstant, collectTeam, todayIn } from '../cli-arguments.js';
import { resolveConfig } from '../cli-config.js';
import type { CliContext, CommonOptions } from '../cli-context.js';
import { dataDirLayout, type DataDirLayout } from '../data-dir.js';
import type { LocalRuntime } from '../local-runtime.js';
import type { ProgressReporter } from '../progress-reporter.js';
import { addCommonOptions, asOfOption } from './common-options.js';

/** Statuses after which the pack reached (or had already reached) everyone it was meant for. */
const GOOD_STATUSES: ReadonlySet<ReportOutcome['status']> = new Set(['sent', 'already-sent', 'dry-run', 'test-sent']);

export const packFileUrl = (layout: DataDirLayout, outcome: ReportOutcome): string =>
  pathToFileURL(path.join(layout.reports, ...outcome.htmlKey.split('/'))).href;

/** `weekly    2026-W47  sent  <headline>` then the file:// link to open. */
export const describeOutcome = (layout: DataDirLayout, outcome: ReportOutcome): string[] => [
  `${outcome.cadence.padEnd(9)} ${outcome.period.id.padEnd(8)} ${outcome.status.padEnd(12)} ${outcome.headline}`,
  `${' '.repeat(9)} ${packFileUrl(layout, outcome)}`,
  ...(outcome.banner === undefined ? [] : [`${' '.repeat(9)} note: ${outcome.banner}`]),
];

export const isGoodOutcome = (outcome: ReportOutcome): boolean => GOOD_STATUSES.has(outcome.status);

export interface ReportPayload {
  readonly cadence: Cadence;
  readonly period?: string;
  readonly teams?: string[];
  readonly dryRun?: boolean;
  readonly force?: boolean;
  readonly test?: boolean;
}

/** Runs one pack through the same request handler the report Lambda runs. */
export const producePack = async (runtime: LocalRuntime, payload: ReportPayload, progress: ProgressReporter): Promise<ReportOutcome> => {
  const { runReportRequest } = await import('../../../lambdas/pipeline/report-request.js');
  const step = progress.start(`${payload.cadence} pack${payload.period ? ` ${payload.period}` : ''}`, 1);
  try {
    const outcome = await runReportRequest(payload, runtime);
    const sentTo = outcome.deliveries.filter((d) => d.status === 'sent').map((d) => d.team);
    const summary = `${outcome.period.id} ${outcome.status}${sentTo.length > 0 ? ` to ${sentTo.join(', ')}` : ''}`;
    if (isGoodOutcome(outcome)) step.finish(summary);
    else step.fail(summary);
    return outcome;
  } catch (error) {
    step.fail('failed');
    throw error;
  }
};

/** Period id and team ids checked against the calendar and the config before anything is touched. */
const checkTarget = (config: FunnelReviewConfig, cadence: Cadence, period: string | undefined, teams: readonly string[] | undefined): void => {
  if (period !== undefined) periodById(cadence, period, calendarSettings(config));
  const known = Object.keys(config.teams);
  for (const team of teams ?? []) {
    if (!known.includes(team)) throw new CliUsageError(`--team ${team}: not a team in the config (teams: ${known.join(', ')}).`);
  }
};

interface ReportCommandOptions extends CommonOptions {
  readonly period?: string;
  readonly team?: string[];
  readonly dryRun?: boolean;
  readonly force?: boolean;
  readonly test?: boolean;
  readonly asOf?: string;
}

export const reportCommand = (context: CliContext): Command =>
  addCommonOptions(
    new Command('report')
      .description('Produce a review pack: metrics, render, archive to <data-dir>/reports/, deliver to <data-dir>/outbox/')
      .addArgument(new Argument('<cadence>', 'which pack').choices(CADENCES))
      .option('--period <id>', 'period id: 2026-W47, 2026-11 or 2026-Q4 (default: the latest full period)')
      .addOption(new Option('--team <id>', 'send to this team only (repeatable; default: every team)').argParser(collectTeam))
      .option('--dry-run', 'render and archive, send nothing')
      .option('--force', 'send again to teams that already have this pack')
      .option('--test', "send each team's copy only to testRecipients from the config, [Test] in the subject (repeatable, recorded apart)")
      .addOption(asOfOption()),
  ).action(async (cadence: Cadence, options: ReportCommandOptions) => {
    const { config } = await resolveConfig(options.config, context.cwd);
    checkTarget(config, cadence, options.period, options.team);
    const asOf = options.asOf ?? todayIn(config.reporting.timeZone);
    const payload: ReportPayload = {
      cadence,
      ...(options.period === undefined ? {} : { period: options.period }),
      ...(options.team === undefined ? {} : { teams: options.team }),
      dryRun: options.dryRun === true,
      force: options.force === true,
      test: options.test === true,
    };
    // Everything the pipeline refuses is refused here, before the data dir is touched (exit 2 writes nothing).
    const { validateReportRequest } = await import('../../../lambdas/pipeline/report-request.js');
    validateReportRequest(payload, config, asOfInstant(asOf, config.reporting.timeZone));
    const { createLocalRuntime } = await import('../local-runtime.js');
    const runtime = await createLocalRuntime({ dataDir: dataDirLayout(options.dataDir, context.cwd).root, config, asOf, writeOps: (text) => context.stderr.write(text) });
    try {
      const outcome = await producePack(runtime, payload, context.progress);
      for (const line of describeOutcome(runtime.layout, outcome)) context.progress.line(line);
      if (!isGoodOutcome(outcome)) process.exitCode = EXIT.failure;
    } finally {
      await runtime.close();
    }
  });
