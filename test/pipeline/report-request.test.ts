import { describe, expect, it } from 'vitest';
import { DeliveryFailedError } from '../../lambdas/delivery/delivery-errors.js';
import type { DeliveryRecord } from '../../lambdas/delivery/delivery-ledger.js';
import { PayloadError } from '../../lambdas/pipeline/payload-error.js';
import { assertDelivered, runReportRequest } from '../../lambdas/pipeline/report-request.js';
import { ObjectExistsError, type PutOptions } from '../../lambdas/ports/object-store.js';
import { ingestDays, MemoryObjectStore, testRig, WEEK_47_DAYS } from './report-fixtures.js';

const W47 = 'weekly/2026-W47/';
const record = (store: MemoryObjectStore, team: string) => store.json<DeliveryRecord>(`deliveries/${W47}${team}.json`);

describe('runReportRequest: payloads', () => {
  it('a scheduled weekly payload sends the latest full week to every team', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);

    const outcome = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(outcome.period.id).toBe('2026-W47');
    expect(outcome.period.start).toBe('2026-11-16');
    expect(outcome.status).toBe('sent');
    expect(outcome.deliveries.map((d) => [d.team, d.status])).toEqual([
      ['marketing', 'sent'],
      ['sales', 'sent'],
    ]);
    expect(rig.mailer.sent.map((m) => m.team)).toEqual(['marketing', 'sales']);
  });

  it('scheduledTime picks the period the schedule meant, not the one the retry runs in', async () => {
    // The retry runs on Monday 30 Nov, when W48 is the latest full week; the schedule fired for W47.
    const rig = testRig({ clock: { now: () => new Date('2026-11-30T15:00:00Z') } });
    await ingestDays(rig.lake, WEEK_47_DAYS);

    const outcome = await runReportRequest({ cadence: 'weekly', scheduledTime: '2026-11-23T12:00:00Z' }, rig.deps, { producePack: rig.producer });

    expect(outcome.period.id).toBe('2026-W47');
  });

  it('an on-demand monthly dry run for one team archives everything and sends nothing', async () => {
    const rig = testRig();

    const outcome = await runReportRequest(
      { cadence: 'monthly', period: '2026-10', teams: ['sales'], dryRun: true, force: false },
      rig.deps,
      { producePack: rig.producer },
    );

    expect(outcome.status).toBe('dry-run');
    expect(outcome.deliveries).toEqual([{ team: 'sales', status: 'dry-run' }]);
    expect(rig.mailer.sent).toEqual([]);
    expect(rig.reports.keys()).toEqual([
      // The archive index of every pack, and the fonts its pages share.
      'assets/fonts/Inter_400Regular.ttf',
      'assets/fonts/Inter_700Bold.ttf',
      'claims/monthly/2026-10/run-000001.json',
      'index.html',
      'monthly/2026-10/archive.json',
      'monthly/2026-10/charts/funnel.png',
      'monthly/2026-10/email.html',
      'monthly/2026-10/email.txt',
      'monthly/2026-10/metrics.csv',
      'monthly/2026-10/metrics.json',
      // What sales would get; the archived sales.eml is only ever the message sent.
      'monthly/2026-10/preview/sales.eml',
    ]);
    expect(outcome.htmlKey).toBe('monthly/2026-10/email.html');
    expect(rig.reports.json('claims/monthly/2026-10/run-000001.json')).toMatchObject({ run: 1, releasedAt: '2026-11-24T12:00:00.000Z' });
  });

  const badPayloads: [string, unknown, string[]][] = [
    ['no payload at all', undefined, ['the payload must be a JSON object, e.g. { "cadence": "weekly" }']],
    ['a bare string', 'weekly', ['the payload must be a JSON object, e.g. { "cadence": "weekly" }']],
    ['no cadence', {}, ['cadence: must be weekly, monthly or quarterly']],
    ['an unknown cadence', { cadence: 'daily' }, ['cadence: must be weekly, monthly or quarterly']],
    ['a period in the wrong form for the cadence', { cadence: 'monthly', period: '2026-W43' }, ['period: must look like 2026-10 for monthly']],
    ['a month that does not exist', { cadence: 'monthly', period: '2026-13' }, ['period: Period id "2026-13" is not a valid monthly period: months run from 01 to 12']],
    [
      'recipients smuggled in',
      { cadence: 'weekly', to: ['someone@evil.test'], recipients: ['x@evil.test'] },
      [
        'to: not a payload field (allowed: cadence, period, teams, dryRun, force, test, scheduledTime)',
        'recipients: not a payload field (allowed: cadence, period, teams, dryRun, force, test, scheduledTime)',
      ],
    ],
    ['an unknown team', { cadence: 'weekly', teams: ['finance'] }, ['teams[0]: "finance" is not a configured team (configured: marketing, sales)']],
    ['an empty team list', { cadence: 'weekly', teams: [] }, ['teams: must name at least one team (leave it out for every team)']],
    ['dryRun as a string', { cadence: 'weekly', dryRun: 'yes' }, ['dryRun: must be true or false']],
    [
      'a period that has not ended',
      { cadence: 'monthly', period: '2026-11' },
      ['period: 2026-11 (November 2026) is not over yet in America/New_York; packs cover full periods (today is 2026-11-24)'],
    ],
    [
      'several problems at once',
      { cadence: 'quarterly', period: 'Q4', force: 1 },
      ['force: must be true or false', 'period: must look like 2026-Q4 for quarterly'],
    ],
  ];

  it.each(badPayloads)('refuses %s, listing each problem, writing and sending nothing', async (_name, payload, problems) => {
    const rig = testRig();

    const run = runReportRequest(payload, rig.deps, { producePack: rig.producer });

    await expect(run).rejects.toThrow(PayloadError);
    const error = (await run.catch((e: unknown) => e)) as PayloadError;
    expect(error.name).toBe('PayloadError');
    expect([...error.problems].sort()).toEqual([...problems].sort());
    expect(rig.reports.keys()).toEqual([]);
    expect(rig.mailer.sent).toEqual([]);
    expect(rig.producer.calls).toBe(0);
  });
});

