import type { Cadence } from '../calendar/period-types.js';
import { ObjectExistsError, type ObjectStore } from '../ports/object-store.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';

/**
 * One record per (cadence, period, team, channel) in the reports store, so a pack reaches a team
 * at most once per channel (email, Slack) however often the Lambda runs:
 *
 *  claim   create the record as `sending` with S3 `If-None-Match: *`: only one invocation wins;
 *  send    only the winner sends;
 *  settle  the winner rewrites the record as `sent` (with the SES message id) or `failed`.
 *
 * A `failed` record (SES refused the message) may be claimed again by a later run; so may any
 * record when `force` is set. Re-claims go through a create-only attempt key
 * (`<team>.attempt-<n>.json`), so two retries racing for the same attempt still send once.
 *
 * A `sending` record older than `staleAfterMs` belongs to a run that crashed after claiming:
 * whether SES accepted that message cannot be known, so it is never re-sent on its own. It is
 * reported as `unknown` (ops are told) and only `force: true` sends again.
 */

export type DeliveryRecordStatus = 'sending' | 'sent' | 'failed';

/** Where a pack goes: each channel has its own record, so a failed Slack post never re-sends the email. */
export type DeliveryChannel = 'email' | 'slack';

/** `deliveries/<cadence>/<period>/<team>.json` for email (as before channels), `<team>.slack.json` for Slack. */
export const deliveryRecordKey = (cadence: string, periodId: string, team: string, channel: DeliveryChannel = 'email'): string => {
  const key = REPORT_KEYS.deliveryRecord(cadence, periodId, team);
  return channel === 'email' ? key : key.replace(/\.json$/, `.${channel}.json`);
};

export interface DeliveryRecord {
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly team: string;
  /** Absent in records written before Slack: those are email. */
  readonly channel?: DeliveryChannel;
  readonly status: DeliveryRecordStatus;
  /** 1 for the first claim, +1 for each retry after a failure or forced re-send. */
  readonly attempt: number;
  /** Set when the attempt was a deliberate re-send (`force: true`). */
  readonly forced: boolean;
  readonly claimedAt: string;
  readonly sentAt?: string;
  readonly failedAt?: string;
  /** The SES (or outbox) message id; for Slack, `slack:<pack>` once posted. */
  readonly messageId?: string;
  /** Why the send failed; addresses redacted. */
  readonly error?: { readonly name: string; readonly message: string };
  /** The archived copy this attempt sends: the raw message (`<team>.eml`) or the Slack payload. */
  readonly emlKey: string;
  readonly invocationId?: string;
  /** The record this attempt replaced. */
  readonly previous?: { readonly status: DeliveryRecordStatus; readonly attempt: number; readonly messageId?: string; readonly sentAt?: string };
}

export type ClaimResult =
  | { readonly kind: 'claimed'; readonly record: DeliveryRecord }
  | { readonly kind: 'already-sent'; readonly record: DeliveryRecord }
  /** Another invocation claimed it recently and is sending now. */
  | { readonly kind: 'in-progress'; readonly record: DeliveryRecord }
  /** A claim older than the stale limit with no outcome: it may or may not have been sent. */
  | { readonly kind: 'unknown'; readonly record: DeliveryRecord };

export interface ClaimRequest {
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly team: string;
  /** @default 'email' */
  readonly channel?: DeliveryChannel;
  readonly force: boolean;
  readonly now: Date;
  readonly emlKey: string;
  readonly invocationId?: string;
}

/** Longer than the 15-minute Lambda timeout: a younger claim may still be sending. */
export const DEFAULT_STALE_AFTER_MS = 20 * 60 * 1000;

const CLAIM_ROUNDS = 3;

export const deliveryAttemptKey = (cadence: string, periodId: string, team: string, attempt: number, channel: DeliveryChannel = 'email'): string =>
  deliveryRecordKey(cadence, periodId, team, channel).replace(/\.json$/, `.attempt-${attempt}.json`);

