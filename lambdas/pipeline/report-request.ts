import type { Cadence, Period } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import { withDataGapBanner } from '../delivery/data-gap-banner.js';
import { deliverPack, type DeliveryContext, type TeamDelivery } from '../delivery/deliver-pack.js';
import { deliverSlack, slackTeams } from '../delivery/deliver-slack.js';
import { DeliveryFailedError } from '../delivery/delivery-errors.js';
import { DeliveryLedger } from '../delivery/delivery-ledger.js';
import { composeTeamMessage } from '../delivery/mime-composer.js';
import { ARCHIVE_FILES, archivePack, readArchiveSummary } from '../delivery/pack-archive.js';
import { claimPack, PackInProgressError, type PackClaimRecord } from '../delivery/pack-claim.js';
import { existingPackPageUrl } from '../delivery/pack-links.js';
import { slackMessage } from '../delivery/slack-message.js';
import { sendTests, testSendRunPrefix } from '../delivery/test-send.js';
import type { DataFreshness } from '../metrics/metric-types.js';
import { METRIC_NAMES } from '../observability/metrics.js';
import type { OutgoingMessage } from '../ports/mailer.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';
import { checkDataFreshness, describeDataGaps } from './data-freshness.js';
import type { PackProducer, ProducedPack } from './pack-producer.js';
import { parsePayload, PayloadError } from './payload-error.js';
import { reportRequestSchema, type ReportRequest } from './report-payload.js';
import { failedNotice, heldNotice, unknownNotice, type OpsNotice } from './report-notices.js';
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
  | 'needs-attention'
  /** Another run holds this pack now: this one wrote and sent nothing (`holder` says which). */
  | 'in-progress'
  /** A test send reached the test recipients (nothing was delivered). */
  | 'test-sent';

export interface ReportOutcome {
  readonly cadence: Cadence;
  readonly period: Period;
  readonly status: ReportStatus;
  readonly subject: string;
  readonly headline: string;
  /** The data-gap line shown on the pack, when days were missing or failed. */
  readonly banner?: string;
  /** `<cadence>/<period>/` in the reports store (`test-sends/…/` for a test send). */
  readonly archivePrefix: string;
  readonly htmlKey: string;
  /** One email delivery per requested team. */
  readonly deliveries: readonly TeamDelivery[];
  /** One Slack post per requested team with a webhook in config. */
  readonly slack: readonly TeamDelivery[];
  /** For `in-progress`: the claim of the run that holds the pack. */
  readonly holder?: PackClaimRecord;
}

export interface ReportRunOptions {
  /** Defaults to the real metrics → pack → render chain. */
  readonly producePack?: PackProducer;
}

/** A request checked against the config and the calendar: nothing read or written yet. */
export interface ReportTarget {
  readonly request: ReportRequest;
  readonly teams: readonly string[];
  readonly period: Period;
  /** Today in the reporting time zone. */
  readonly today: string;
  /** The instant the run is "at": the schedule's fire time, or the clock. */
  readonly now: Date;
}

const defaultProducer: PackProducer = async (input) => {
  // Loaded on first use so tests with a fake producer never load DuckDB, MJML or vega.
  const { produceFunnelPack } = await import('./funnel-pack-producer.js');
  return produceFunnelPack(input);
};

export const parseReportPayload = (payload: unknown): ReportRequest => parsePayload('report', reportRequestSchema, payload, '{ "cadence": "weekly" }');

/**
 * Everything a report request is checked for before a run reads or writes anything: the payload,
 * the teams, the period (ended, in the reporting time zone), test recipients for a test send.
 * Every problem is listed in one PayloadError. The CLI calls it before it creates its data dir.
 */
export const validateReportRequest = (payload: unknown, config: FunnelReviewConfig, clockNow: Date): ReportTarget => {
  const request = parseReportPayload(payload);
  const now = request.scheduledTime === undefined ? clockNow : new Date(request.scheduledTime);
  const problems: string[] = [];
  const collect = <Value>(check: () => Value): Value | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof PayloadError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const teams = collect(() => selectTeams(request.teams, config)) ?? [];
  const resolved = collect(() => resolveReportPeriod(request.cadence, request.period, config, now));
  if (request.test && config.testRecipients.length === 0) problems.push('test: no testRecipients in the config to send a test to');
  if (resolved === undefined || problems.length > 0) throw new PayloadError('report', problems);
  return { request, teams, period: resolved.period, today: resolved.today, now };
};

const countOf = (deliveries: readonly TeamDelivery[], status: TeamDelivery['status']): number => deliveries.filter((d) => d.status === status).length;

