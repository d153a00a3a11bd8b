import type { Cadence } from '../calendar/period-types.js';
import { describeError, type AppLogger } from '../observability/app-logger.js';
import type { Clock } from '../ports/clock.js';
import type { Mailer, OutgoingMessage } from '../ports/mailer.js';
import type { DeliveryLedger } from './delivery-ledger.js';

export type DeliveryStatus = 'sent' | 'already-sent' | 'in-progress' | 'unknown' | 'failed' | 'dry-run' | 'held';

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

export interface DeliverInput {
  readonly ledger: DeliveryLedger;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: AppLogger;
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly messages: readonly OutgoingMessage[];
  readonly emlKeys: Readonly<Record<string, string>>;
  readonly force: boolean;
  readonly invocationId?: string;
}

/**
 * Sends each team its message at most once: claim the delivery record, send, settle the record.
 * A failed send is recorded and the other teams still get theirs; the caller decides whether
 * the invocation fails.
 */
export const deliverPack = async (input: DeliverInput): Promise<TeamDelivery[]> => {
  const deliveries: TeamDelivery[] = [];
  for (const message of input.messages) {
    const context = { cadence: input.cadence, period: input.periodId, team: message.team };
    const claim = await input.ledger.claim({
      cadence: input.cadence,
      periodId: input.periodId,
      team: message.team,
      force: input.force,
      now: input.clock.now(),
      emlKey: input.emlKeys[message.team] ?? '',
      ...(input.invocationId === undefined ? {} : { invocationId: input.invocationId }),
    });
    if (claim.kind !== 'claimed') {
      const { record } = claim;
      input.logger[claim.kind === 'unknown' ? 'error' : 'info'](`delivery skipped: ${claim.kind}`, {
        ...context,
        attempt: record.attempt,
        claimedAt: record.claimedAt,
        ...(record.messageId === undefined ? {} : { messageId: record.messageId }),
      });
      deliveries.push({
        team: message.team,
        status: claim.kind,
        attempt: record.attempt,
        ...(record.messageId === undefined ? {} : { messageId: record.messageId }),
      });
      continue;
    }
    const { record } = claim;
    try {
      const sent = await input.mailer.send(message);
      await input.ledger.markSent(record, sent.messageId, input.clock.now());
      input.logger.info('pack sent', { ...context, messageId: sent.messageId, attempt: record.attempt, forced: record.forced });
      deliveries.push({ team: message.team, status: 'sent', messageId: sent.messageId, attempt: record.attempt, ...(record.forced ? { forced: true } : {}) });
    } catch (error) {
      const reason = describeError(error);
      await input.ledger.markFailed(record, reason, input.clock.now());
      input.logger.error('pack send failed', { ...context, attempt: record.attempt, error: reason });
      deliveries.push({
        team: message.team,
        status: 'failed',
        attempt: record.attempt,
        error: `${reason.name}: ${reason.message}`,
        ...(record.forced ? { forced: true } : {}),
      });
    }
  }
  return deliveries;
};
