import type { Cadence } from '../calendar/period-types.js';
import { describeError, type AppLogger } from '../observability/app-logger.js';
import type { Clock } from '../ports/clock.js';
import type { Mailer, OutgoingMessage } from '../ports/mailer.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { TeamDelivery } from './deliver-pack.js';

/**
 * Test sends live apart from the pack's archive and its delivery records: a test send may be
 * repeated at will, never counts as a delivery, and never blocks or replaces the real one.
 * `test-sends/<cadence>/<period>/<run>/<team>.eml` and `<team>.json`.
 */
export const testSendPrefix = (cadence: string, periodId: string, run: string): string => `test-sends/${cadence}/${periodId}/${run}/`;

/** A run's folder: its start time, plus the invocation id so two runs in one millisecond stay apart. */
export const testSendRunPrefix = (cadence: string, periodId: string, at: Date, invocationId: string | undefined): string =>
  testSendPrefix(cadence, periodId, `${at.toISOString().replace(/[:.]/g, '-')}${invocationId === undefined ? '' : `-${invocationId.replace(/[^A-Za-z0-9-]/g, '-')}`}`);

export interface TestSendRecord {
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly team: string;
  readonly test: true;
  readonly status: 'sent' | 'failed';
  /** How many test recipients (the addresses stay in config, never in a record). */
  readonly recipients: number;
  readonly at: string;
  readonly messageId?: string;
  readonly error?: { readonly name: string; readonly message: string };
  readonly invocationId?: string;
}

export interface TestSendInput {
  readonly store: ObjectStore;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: AppLogger;
  readonly cadence: Cadence;
  readonly periodId: string;
  /** Composed as test messages (to the test recipients, `[Test]` subject). */
  readonly messages: readonly OutgoingMessage[];
  /** The run's folder (testSendRunPrefix). */
  readonly prefix: string;
  readonly invocationId?: string;
}

/** Sends each team's test message, archiving and recording it under `test-sends/`. */
export const sendTests = async (input: TestSendInput): Promise<TeamDelivery[]> => {
  const { prefix } = input;
  const deliveries: TeamDelivery[] = [];
  for (const message of input.messages) {
    const base = {
      cadence: input.cadence,
      periodId: input.periodId,
      team: message.team,
      test: true as const,
      recipients: message.to.length,
      ...(input.invocationId === undefined ? {} : { invocationId: input.invocationId }),
    };
    let record: TestSendRecord;
    try {
      await input.store.put(`${prefix}${message.team}.eml`, message.raw, { contentType: 'message/rfc822' });
      const { messageId } = await input.mailer.send(message);
      record = { ...base, status: 'sent', messageId, at: input.clock.now().toISOString() };
      deliveries.push({ team: message.team, status: 'test-sent', messageId });
      input.logger.info('test pack sent', { cadence: input.cadence, period: input.periodId, team: message.team, messageId });
    } catch (error) {
      const reason = describeError(error);
      record = { ...base, status: 'failed', error: reason, at: input.clock.now().toISOString() };
      deliveries.push({ team: message.team, status: 'failed', error: `${reason.name}: ${reason.message}` });
      input.logger.error('test pack send failed', { cadence: input.cadence, period: input.periodId, team: message.team, error: reason });
    }
    await input.store.put(`${prefix}${message.team}.json`, `${JSON.stringify(record, null, 2)}\n`, { contentType: 'application/json' });
  }
  return deliveries;
};