const overallStatus = (deliveries: readonly TeamDelivery[]): ReportStatus => {
  const failed = countOf(deliveries, 'failed');
  if (failed > 0) return failed === deliveries.length ? 'failed' : 'partially-sent';
  if (countOf(deliveries, 'unknown') > 0) return 'needs-attention';
  if (deliveries.length > 0 && countOf(deliveries, 'test-sent') === deliveries.length) return 'test-sent';
  if (countOf(deliveries, 'already-sent') === deliveries.length) return 'already-sent';
  return 'sent';
};

const outcomeOf = (target: ReportTarget, fields: Omit<ReportOutcome, 'cadence' | 'period'>): ReportOutcome => ({
  cadence: target.request.cadence,
  period: target.period,
  ...fields,
});

/**
 * One report request, scheduled or on demand, in Lambda or from the CLI:
 * validate → (test send) → answer from the archive when every team has it → claim the pack →
 * freshness gate → metrics/pack/render → compose per team → archive → deliver once per team and
 * channel → release the pack. A bad payload throws PayloadError before anything is read or written.
 */
export async function runReportRequest(payload: unknown, deps: RuntimeDeps, options: ReportRunOptions = {}): Promise<ReportOutcome> {
  const target = validateReportRequest(payload, deps.config, deps.clock.now());
  const { request, period, teams } = target;
  const context = { cadence: request.cadence, period: period.id };
  deps.logger.info('report requested', { ...context, teams, dryRun: request.dryRun, force: request.force, test: request.test });
  const produce = options.producePack ?? defaultProducer;
  if (request.test) return runTestSend(target, deps, produce);

  const answered = await answerFromArchive(target, deps);
  if (answered !== undefined) return answered;

  const claim = await claimPack(deps.reports, {
    cadence: request.cadence,
    periodId: period.id,
    now: deps.clock.now(),
    ...(deps.invocationId === undefined ? {} : { invocationId: deps.invocationId }),
  });
  if (claim.kind === 'busy') return busyOutcome(target, deps, claim.holder);
  try {
    return await producePackAndDeliver(target, deps, produce);
  } finally {
    await claim.release(deps.clock.now()).catch((error: unknown) => {
      // Left unreleased, the claim lapses after the stale limit; the run's outcome stands.
      deps.logger.error('pack claim not released', { ...context, run: claim.record.run, error: String(error) });
    });
  }
}

/** Another run holds the pack: write nothing, send nothing, say who holds it. */
const busyOutcome = (target: ReportTarget, deps: RuntimeDeps, holder: PackClaimRecord): ReportOutcome => {
  const prefix = REPORT_KEYS.packPrefix(target.request.cadence, target.period.id);
  deps.logger.info('pack claimed by another run: nothing done', { cadence: target.request.cadence, period: target.period.id, claimedAt: holder.claimedAt, run: holder.run });
  const inProgress = (team: string): TeamDelivery => ({ team, status: 'in-progress' });
  return outcomeOf(target, {
    status: 'in-progress',
    subject: '',
    headline: `another run has been producing this pack since ${holder.claimedAt}`,
    archivePrefix: prefix,
    htmlKey: prefix + ARCHIVE_FILES.html,
    deliveries: target.teams.map(inProgress),
    slack: slackTeams(deps.config, target.teams).map(inProgress),
    holder,
  });
};

/** A doubled or retried run after every team got the pack on every channel: answer from the archive, query nothing. */
const answerFromArchive = async (target: ReportTarget, deps: RuntimeDeps): Promise<ReportOutcome | undefined> => {
  const { request, period, teams } = target;
  if (request.dryRun || request.force) return undefined;
  const ledger = new DeliveryLedger(deps.reports);
  const email = await Promise.all(teams.map((team) => ledger.read(request.cadence, period.id, team)));
  const slack = await Promise.all(slackTeams(deps.config, teams).map((team) => ledger.read(request.cadence, period.id, team, 'slack')));
  if (![...email, ...slack].every((record) => record?.status === 'sent')) return undefined;
  const summary = await readArchiveSummary(deps.reports, request.cadence, period.id);
  if (summary === undefined) return undefined;
  deps.logger.info('pack already sent to every requested team', { cadence: request.cadence, period: period.id });
  const asAlreadySent = (record: (typeof email)[number]): TeamDelivery => ({
    team: record?.team ?? '',
    status: 'already-sent',
    ...(record?.attempt === undefined ? {} : { attempt: record.attempt }),
    ...(record?.messageId === undefined ? {} : { messageId: record.messageId }),
  });
  return outcomeOf(target, {
    status: 'already-sent',
    subject: summary.subject,
    headline: summary.headline,
    ...(summary.banner === undefined ? {} : { banner: summary.banner }),
    archivePrefix: REPORT_KEYS.packPrefix(request.cadence, period.id),
    htmlKey: REPORT_KEYS.packPrefix(request.cadence, period.id) + ARCHIVE_FILES.html,
    deliveries: email.map(asAlreadySent),
    slack: slack.map(asAlreadySent),
  });
};

