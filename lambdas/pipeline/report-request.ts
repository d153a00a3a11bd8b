import type { Cadence, Period } from '../calendar/period-types.js';
import { ARCHIVE_FILES, archivePack, readArchiveSummary } from '../delivery/pack-archive.js';
import { withDataGapBanner } from '../delivery/data-gap-banner.js';
import { DeliveryFailedError } from '../delivery/delivery-errors.js';
import { DeliveryLedger } from '../delivery/delivery-ledger.js';
import { deliverPack, type TeamDelivery } from '../delivery/deliver-pack.js';
import { composeTeamMessage } from '../delivery/mime-composer.js';
import { METRIC_NAMES } from '../observability/metrics.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';
import { checkDataFreshness, describeDataGaps } from './data-freshness.js';
import type { PackProducer } from './pack-producer.js';
import { parsePayload, PayloadError } from './payload-error.js';
import { reportRequestSchema, type ReportRequest } from './report-payload.js';
import { resolveReportPeriod, selectTeams } from './report-period.js';
import type { RuntimeDeps } from './runtime-deps.js';

export { reportRequestSchema, type ReportRequest } from './report-payload.js';
export type { TeamDelivery, DeliveryStatus } from '../delivery/deliver-pack.js';

export type ReportStatus =
  /** Every requested team has the pack (sent now, or by an earlier run for some). */
  | 'sent'
  /** Every requested team already had it: nothing was sent or recomputed. */
  | 'already-sent'
  /** Some teams got it, at least one send failed. */
  | 'partially-sent'
  | 'failed'
  /** Data incomplete and `freshness.onMissingData` is `hold`: archived, not sent, ops told. */
  | 'held'
  | 'dry-run'
  /** An earlier run crashed mid-send for some team: not re-sent, ops told, `force` decides. */
  | 'needs-attention';

export interface ReportOutcome {
  readonly cadence: Cadence;
  readonly period: Period;
  readonly status: ReportStatus;
  readonly subject: string;
  readonly headline: string;
  /** The data-gap line shown on the pack, when days were missing or failed. */
  readonly banner?: string;
  /** `<cadence>/<period>/` in the reports store. */
  readonly archivePrefix: string;
  readonly htmlKey: string;
  readonly deliveries: readonly TeamDelivery[];
}

export interface ReportRunOptions {
  /** Defaults to the real metrics → pack → render chain. */
  readonly producePack?: PackProducer;
}

const defaultProducer: PackProducer = async (input) => {
  // Loaded on first use so tests with a fake producer never load DuckDB, MJML or vega.
  const { produceFunnelPack } = await import('./funnel-pack-producer.js');
  return produceFunnelPack(input);
};

/** Period and teams together, so a payload with several problems hears about all of them. */
const resolveTarget = (request: ReportRequest, deps: RuntimeDeps, now: Date) => {
  const problems: string[] = [];
  let teams: string[] = [];
  let resolved: ReturnType<typeof resolveReportPeriod> | undefined;
  try {
    teams = selectTeams(request.teams, deps.config);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    problems.push(...error.problems);
  }
  try {
    resolved = resolveReportPeriod(request.cadence, request.period, deps.config, now);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    problems.push(...error.problems);
  }
  if (resolved === undefined || problems.length > 0) throw new PayloadError('report', problems);
  return { teams, ...resolved };
};

const overallStatus = (deliveries: readonly TeamDelivery[]): ReportStatus => {
  const count = (status: TeamDelivery['status']): number => deliveries.filter((d) => d.status === status).length;
  const failed = count('failed');
  if (failed > 0) return failed === deliveries.length ? 'failed' : 'partially-sent';
  if (count('unknown') > 0) return 'needs-attention';
  if (count('already-sent') === deliveries.length) return 'already-sent';
  return 'sent';
};

