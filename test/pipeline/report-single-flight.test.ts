import { describe, expect, it } from 'vitest';
import { deliverPack } from '../../lambdas/delivery/deliver-pack.js';
import { DeliveryLedger, type DeliveryRecord } from '../../lambdas/delivery/delivery-ledger.js';
import { claimPack, PackInProgressError } from '../../lambdas/delivery/pack-claim.js';
import { assertDelivered, runReportRequest } from '../../lambdas/pipeline/report-request.js';
import type { Mailer, OutgoingMessage, SentMessage } from '../../lambdas/ports/mailer.js';
import { ingestDays, MemoryObjectStore, RecordingLogger, testRig, WEEK_47_DAYS } from './report-fixtures.js';

const W47 = 'weekly/2026-W47/';

/** A mailer whose sends wait until the test lets them go, so a second run can act mid-send. */
class GatedMailer implements Mailer {
  readonly sent: OutgoingMessage[] = [];
  private opened = false;
  private waiting: (() => void)[] = [];
  /** Resolves when the first send has started. */
  readonly firstSend: Promise<void>;
  private started!: () => void;

  constructor() {
    this.firstSend = new Promise((resolve) => (this.started = resolve));
  }

  async send(message: OutgoingMessage): Promise<SentMessage> {
    this.started();
    if (!this.opened) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.sent.push(message);
    return { messageId: `ses-${this.sent.length}-${message.team}` };
  }

  open(): void {
    this.opened = true;
    for (const release of this.waiting.splice(0)) release();
  }
}

const message = (team: string, marker: string): OutgoingMessage => ({
  team,
  from: 'reports@example.com',
  to: [`${team}@example.com`],
  subject: `pack ${marker}`,
  raw: Buffer.from(`Message-ID: <${marker}@funnel-review>\r\nSubject: pack ${marker}\r\n\r\n${marker}`),
});

describe('single-flight reports: one run per pack', () => {
  it('two concurrent runs of one pack: one produces and sends it, the other writes and sends nothing', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);
    const mailer = new GatedMailer();
    const first = runReportRequest({ cadence: 'weekly' }, { ...rig.deps, mailer, invocationId: 'run-a' }, { producePack: rig.producer });
    await mailer.firstSend;
    const keysBefore = new Map([...rig.reports.objects].map(([key, body]) => [key, Buffer.from(body).toString('utf8')]));

    const second = await runReportRequest({ cadence: 'weekly' }, { ...rig.deps, mailer, invocationId: 'run-b' }, { producePack: rig.producer });
    const keysAfterSecond = new Map([...rig.reports.objects].map(([key, body]) => [key, Buffer.from(body).toString('utf8')]));
    mailer.open();
    const winner = await first;

    expect(second.status).toBe('in-progress');
    expect(second.holder).toMatchObject({ run: 1, invocationId: 'run-a' });
    expect(() => assertDelivered(second)).toThrow(PackInProgressError);
    expect(keysAfterSecond).toEqual(keysBefore);
    expect(rig.producer.calls).toBe(1);
    expect(winner.status).toBe('sent');
    expect(mailer.sent.map((m) => m.team)).toEqual(['marketing', 'sales']);
  });

  it('each archived .eml is the message sent under the Message-ID its delivery record holds', async () => {
    const rig = testRig();
    await ingestDays(rig.lake, WEEK_47_DAYS);

    await Promise.all([
      runReportRequest({ cadence: 'weekly' }, { ...rig.deps, invocationId: 'run-a' }, { producePack: rig.producer }),
      runReportRequest({ cadence: 'weekly' }, { ...rig.deps, invocationId: 'run-b' }, { producePack: rig.producer }),
    ]);

    for (const team of ['marketing', 'sales']) {
      const record = rig.reports.json<DeliveryRecord>(`deliveries/${W47}${team}.json`);
      const sent = rig.mailer.sent.filter((m) => m.team === team);
      expect(sent).toHaveLength(1);
      expect(rig.reports.text(`${W47}${team}.eml`)).toBe(Buffer.from(sent[0]?.raw ?? []).toString('utf8'));
      expect(record?.messageId).toBe(`msg-${rig.mailer.sent.indexOf(sent[0] as OutgoingMessage) + 1}-${team}`);
    }
  });

  it('a run that outlives its pack claim keeps its .eml: a second run that takes the pack over cannot claim that team', async () => {
    let now = new Date('2026-11-24T12:00:00Z');
    const rig = testRig({ clock: { now: () => now } });
    await ingestDays(rig.lake, WEEK_47_DAYS);
    const mailer = new GatedMailer();
    const slow = runReportRequest({ cadence: 'weekly', teams: ['marketing'] }, { ...rig.deps, mailer, invocationId: 'slow' }, { producePack: rig.producer });
    await mailer.firstSend;
    const slowEml = rig.reports.text(`${W47}marketing.eml`);

    // 16 minutes later the pack claim is stale, the marketing delivery claim (20 minutes) is not.
    now = new Date('2026-11-24T12:16:00Z');
    const takeover = await runReportRequest({ cadence: 'weekly' }, { ...rig.deps, invocationId: 'takeover' }, { producePack: rig.producer });
    mailer.open();
    await slow;

    expect(takeover.deliveries.map((d) => `${d.team}:${d.status}`)).toEqual(['marketing:in-progress', 'sales:sent']);
    expect(rig.reports.text(`${W47}marketing.eml`)).toBe(slowEml);
    expect(rig.reports.text(`${W47}marketing.eml`)).toBe(Buffer.from(mailer.sent[0]?.raw ?? []).toString('utf8'));
    expect(rig.reports.json<DeliveryRecord>(`deliveries/${W47}marketing.json`)).toMatchObject({ status: 'sent', messageId: 'ses-1-marketing', invocationId: 'slow' });
    expect(rig.reports.keys('claims/weekly/2026-W47/')).toEqual(['claims/weekly/2026-W47/run-000001.json', 'claims/weekly/2026-W47/run-000002.json']);
  });
});