interface RenderedRun {
  readonly produced: ProducedPack;
  readonly freshness: DataFreshness;
  readonly banner?: string;
  readonly messages: readonly OutgoingMessage[];
}

/** Freshness gate, metrics → pack → render, one message per team (test messages for a test send). */
const renderRun = async (target: ReportTarget, deps: RuntimeDeps, produce: PackProducer): Promise<RenderedRun> => {
  const { request, period, teams } = target;
  const context = { cadence: request.cadence, period: period.id };
  const freshness = await checkDataFreshness(deps.lake, deps.config, period);
  const banner = describeDataGaps(freshness);
  if (banner !== undefined) {
    deps.logger.warn('data incomplete for the pack', { ...context, missingDays: freshness.missingDays, failedDays: freshness.failedDays, policy: deps.config.freshness.onMissingData });
  }
  // The email's links to the pack's web page, CSV and archive (files locally, signed in AWS).
  const links = await deps.packLinks?.linksFor(request.cadence, period.id);
  const produced = await produce({ config: deps.config, engine: deps.engine, period, asOf: target.today, freshness, teams, ...(links === undefined ? {} : { links }) });
  const bytesScanned = produced.queryStats.reduce((sum, stat) => sum + (stat.bytesScanned ?? 0), 0);
  deps.logger.info('pack computed', {
    ...context,
    queries: produced.queryStats.map((stat) => ({ name: stat.name, queryId: stat.queryId, bytesScanned: stat.bytesScanned, elapsedMs: stat.elapsedMs })),
    bytesScanned,
  });
  deps.metrics?.addMetric(METRIC_NAMES.athenaBytesScanned, 'Bytes', bytesScanned);
  const messages = await Promise.all(
    teams.map((team) => {
      const parts = produced.byTeam[team];
      if (parts === undefined) throw new Error(`pack producer returned no rendering for team "${team}"`);
      const withBanner = withDataGapBanner(parts, banner);
      return composeTeamMessage({ config: deps.config, cadence: request.cadence, periodId: period.id, team, parts: withBanner, date: target.now, test: request.test });
    }),
  );
  return { produced, freshness, messages, ...(banner === undefined ? {} : { banner }) };
};

/** Renders, archives, then (unless dry run or held) delivers by email and Slack. */
const producePackAndDeliver = async (target: ReportTarget, deps: RuntimeDeps, produce: PackProducer): Promise<ReportOutcome> => {
  const { request, period, teams } = target;
  const { cadence } = request;
  const context = { cadence, period: period.id };
  const run = await renderRun(target, deps, produce);
  const neutral = withDataGapBanner(run.produced.neutral, run.banner);
  const archive = await archivePack({
    store: deps.reports,
    cadence,
    periodId: period.id,
    neutral,
    teams,
    ...(run.banner === undefined ? {} : { banner: run.banner }),
    freshness: run.freshness,
    now: deps.clock.now(),
  });
  deps.logger.info('pack archived', { ...context, archive: `${deps.reports.location}/${archive.prefix}`, files: archive.keys.length });
  const outcome = (status: ReportStatus, deliveries: readonly TeamDelivery[], slack: readonly TeamDelivery[]): ReportOutcome =>
    outcomeOf(target, {
      status,
      subject: neutral.subject,
      headline: neutral.headline,
      ...(run.banner === undefined ? {} : { banner: run.banner }),
      archivePrefix: archive.prefix,
      htmlKey: archive.htmlKey,
      deliveries,
      slack,
    });

  if (request.dryRun) {
    // What each team would get, for a look; never in the place of a sent copy.
    await Promise.all(run.messages.map((message) => deps.reports.put(archive.prefix + ARCHIVE_FILES.previewEml(message.team), message.raw, { contentType: 'message/rfc822' })));
    deps.logger.info('dry run: nothing sent', context);
    return outcome('dry-run', teams.map((team) => ({ team, status: 'dry-run' })), []);
  }
  if (run.banner !== undefined && deps.config.freshness.onMissingData === 'hold' && !request.force) {
    deps.metrics?.addMetric(METRIC_NAMES.packsHeld, 'Count', teams.length);
    await notify(deps, heldNotice(cadence, period, run.banner, `${deps.reports.location}/${archive.prefix}`));
    deps.logger.warn('pack held: data incomplete', { ...context, teams });
    return outcome('held', teams.map((team) => ({ team, status: 'held' })), []);
  }

  const delivery: DeliveryContext = {
    ledger: new DeliveryLedger(deps.reports),
    store: deps.reports,
    clock: deps.clock,
    logger: deps.logger,
    cadence,
    periodId: period.id,
    force: request.force,
    ...(deps.invocationId === undefined ? {} : { invocationId: deps.invocationId }),
  };
  const deliveries = await deliverPack({ ...delivery, mailer: deps.mailer, messages: run.messages, emlKeys: archive.emlKeys });
  const slack = await postToSlack(target, deps, delivery, run, neutral.subject);
  await reportDeliveries(target, deps, deliveries, slack);
  const status = overallStatus([...deliveries, ...slack]);
  deps.logger.info('report finished', { ...context, status, deliveries, slack });
  return outcome(status, deliveries, slack);
};