const encode = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export class DeliveryLedger {
  constructor(
    private readonly store: ObjectStore,
    private readonly staleAfterMs: number = DEFAULT_STALE_AFTER_MS,
  ) {}

  async read(cadence: Cadence, periodId: string, team: string, channel: DeliveryChannel = 'email'): Promise<DeliveryRecord | undefined> {
    const body = await this.store.get(deliveryRecordKey(cadence, periodId, team, channel));
    return body === undefined ? undefined : (JSON.parse(Buffer.from(body).toString('utf8')) as DeliveryRecord);
  }

  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const channel = request.channel ?? 'email';
    const key = deliveryRecordKey(request.cadence, request.periodId, request.team, channel);
    let existing: DeliveryRecord | undefined;
    for (let round = 0; round < CLAIM_ROUNDS; round += 1) {
      existing = await this.read(request.cadence, request.periodId, request.team, channel);
      if (existing === undefined) {
        const record = this.newRecord(request, 1);
        try {
          await this.store.put(key, encode(record), { ifNoneMatch: true, contentType: 'application/json' });
          return { kind: 'claimed', record };
        } catch (error) {
          if (error instanceof ObjectExistsError) continue;
          throw error;
        }
      }
      const blocked = this.blockingState(existing, request);
      if (blocked !== undefined) return blocked;
      const attempt = existing.attempt + 1;
      try {
        await this.store.put(
          deliveryAttemptKey(request.cadence, request.periodId, request.team, attempt, channel),
          encode({ claimedAt: request.now.toISOString(), forced: request.force, invocationId: request.invocationId }),
          { ifNoneMatch: true, contentType: 'application/json' },
        );
      } catch (error) {
        if (error instanceof ObjectExistsError) continue;
        throw error;
      }
      const record: DeliveryRecord = {
        ...this.newRecord(request, attempt),
        previous: {
          status: existing.status,
          attempt: existing.attempt,
          ...(existing.messageId === undefined ? {} : { messageId: existing.messageId }),
          ...(existing.sentAt === undefined ? {} : { sentAt: existing.sentAt }),
        },
      };
      await this.store.put(key, encode(record), { contentType: 'application/json' });
      return { kind: 'claimed', record };
    }
    // Lost every round to other invocations claiming the same attempt: they are sending.
    if (existing === undefined) throw new Error(`delivery record ${key} vanished while claiming`);
    return { kind: 'in-progress', record: existing };
  }

  async markSent(record: DeliveryRecord, messageId: string, now: Date): Promise<DeliveryRecord> {
    const sent: DeliveryRecord = { ...record, status: 'sent', messageId, sentAt: now.toISOString() };
    await this.write(sent);
    return sent;
  }

  async markFailed(record: DeliveryRecord, error: { name: string; message: string }, now: Date): Promise<DeliveryRecord> {
    const failed: DeliveryRecord = { ...record, status: 'failed', error, failedAt: now.toISOString() };
    await this.write(failed);
    return failed;
  }

  private async write(record: DeliveryRecord): Promise<void> {
    await this.store.put(deliveryRecordKey(record.cadence, record.periodId, record.team, record.channel), encode(record), {
      contentType: 'application/json',
    });
  }

  private newRecord(request: ClaimRequest, attempt: number): DeliveryRecord {
    return {
      cadence: request.cadence,
      periodId: request.periodId,
      team: request.team,
      ...(request.channel === undefined || request.channel === 'email' ? {} : { channel: request.channel }),
      status: 'sending',
      attempt,
      forced: request.force,
      claimedAt: request.now.toISOString(),
      emlKey: request.emlKey,
      ...(request.invocationId === undefined ? {} : { invocationId: request.invocationId }),
    };
  }

  /** Why an existing record stops this request from sending, or undefined when it may re-claim. */
  private blockingState(existing: DeliveryRecord, request: ClaimRequest): ClaimResult | undefined {
    if (existing.status === 'sending') {
      const age = request.now.getTime() - Date.parse(existing.claimedAt);
      // Even force waits for a live send to finish rather than race it.
      if (age < this.staleAfterMs) return { kind: 'in-progress', record: existing };
      return request.force ? undefined : { kind: 'unknown', record: existing };
    }
    if (existing.status === 'sent' && !request.force) return { kind: 'already-sent', record: existing };
    return undefined;
  }
}