describe('runReportRequest: once per team', () => {
  it('two concurrent invocations for the same pack send once per team', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);

    const [first, second] = await Promise.all([
      runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer }),
      runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer }),
    ]);

    expect(rig.mailer.sentTo('marketing')).toBe(1);
    expect(rig.mailer.sentTo('sales')).toBe(1);
    const statuses = [...first.deliveries, ...second.deliveries].map((d) => `${d.team}:${d.status}`).sort();
    expect(statuses.filter((s) => s.endsWith(':sent'))).toEqual(['marketing:sent', 'sales:sent']);
  });

  it('a repeated invocation after every team got the pack sends nothing and recomputes nothing', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    const again = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(again.status).toBe('already-sent');
    expect(again.deliveries.map((d) => d.messageId)).toEqual(['msg-1-marketing', 'msg-2-sales']);
    expect(rig.mailer.sent).toHaveLength(2);
    expect(rig.producer.calls).toBe(1);
  });

  it('a retry after a crash between archive and send sends once, and the crashed run archived no message', async () => {
    // The first run dies right after archiving, before its first delivery claim.
    const reports = new (class extends MemoryObjectStore {
      crashOnClaim = true;
      override async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
        if (this.crashOnClaim && key.startsWith('deliveries/')) throw new Error('Lambda timed out');
        return super.put(key, body, options);
      }
    })();
    const rig = testRig({ reports });
    await ingestDays(rig.lake, WEEK_47_DAYS);
    await expect(runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer })).rejects.toThrow('Lambda timed out');
    expect(reports.keys(W47)).toContain(`${W47}email.html`);
    expect(reports.keys(W47).filter((key) => key.endsWith('.eml'))).toEqual([]);
    reports.crashOnClaim = false;

    const retry = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(retry.status).toBe('sent');
    expect(rig.mailer.sentTo('marketing')).toBe(1);
    expect(rig.mailer.sentTo('sales')).toBe(1);
  });

  it('a claim left by a crash mid-send is not re-sent, is reported as unknown and ops are told', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    // Claimed an hour before this run, never settled.
    await rig.reports.put(
      `deliveries/${W47}sales.json`,
      JSON.stringify({ cadence: 'weekly', periodId: '2026-W47', team: 'sales', status: 'sending', attempt: 1, forced: false, claimedAt: '2026-11-24T11:00:00Z', emlKey: `${W47}sales.eml` }),
    );

    const outcome = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(outcome.status).toBe('needs-attention');
    expect(outcome.deliveries.find((d) => d.team === 'sales')?.status).toBe('unknown');
    expect(rig.mailer.sentTo('sales')).toBe(0);
    expect(rig.mailer.sentTo('marketing')).toBe(1);
    expect(rig.notifier.notes.map((n) => n.subject)).toEqual(['Funnel Review: weekly pack 2026-W47 needs a decision']);
    expect(rig.metrics.total('PacksFailed')).toBe(1);
  });

  it('force re-sends to a team that has the pack and says so in the record', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    const forced = await runReportRequest({ cadence: 'weekly', period: '2026-W47', teams: ['sales'], force: true }, rig.deps, { producePack: rig.producer });

    expect(forced.deliveries).toEqual([{ team: 'sales', status: 'sent', messageId: 'msg-3-sales', attempt: 2, forced: true }]);
    expect(rig.mailer.sentTo('sales')).toBe(2);
    expect(record(rig.reports, 'sales')).toMatchObject({
      status: 'sent',
      attempt: 2,
      forced: true,
      messageId: 'msg-3-sales',
      previous: { status: 'sent', attempt: 1, messageId: 'msg-2-sales' },
    });
  });

  it('a failed send is recorded, fails the invocation, and a later run sends only to that team', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    rig.mailer.failFor.add('sales');

    const first = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(first.status).toBe('partially-sent');
    expect(() => assertDelivered(first)).toThrow(DeliveryFailedError);
    expect(record(rig.reports, 'sales')).toMatchObject({ status: 'failed', error: { name: 'MessageRejected', message: 'Email address is not verified: <address>' } });
    expect(rig.metrics.total('PacksFailed')).toBe(1);

    rig.mailer.failFor.clear();
    const retry = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(retry.deliveries.map((d) => `${d.team}:${d.status}`)).toEqual(['marketing:already-sent', 'sales:sent']);
    expect(rig.mailer.sentTo('marketing')).toBe(1);
    expect(rig.mailer.sentTo('sales')).toBe(1);
    expect(record(rig.reports, 'sales')).toMatchObject({ status: 'sent', attempt: 2, previous: { status: 'failed', attempt: 1 } });
  });

  it('a re-run keeps the archived .eml of a team that already got it', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    rig.mailer.failFor.add('sales');
    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });
    const marketingEml = rig.reports.text(`${W47}marketing.eml`);
    rig.mailer.failFor.clear();

    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(rig.reports.text(`${W47}marketing.eml`)).toBe(marketingEml);
    expect(Buffer.from(rig.mailer.sent[0]?.raw ?? []).toString('utf8')).toBe(marketingEml);
  });
});

