import type { Cadence } from '../calendar/period-types.js';
import { describeError, type AppLogger } from '../observability/app-logger.js';
import type { Clock } from '../ports/clock.js';
import type { Mailer, OutgoingMessage } from '../ports/mailer.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { DeliveryChannel, DeliveryLedger } from './delivery-ledger.js';

export type DeliveryStatus = 'sent' | 'already-sent' | 'in-progress' | 'unknown' | 'failed' | 'dry-run' | 'held' | 'test-sent';

export interface TeamDelivery {
  readonly team: string;
  readonly status: DeliveryStatus;
  readonly messageId?: string;
  /** True when this run re-sent deliberately (`force`). */
  readonly forced?: boolean;
  /** Delivery record attempt number. */
  readonly attempt?: number;
  /** Why a send failed (addresses redacted). */
  readonly error?: string;
}

/** What every delivery of one pack shares, whatever the channel. */
export interface DeliveryContext {
  readonly ledger: DeliveryLedger;
  /** The reports store: the claimer archives what it sends here. */
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly logger: AppLogger;
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly force: boolean;
  readonly invocationId?: string;
}

/** An adapter's error saying the message may have gone out (see SlackPostUnknownError). */
const isOutcomeUnknown = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { outcomeUnknown?: unknown }).outcomeUnknown === true;

/** One team's delivery on one channel: what to archive, and how to send it. */
export interface ChannelSend {
  readonly team: string;
  readonly archiveKey: string;
  readonly archiveBody: Uint8Array | string;
  readonly contentType: string;
  /** Sends, resolving to the message id to record. */
  send(): Promise<string>;
}

/**
 * At most once per (pack, team, channel): claim the delivery record; only the claimer archives
 * its copy (so the archive holds what this run sends, never a loser's copy), sends, and settles
 * the record. A failure is recorded and the caller moves on to the next team.
 */
export const deliverOnce = async (context: DeliveryContext, channel: DeliveryChannel, item: ChannelSend): Promise<TeamDelivery> => {
  const where = { cadence: context.cadence, period: context.periodId, team: item.team, channel };
  const claim = await context.ledger.claim({
    cadence: context.cadence,
    periodId: context.periodId,
    team: item.team,
    channel,
    force: context.force,
    now: context.clock.now(),
    emlKey: item.archiveKey,
    ...(context.invocationId === undefined ? {} : { invocationId: context.invocationId }),
  });
  if (claim.kind !== 'claimed') {
    const { record } = claim;
    const messageId = record.messageId === undefined ? {} : { messageId: record.messageId };
    context.logger[claim.kind === 'unknown' ? 'error' : 'info'](`delivery skipped: ${claim.kind}`, { ...where, attempt: record.attempt, claimedAt: record.claimedAt, ...messageId });
    return { team: item.team, status: claim.kind, attempt: record.attempt, ...messageId };
  }
  const { record } = claim;
  const forced = record.forced ? { forced: true } : {};
  try {
    await context.store.put(item.archiveKey, item.archiveBody, { contentType: item.contentType });
    const messageId = await item.send();
    await context.ledger.markSent(record, messageId, context.clock.now());
    context.logger.info('pack sent', { ...where, messageId, attempt: record.attempt, forced: record.forced });
    return { team: item.team, status: 'sent', messageId, attempt: record.attempt, ...forced };
  } catch (error) {
    const reason = describeError(error);
    if (isOutcomeUnknown(error)) {
      // It may have arrived: the claim stays `sending`, so no run re-sends it unless forced.
      context.logger.error('pack send outcome unknown', { ...where, attempt: record.attempt, error: reason });
      return { team: item.team, status: 'unknown', attempt: record.attempt, error: `${reason.name}: ${reason.message}`, ...forced };
    }
    await context.ledger.markFailed(record, reason, context.clock.now());
    context.logger.error('pack send failed', { ...where, attempt: record.attempt, error: reason });
    return { team: item.team, status: 'failed', attempt: record.attempt, error: `${reason.name}: ${reason.message}`, ...forced };
  }
};

export interface DeliverInput extends DeliveryContext {
  readonly mailer: Mailer;
  readonly messages: readonly OutgoingMessage[];
  /** Where each team's sent message is archived (`<cadence>/<period>/<team>.eml`). */
  readonly emlKeys: Readonly<Record<string, string>>;
}

/**
 * Emails each team its message at most once. A failed send is recorded and the other teams
 * still get theirs; the caller decides whether the invocation fails.
 */
export const deliverPack = async (input: DeliverInput): Promise<TeamDelivery[]> => {
  const deliveries: TeamDelivery[] = [];
  for (const message of input.messages) {
    const archiveKey = input.emlKeys[message.team];
    if (archiveKey === undefined) throw new Error(`no archive key for team "${message.team}"`);
    deliveries.push(
      await deliverOnce(input, 'email', {
        team: message.team,
        archiveKey,
        archiveBody: message.raw,
        contentType: 'message/rfc822',
        send: async () => (await input.mailer.send(message)).messageId,
      }),
    );
  }
  return deliveries;
};