describe('single-flight deliveries: only the claimer archives a team’s message', () => {
  it('of two runs racing to deliver different messages to one team, the winner’s is sent and archived; the loser writes nothing', async () => {
    const store = new MemoryObjectStore();
    const ledger = new DeliveryLedger(store);
    const mailer = new GatedMailer();
    const base = { ledger, store, mailer, clock: { now: () => new Date('2026-11-24T12:00:00Z') }, logger: new RecordingLogger(), cadence: 'weekly' as const, periodId: '2026-W47', force: false, emlKeys: { sales: `${W47}sales.eml` } };

    const first = deliverPack({ ...base, messages: [message('sales', 'first')], invocationId: 'a' });
    await mailer.firstSend;
    const second = await deliverPack({ ...base, messages: [message('sales', 'second')], invocationId: 'b' });
    mailer.open();
    const [won] = await first;

    expect(second).toEqual([{ team: 'sales', status: 'in-progress', attempt: 1 }]);
    expect(won).toMatchObject({ team: 'sales', status: 'sent', messageId: 'ses-1-sales' });
    expect(mailer.sent.map((m) => m.subject)).toEqual(['pack first']);
    expect(store.text(`${W47}sales.eml`)).toContain('Message-ID: <first@funnel-review>');
    expect(store.json<DeliveryRecord>(`deliveries/${W47}sales.json`)).toMatchObject({ status: 'sent', messageId: 'ses-1-sales', invocationId: 'a' });
  });
});

describe('claimPack', () => {
  const request = (now: string, invocationId: string) => ({ cadence: 'weekly' as const, periodId: '2026-W47', now: new Date(now), invocationId });

  it('lets one of two simultaneous claims win', async () => {
    const store = new MemoryObjectStore();

    const results = await Promise.all([claimPack(store, request('2026-11-24T12:00:00Z', 'a')), claimPack(store, request('2026-11-24T12:00:00Z', 'b'))]);

    expect(results.map((r) => r.kind).sort()).toEqual(['busy', 'claimed']);
  });

  it('gives the pack to the next run once the holder releases it, numbering the claims', async () => {
    const store = new MemoryObjectStore();
    const first = await claimPack(store, request('2026-11-24T12:00:00Z', 'a'));
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    await first.release(new Date('2026-11-24T12:01:00Z'));

    const second = await claimPack(store, request('2026-11-24T12:02:00Z', 'b'));

    expect(second.kind).toBe('claimed');
    expect(second.kind === 'claimed' ? second.record.run : 0).toBe(2);
  });

  it('treats an unreleased claim as live for 15 minutes (the function times out after 10), then as stale', async () => {
    const store = new MemoryObjectStore();
    await claimPack(store, request('2026-11-24T12:00:00Z', 'dead'));

    const early = await claimPack(store, request('2026-11-24T12:14:59Z', 'early'));
    const late = await claimPack(store, request('2026-11-24T12:15:00Z', 'late'));

    expect(early).toMatchObject({ kind: 'busy', holder: { run: 1, invocationId: 'dead' } });
    expect(late).toMatchObject({ kind: 'claimed', record: { run: 2, invocationId: 'late' } });
  });

  it('says in its error who holds the pack and when a retry can take over', () => {
    const error = new PackInProgressError('weekly', '2026-W47', { cadence: 'weekly', periodId: '2026-W47', run: 3, claimedAt: '2026-11-24T12:00:00.000Z', invocationId: 'req-7' });

    expect(error.message).toBe(
      'weekly pack 2026-W47 is claimed by run 3 since 2026-11-24T12:00:00.000Z (invocation req-7): nothing was written or sent; retry once it finishes, or after 2026-11-24T12:15:00.000Z if that run died',
    );
  });
});
