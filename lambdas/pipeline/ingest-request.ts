import { z } from 'zod';
import { addDays, daysBetween, eachDay, localDate } from '../calendar/fiscal-calendar.js';
import { runIngest, type IngestRunResult } from '../ingest/run-ingest.js';
import { redactAddresses } from '../observability/app-logger.js';
import { METRIC_NAMES } from '../observability/metrics.js';
import { parsePayload, PayloadError } from './payload-error.js';
import type { RuntimeDeps } from './runtime-deps.js';

export type { IngestRunResult } from '../ingest/run-ingest.js';

/** Longest range one request may ingest (a backfill beyond it is split into several requests). */
export const MAX_INGEST_DAYS = 400;

const isRealDay = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

const day = z.string({ error: 'must be a date like 2026-11-18' }).refine(isRealDay, { error: 'must be a real date like 2026-11-18' });

/**
 * The ingest Lambda's event. Scheduled: `{}` (yesterday in the reporting time zone), optionally
 * with `scheduledTime`. On demand: `{ "date": "2026-11-18" }` or
 * `{ "from": "2026-11-01", "to": "2026-11-18" }` (at most 400 days). Ingest is idempotent, so
 * any of these can be repeated.
 */
export const ingestRequestSchema = z
  .object({
    date: day.optional(),
    from: day.optional(),
    to: day.optional(),
    /** When the schedule fired (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`): "yesterday" is relative to it. */
    scheduledTime: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' }).optional(),
  })
  .strict()
  .check(
    z.superRefine(
      (request: { date?: unknown; from?: unknown; to?: unknown }, context) => {
        if (request.date !== undefined && (request.from !== undefined || request.to !== undefined)) {
          context.addIssue({ code: 'custom', path: ['date'], message: 'give either date, or from and to, not both' });
        }
        if ((request.from === undefined) !== (request.to === undefined)) {
          context.addIssue({ code: 'custom', path: [request.from === undefined ? 'from' : 'to'], message: 'from and to go together' });
        }
        if (typeof request.from === 'string' && typeof request.to === 'string' && isRealDay(request.from) && isRealDay(request.to)) {
          const span = daysBetween(request.from, request.to) + 1;
          if (span < 1) context.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${request.from})` });
          if (span > MAX_INGEST_DAYS) {
            context.addIssue({ code: 'custom', path: ['to'], message: `the range covers ${span} days; at most ${MAX_INGEST_DAYS} per request` });
          }
        }
      },
      { when: () => true },
    ),
  );

export type IngestRequest = z.infer<typeof ingestRequestSchema>;

/** The landing dates a request means; dates after today (reporting time zone) are refused. */
export const ingestDates = (request: IngestRequest, today: string): string[] => {
  const dates =
    request.date !== undefined
      ? [request.date]
      : request.from !== undefined && request.to !== undefined
        ? eachDay(request.from, request.to)
        : [addDays(today, -1)];
  const last = dates[dates.length - 1];
  if (last !== undefined && last > today) {
    throw new PayloadError('ingest', [`${request.date !== undefined ? 'date' : 'to'}: ${last} is in the future (today is ${today})`]);
  }
  return dates;
};

/**
 * One ingest request, nightly or on demand, in Lambda or from the CLI. Returns the run result;
 * ops are told about failed source-days, and the handler fails the invocation on them.
 */
export async function runIngestRequest(payload: unknown, deps: RuntimeDeps): Promise<IngestRunResult> {
  const request = parsePayload('ingest', ingestRequestSchema, payload ?? {}, '{ "date": "2026-11-18" }');
  const now = request.scheduledTime === undefined ? deps.clock.now() : new Date(request.scheduledTime);
  const today = localDate(now, deps.config.reporting.timeZone);
  const dates = ingestDates(request, today);
  const runId = `ingest-${deps.clock.now().toISOString()}${deps.invocationId === undefined ? '' : `-${deps.invocationId}`}`;
  deps.logger.info('ingest requested', { runId, from: dates[0], to: dates[dates.length - 1], days: dates.length });

  const result = await runIngest({ config: deps.config, landing: deps.landing, lake: deps.lake, dates, runId, now: deps.clock.now(), threads: deps.ingestThreads });

  let written = 0;
  let rejected = 0;
  const failures: string[] = [];
  for (const { date, sources, manifests } of result.dates) {
    for (const source of sources) {
      written += source.rowsWritten;
      rejected += source.rowsRejected;
      // Counts and ids only: rejection samples may quote source rows, so they stay in quarantine.
      const entry = {
        runId,
        date,
        source: source.source,
        dataset: source.dataset,
        status: source.status,
        files: source.filesRead,
        rowsRead: source.rowsRead,
        rowsWritten: source.rowsWritten,
        rowsRejected: source.rowsRejected,
        ...(source.missingColumns.length > 0 ? { missingColumns: source.missingColumns } : {}),
      };
      if (source.status === 'failed') {
        const error = redactAddresses(source.error ?? 'failed');
        failures.push(`${date} ${source.source}: ${error}`);
        deps.logger.error('source ingest failed', { ...entry, error });
      } else if (source.status === 'no-files') deps.logger.warn('no landing files for source', entry);
      else deps.logger.info('source ingested', entry);
    }
    deps.logger.debug('manifests written', { runId, date, manifests });
  }
  deps.metrics?.addMetric(METRIC_NAMES.ingestRowsWritten, 'Count', written);
  deps.metrics?.addMetric(METRIC_NAMES.ingestRowsRejected, 'Count', rejected);
  deps.logger.info('ingest finished', { runId, ok: result.ok, days: result.dates.length, rowsWritten: written, rowsRejected: rejected });

  if (failures.length > 0) {
    await deps.notifier.notify(
      `Funnel Review: ingest failed for ${failures.length} source-day(s)`,
      [
        `Ingest run ${runId} could not ingest:`,
        ...failures.map((failure) => `  ${failure}`),
        'Good data already in the lake was kept. Fix the file or mapping, then re-run with',
        `  { "from": "${dates[0] ?? today}", "to": "${dates[dates.length - 1] ?? today}" }`,
      ].join('\n'),
    );
  }
  return result;
}

/** Some source could not be ingested; thrown by the handler so the platform retries and alarms. */
export class IngestFailedError extends Error {
  constructor(readonly runId: string, readonly failures: readonly string[]) {
    super(`ingest run ${runId} failed for ${failures.join('; ')}`);
    this.name = 'IngestFailedError';
  }
}

/** Throws IngestFailedError when any source failed on any date. */
export const assertIngested = (result: IngestRunResult): void => {
  if (result.ok) return;
  const failures = result.dates.flatMap(({ date, sources }) =>
    sources.filter((s) => s.status === 'failed').map((s) => `${date} ${s.source} (${redactAddresses(s.error ?? 'failed')})`),
  );
  throw new IngestFailedError(result.runId, failures);
};
