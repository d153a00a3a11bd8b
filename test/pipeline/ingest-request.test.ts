import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config/load-config.js';
import type { IngestManifest } from '../../lambdas/ingest/ingest-manifest.js';
import { assertIngested, IngestFailedError, runIngestRequest } from '../../lambdas/pipeline/ingest-request.js';
import { PayloadError } from '../../lambdas/pipeline/payload-error.js';
import type { RuntimeDeps } from '../../lambdas/pipeline/runtime-deps.js';
import { fixedClock } from '../../lambdas/ports/clock.js';
import { MemoryObjectStore, noQueries, RecordingLogger, RecordingMailer, RecordingMetrics, RecordingNotifier, TUESDAY_MORNING } from './report-fixtures.js';

const spendConfig = (extraSources: Record<string, unknown> = {}) =>
  parseConfig({
    reporting: { timeZone: 'America/New_York', currency: 'USD' },
    sender: { address: 'reports@example.com' },
    teams: { marketing: { name: 'Marketing', recipients: ['m@example.com'] }, sales: { name: 'Sales', recipients: ['s@example.com'] } },
    sources: {
      ads: {
        dataset: 'marketing_spend',
        shape: 'events',
        format: { type: 'ndjson' },
        columns: { date: 'date', channel: 'channel', campaign: 'campaign', amount: 'amount', currency: 'currency' },
      },
      ...extraSources,
    },
  });

const spendLines = (date: string): string =>
  [
    { date, channel: 'paid_search', campaign: 'Brand', amount: 120.5, currency: 'USD' },
    { date, channel: 'email', campaign: 'Newsletter', amount: 30, currency: 'USD' },
  ]
    .map((row) => JSON.stringify(row))
    .join('\n');

const ingestRig = (config = spendConfig()) => {
  const landing = new MemoryObjectStore();
  const lake = new MemoryObjectStore();
  const notifier = new RecordingNotifier();
  const metrics = new RecordingMetrics();
  const deps: RuntimeDeps = {
    config,
    landing,
    lake,
    reports: new MemoryObjectStore(),
    engine: noQueries,
    mailer: new RecordingMailer(),
    clock: fixedClock(TUESDAY_MORNING),
    logger: new RecordingLogger(),
    notifier,
    metrics,
  };
  return { deps, landing, lake, notifier, metrics };
};

describe('runIngestRequest', () => {
  it('a scheduled {} ingests yesterday in the reporting time zone', async () => {
    const rig = ingestRig();
    await rig.landing.put('ads/2026-11-23/spend.ndjson', spendLines('2026-11-23'));

    const result = await runIngestRequest({}, rig.deps);

    expect(result.dates.map((d) => d.date)).toEqual(['2026-11-23']);
    expect(rig.lake.json<IngestManifest>('manifests/marketing_spend/2026-11-23.json')?.status).toBe('ok');
  });

  it('scheduledTime makes "yesterday" relative to when the schedule fired', async () => {
    const rig = ingestRig();

    const result = await runIngestRequest({ scheduledTime: '2026-11-20T07:00:00Z' }, rig.deps);

    // 07:00Z on 20 Nov is 02:00 in New York: yesterday is the 19th.
    expect(result.dates.map((d) => d.date)).toEqual(['2026-11-19']);
  });

  it('an on-demand date ingests that date and counts rows written', async () => {
    const rig = ingestRig();
    await rig.landing.put('ads/2026-11-18/spend.ndjson', spendLines('2026-11-18'));

    const result = await runIngestRequest({ date: '2026-11-18' }, rig.deps);

    expect(result.ok).toBe(true);
    expect(result.dates[0]?.sources[0]).toMatchObject({ source: 'ads', status: 'ok', rowsWritten: 2, rowsRejected: 0 });
    expect(rig.metrics.total('IngestRowsWritten')).toBe(2);
    expect(rig.metrics.total('IngestRowsRejected')).toBe(0);
  });

  it('an on-demand range ingests every date from through to', async () => {
    const rig = ingestRig();

    const result = await runIngestRequest({ from: '2026-11-01', to: '2026-11-03' }, rig.deps);

    expect(result.dates.map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  });

  it('is idempotent: the same request twice leaves the same lake', async () => {
    const rig = ingestRig();
    await rig.landing.put('ads/2026-11-18/spend.ndjson', spendLines('2026-11-18'));
    await runIngestRequest({ date: '2026-11-18' }, rig.deps);
    const dataKeys = rig.lake.keys('marketing_spend/');
    const firstParquet = rig.lake.text(dataKeys[0] ?? '');

    await runIngestRequest({ date: '2026-11-18' }, rig.deps);

    expect(rig.lake.keys('marketing_spend/')).toEqual(dataKeys);
    expect(rig.lake.text(dataKeys[0] ?? '')).toBe(firstParquet);
  });

  it('tells ops about a source that failed and fails the invocation through assertIngested', async () => {
    const rig = ingestRig(spendConfig({ broken: { format: { type: 'ndjson' } } }));

    const result = await runIngestRequest({ date: '2026-11-18' }, rig.deps);

    expect(result.ok).toBe(false);
    expect(rig.notifier.notes.map((n) => n.subject)).toEqual(['Funnel Review: ingest failed for 1 source-day(s)']);
    expect(() => assertIngested(result)).toThrow(IngestFailedError);
  });

  const badPayloads: [string, unknown, string[]][] = [
    ['a bare string', '2026-11-18', ['the payload must be a JSON object, e.g. { "date": "2026-11-18" }']],
    ['a day that does not exist', { date: '2026-02-30' }, ['date: must be a real date like 2026-11-18']],
    ['date and a range together', { date: '2026-11-18', from: '2026-11-01', to: '2026-11-02' }, ['date: give either date, or from and to, not both']],
    ['from without to', { from: '2026-11-01' }, ['to: from and to go together']],
    ['to before from', { from: '2026-11-05', to: '2026-11-01' }, ['to: must not be before from (2026-11-05)']],
    ['a range over 400 days', { from: '2025-01-01', to: '2026-02-05' }, ['to: the range covers 401 days; at most 400 per request']],
    ['an unknown key', { day: '2026-11-18' }, ['day: not a payload field (allowed: date, from, to, scheduledTime)']],
    ['a future date', { date: '2026-11-25' }, ['date: 2026-11-25 is in the future (today is 2026-11-24)']],
  ];

  it.each(badPayloads)('refuses %s, listing each problem and ingesting nothing', async (_name, payload, problems) => {
    const rig = ingestRig();

    const error = (await runIngestRequest(payload, rig.deps).catch((e: unknown) => e)) as PayloadError;

    expect(error).toBeInstanceOf(PayloadError);
    expect(error.problems).toEqual(problems);
    expect(rig.lake.keys()).toEqual([]);
  });
});