/** The verdict, tiles and page link to each team's Slack channel that has a webhook. */
const postToSlack = async (target: ReportTarget, deps: RuntimeDeps, delivery: DeliveryContext, run: RenderedRun, title: string): Promise<TeamDelivery[]> => {
  if (slackTeams(deps.config, target.teams).length === 0) return [];
  if (deps.slack === undefined) throw new Error('teams have Slack webhooks in the config, but this runtime has no Slack poster');
  const pageUrl = await existingPackPageUrl(deps.reports, deps.packLinks, target.request.cadence, target.period.id);
  const payload = slackMessage({
    title,
    headline: run.produced.headline,
    ...(run.banner === undefined ? {} : { banner: run.banner }),
    ...(pageUrl === undefined ? {} : { pageUrl }),
  });
  return deliverSlack({ ...delivery, poster: deps.slack, config: deps.config, teams: target.teams, payload });
};

/** Metrics and ops notices for a run's deliveries. */
const reportDeliveries = async (target: ReportTarget, deps: RuntimeDeps, email: readonly TeamDelivery[], slack: readonly TeamDelivery[]): Promise<void> => {
  const { cadence } = target.request;
  const periodId = target.period.id;
  const sent = countOf(email, 'sent');
  const failed = [...email.filter((d) => d.status === 'failed'), ...slack.filter((d) => d.status === 'failed').map((d) => ({ ...d, team: `${d.team} (Slack)` }))];
  const unknown = [...email, ...slack].filter((d) => d.status === 'unknown');
  if (sent > 0) deps.metrics?.addMetric(METRIC_NAMES.packsSent, 'Count', sent);
  if (failed.length + unknown.length > 0) deps.metrics?.addMetric(METRIC_NAMES.packsFailed, 'Count', failed.length + unknown.length);
  if (failed.length > 0) await notify(deps, failedNotice(cadence, periodId, failed));
  if (unknown.length > 0) await notify(deps, unknownNotice(cadence, periodId, unknown));
};

const notify = (deps: RuntimeDeps, notice: OpsNotice): Promise<void> => deps.notifier.notify(notice.subject, notice.message);

/**
 * A test send: each team's rendering to the test recipients only, `[Test]` in the subject,
 * archived and recorded under `test-sends/`; the pack's archive, its delivery records and Slack
 * are left alone, so a test send never blocks or replaces the real one.
 */
const runTestSend = async (target: ReportTarget, deps: RuntimeDeps, produce: PackProducer): Promise<ReportOutcome> => {
  const { request, period } = target;
  const run = await renderRun(target, deps, produce);
  const neutral = withDataGapBanner(run.produced.neutral, run.banner);
  const prefix = testSendRunPrefix(request.cadence, period.id, deps.clock.now(), deps.invocationId);
  const deliveries = await sendTests({
    store: deps.reports,
    mailer: deps.mailer,
    clock: deps.clock,
    logger: deps.logger,
    cadence: request.cadence,
    periodId: period.id,
    messages: run.messages,
    prefix,
    ...(deps.invocationId === undefined ? {} : { invocationId: deps.invocationId }),
  });
  await deps.reports.put(prefix + ARCHIVE_FILES.html, neutral.html, { contentType: 'text/html; charset=utf-8' });
  return outcomeOf(target, {
    status: overallStatus(deliveries),
    subject: neutral.subject,
    headline: neutral.headline,
    ...(run.banner === undefined ? {} : { banner: run.banner }),
    archivePrefix: prefix,
    htmlKey: prefix + ARCHIVE_FILES.html,
    deliveries,
    slack: [],
  });
};

/**
 * Throws when the run left the pack unsettled, so the handler fails the invocation and the
 * platform retries: DeliveryFailedError when a send or Slack post failed, PackInProgressError
 * when another run held the pack (in AWS, runs are serialised, so that run most likely died).
 */
export const assertDelivered = (outcome: ReportOutcome): void => {
  if (outcome.status === 'in-progress' && outcome.holder !== undefined) throw new PackInProgressError(outcome.cadence, outcome.period.id, outcome.holder);
  const failed = [
    ...outcome.deliveries.filter((d) => d.status === 'failed'),
    ...outcome.slack.filter((d) => d.status === 'failed').map((d) => ({ ...d, team: `${d.team} (Slack)` })),
  ];
  if (failed.length > 0) throw new DeliveryFailedError(outcome.cadence, outcome.period.id, failed);
};