/**
 * One report request, scheduled or on demand, in Lambda or from the CLI:
 * validate → period → freshness gate → metrics/pack/render → compose per team → archive →
 * deliver once per team. A bad payload throws PayloadError before anything is read or written.
 */
export async function runReportRequest(payload: unknown, deps: RuntimeDeps, options: ReportRunOptions = {}): Promise<ReportOutcome> {
  const request = parsePayload('report', reportRequestSchema, payload, '{ "cadence": "weekly" }');
  const now = request.scheduledTime === undefined ? deps.clock.now() : new Date(request.scheduledTime);
  const { teams, period, today } = resolveTarget(request, deps, now);
  const { cadence } = request;
  const context = { cadence, period: period.id };
  const ledger = new DeliveryLedger(deps.reports);
  deps.logger.info('report requested', { ...context, teams, dryRun: request.dryRun, force: request.force });

  const records = new Map((await Promise.all(teams.map(async (team) => [team, await ledger.read(cadence, period.id, team)] as const))));
  const sentBefore = new Set(teams.filter((team) => records.get(team)?.status === 'sent'));

  // A doubled or retried run after every team got the pack: answer from the archive, query nothing.
  if (!request.dryRun && !request.force && sentBefore.size === teams.length) {
    const summary = await readArchiveSummary(deps.reports, cadence, period.id);
    if (summary !== undefined) {
      deps.logger.info('pack already sent to every requested team', context);
      return {
        cadence,
        period,
        status: 'already-sent',
        subject: summary.subject,
        headline: summary.headline,
        ...(summary.banner === undefined ? {} : { banner: summary.banner }),
        archivePrefix: REPORT_KEYS.packPrefix(cadence, period.id),
        htmlKey: REPORT_KEYS.packPrefix(cadence, period.id) + ARCHIVE_FILES.html,
        deliveries: teams.map((team) => {
          const record = records.get(team);
          return { team, status: 'already-sent', attempt: record?.attempt, ...(record?.messageId === undefined ? {} : { messageId: record.messageId }) };
        }),
      };
    }
  }

  const freshness = await checkDataFreshness(deps.lake, deps.config, period);
  const banner = describeDataGaps(freshness);
  const hold = banner !== undefined && deps.config.freshness.onMissingData === 'hold' && !request.force && !request.dryRun;
  if (banner !== undefined) {
    deps.logger.warn('data incomplete for the pack', {
      ...context,
      missingDays: freshness.missingDays,
      failedDays: freshness.failedDays,
      policy: deps.config.freshness.onMissingData,
    });
  }

  const produce = options.producePack ?? defaultProducer;
  const links = await deps.packLinks?.linksFor(cadence, period.id);
  const produced = await produce({ config: deps.config, engine: deps.engine, period, asOf: today, freshness, teams, ...(links === undefined ? {} : { links }) });
  const bytesScanned = produced.queryStats.reduce((sum, stat) => sum + (stat.bytesScanned ?? 0), 0);
  deps.logger.info('pack computed', {
    ...context,
    queries: produced.queryStats.map((stat) => ({ name: stat.name, queryId: stat.queryId, bytesScanned: stat.bytesScanned, elapsedMs: stat.elapsedMs })),
    bytesScanned,
  });
  deps.metrics?.addMetric(METRIC_NAMES.athenaBytesScanned, 'Bytes', bytesScanned);

  const neutral = withDataGapBanner(produced.neutral, banner);
  const messages = await Promise.all(
    teams.map((team) => {
      const parts = produced.byTeam[team];
      if (parts === undefined) throw new Error(`pack producer returned no rendering for team "${team}"`);
      return composeTeamMessage({ config: deps.config, cadence, periodId: period.id, team, parts: withDataGapBanner(parts, banner), date: now });
    }),
  );

  const archive = await archivePack({
    store: deps.reports,
    cadence,
    periodId: period.id,
    neutral,
    messages,
    keepEmlOf: request.force ? new Set() : sentBefore,
    ...(banner === undefined ? {} : { banner }),
    freshness,
    now: deps.clock.now(),
  });
  deps.logger.info('pack archived', { ...context, archive: `${deps.reports.location}/${archive.prefix}`, files: archive.keys.length });

  const outcome = (status: ReportStatus, deliveries: readonly TeamDelivery[]): ReportOutcome => ({
    cadence,
    period,
    status,
    subject: neutral.subject,
    headline: neutral.headline,
    ...(banner === undefined ? {} : { banner }),
    archivePrefix: archive.prefix,
    htmlKey: archive.htmlKey,
    deliveries,
  });

  if (request.dryRun) {
    deps.logger.info('dry run: nothing sent', context);
    return outcome('dry-run', teams.map((team) => ({ team, status: 'dry-run' })));
  }

  if (hold) {
    deps.metrics?.addMetric(METRIC_NAMES.packsHeld, 'Count', teams.length);
    await deps.notifier.notify(
      `Funnel Review: ${cadence} pack ${period.id} held`,
      [
        `The ${cadence} pack for ${period.label} (${period.id}) was not sent: ${banner}.`,
        `It is archived at ${deps.reports.location}/${archive.prefix} for review.`,
        'Backfill the missing days with the ingest function, then re-run the report with',
        `  { "cadence": "${cadence}", "period": "${period.id}" }`,
        `or send it as it is, with the banner, with { "cadence": "${cadence}", "period": "${period.id}", "force": true }.`,
      ].join('\n'),
    );
    deps.logger.warn('pack held: data incomplete', { ...context, teams });
    return outcome('held', teams.map((team) => ({ team, status: 'held' })));
  }

  const deliveries = await deliverPack({
    ledger,
    mailer: deps.mailer,
    clock: deps.clock,
    logger: deps.logger,
    cadence,
    periodId: period.id,
    messages,
    emlKeys: archive.emlKeys,
    force: request.force,
    ...(deps.invocationId === undefined ? {} : { invocationId: deps.invocationId }),
  });

  const sent = deliveries.filter((d) => d.status === 'sent').length;
  const failed = deliveries.filter((d) => d.status === 'failed');
  const unknown = deliveries.filter((d) => d.status === 'unknown');
  if (sent > 0) deps.metrics?.addMetric(METRIC_NAMES.packsSent, 'Count', sent);
  if (failed.length + unknown.length > 0) deps.metrics?.addMetric(METRIC_NAMES.packsFailed, 'Count', failed.length + unknown.length);

  if (failed.length > 0) {
    await deps.notifier.notify(
      `Funnel Review: ${cadence} pack ${period.id} not delivered`,
      `${new DeliveryFailedError(cadence, period.id, failed).message}.\nThe invocation fails so it is retried; a later run sends only to the teams that did not get it.`,
    );
  }
  if (unknown.length > 0) {
    await deps.notifier.notify(
      `Funnel Review: ${cadence} pack ${period.id} needs a decision`,
      [
        `A run claimed the ${cadence} pack ${period.id} for ${unknown.map((d) => d.team).join(', ')} and stopped before recording the outcome.`,
        'Whether the email went out cannot be known, so it is not re-sent automatically.',
        'Check the SES sending logs; to send again use',
        `  { "cadence": "${cadence}", "period": "${period.id}", "teams": ${JSON.stringify(unknown.map((d) => d.team))}, "force": true }`,
      ].join('\n'),
    );
  }
  const status = overallStatus(deliveries);
  deps.logger.info('report finished', { ...context, status, deliveries });
  return outcome(status, deliveries);
}

/** Throws DeliveryFailedError when any team's send failed (the handlers fail the invocation). */
export const assertDelivered = (outcome: ReportOutcome): void => {
  const failed = outcome.deliveries.filter((d) => d.status === 'failed');
  if (failed.length > 0) throw new DeliveryFailedError(outcome.cadence, outcome.period.id, failed);
};
