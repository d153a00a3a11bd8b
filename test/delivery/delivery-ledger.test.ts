import { describe, expect, it } from 'vitest';
import { DeliveryLedger, type ClaimRequest } from '../../lambdas/delivery/delivery-ledger.js';
import { MemoryObjectStore } from '../pipeline/report-fixtures.js';

const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  cadence: 'weekly',
  periodId: '2026-W47',
  team: 'sales',
  force: false,
  now: new Date('2026-11-23T12:00:00Z'),
  emlKey: 'weekly/2026-W47/sales.eml',
  ...overrides,
});

describe('DeliveryLedger', () => {
  it('lets only one of two simultaneous claims win', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());

    const results = await Promise.all([ledger.claim(request()), ledger.claim(request())]);

    expect(results.map((r) => r.kind).sort()).toEqual(['claimed', 'in-progress']);
  });

  it('reports a settled send as already sent', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    const first = await ledger.claim(request());
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    await ledger.markSent(first.record, 'ses-1', new Date('2026-11-23T12:00:01Z'));

    const again = await ledger.claim(request());

    expect(again).toMatchObject({ kind: 'already-sent', record: { messageId: 'ses-1', status: 'sent' } });
  });

  it('treats a claim older than the stale limit as unknown, never as free', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore(), 60_000);
    await ledger.claim(request());

    const later = await ledger.claim(request({ now: new Date('2026-11-23T12:05:00Z') }));

    expect(later.kind).toBe('unknown');
  });

  it('lets one of two retries of a failed send claim the next attempt', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    const first = await ledger.claim(request());
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    await ledger.markFailed(first.record, { name: 'MessageRejected', message: 'rejected' }, new Date('2026-11-23T12:00:01Z'));

    const retries = await Promise.all([ledger.claim(request()), ledger.claim(request())]);

    expect(retries.map((r) => r.kind).sort()).toEqual(['claimed', 'in-progress']);
    expect(retries.find((r) => r.kind === 'claimed')?.record).toMatchObject({ attempt: 2, previous: { status: 'failed', attempt: 1 } });
  });

  it('lets force take over a stale claim and records that it was forced', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore(), 60_000);
    await ledger.claim(request());

    const forced = await ledger.claim(request({ force: true, now: new Date('2026-11-23T13:00:00Z') }));

    expect(forced).toMatchObject({ kind: 'claimed', record: { attempt: 2, forced: true, previous: { status: 'sending', attempt: 1 } } });
  });

  it('makes force wait for a send that is still in progress', async () => {
    const ledger = new DeliveryLedger(new MemoryObjectStore());
    await ledger.claim(request());

    const forced = await ledger.claim(request({ force: true }));

    expect(forced.kind).toBe('in-progress');
  });
});