describe('runReportRequest: freshness gate', () => {
  it('holds the pack when a day is missing and the policy is hold, and tells ops which day', async () => {
    const rig = testRig({ onMissingData: 'hold' });
    await ingestDays(rig.lake, WEEK_47_DAYS.filter((day) => day !== '2026-11-18'));

    const outcome = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(outcome.status).toBe('held');
    expect(outcome.banner).toBe('data incomplete: 2026-11-18 missing');
    expect(rig.mailer.sent).toEqual([]);
    expect(rig.reports.keys('deliveries/')).toEqual([]);
    expect(rig.notifier.notes).toHaveLength(1);
    expect(rig.notifier.notes[0]?.message).toContain('data incomplete: 2026-11-18 missing');
    expect(rig.metrics.total('PacksHeld')).toBe(2);
  });

  it('sends with a prominent banner when a day is missing and the policy is banner', async () => {
    const rig = testRig({ onMissingData: 'banner' });
    await ingestDays(rig.lake, WEEK_47_DAYS.filter((day) => day !== '2026-11-18'));

    const outcome = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(outcome.status).toBe('sent');
    const sales = rig.mailer.sent.find((m) => m.team === 'sales');
    expect(sales?.subject).toBe('[Data incomplete] Weekly funnel review 2026-W47: revenue $120k, on track');
    expect(rig.reports.text(`${W47}email.html`)).toContain('Data incomplete: 2026-11-18 missing');
    expect(rig.reports.text(`${W47}email.txt`)).toMatch(/^!! DATA INCOMPLETE: 2026-11-18 MISSING !!/);
  });

  it('names failed ingest days and runs of missing days', async () => {
    const rig = testRig({ onMissingData: 'banner' });
    await ingestDays(rig.lake, ['2026-11-16', '2026-11-17', '2026-11-22']);
    await ingestDays(rig.lake, ['2026-11-21'], 'failed');

    const outcome = await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(outcome.banner).toBe('data incomplete: 2026-11-18 to 2026-11-20 missing; 2026-11-21 failed to ingest');
  });

  it('force sends a held pack, banner and all', async () => {
    const rig = testRig({ onMissingData: 'hold' });
    await ingestDays(rig.lake, WEEK_47_DAYS.filter((day) => day !== '2026-11-18'));

    const outcome = await runReportRequest({ cadence: 'weekly', force: true }, rig.deps, { producePack: rig.producer });

    expect(outcome.status).toBe('sent');
    expect(rig.mailer.sent.every((m) => m.subject.startsWith('[Data incomplete]'))).toBe(true);
  });
});

describe('runReportRequest: recipients, logs and metrics', () => {
  it('sends only to the recipients in config, from the configured sender', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);

    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(rig.mailer.sent.map((m) => [m.team, m.from, m.to])).toEqual([
      ['marketing', 'reports@example.com', ['mkt-lead@example.com', 'cmo@example.com']],
      ['sales', 'reports@example.com', ['sales-lead@example.com']],
    ]);
  });

  it('logs query ids, bytes scanned and message ids but no recipient address', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    rig.mailer.failFor.add('sales');

    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    const logs = rig.logger.asText();
    expect(logs).toContain('"queryId":"q-1"');
    expect(logs).toContain('"bytesScanned":1500');
    expect(logs).toContain('"messageId":"msg-1-marketing"');
    expect(logs).not.toMatch(/@example\.com/);
    expect(JSON.stringify(rig.notifier.notes)).not.toMatch(/@example\.com/);
  });

  it('counts packs sent and Athena bytes scanned', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);

    await runReportRequest({ cadence: 'weekly' }, rig.deps, { producePack: rig.producer });

    expect(rig.metrics.total('PacksSent')).toBe(2);
    expect(rig.metrics.total('AthenaBytesScanned')).toBe(1500);
  });
});

describe('ObjectExistsError', () => {
  it('is what the memory store throws on a create-only put of an existing key', async () => {
    const store = new MemoryObjectStore();
    await store.put('a', 'x');
    await expect(store.put('a', 'y', { ifNoneMatch: true })).rejects.toThrow(ObjectExistsError);
  });
});
