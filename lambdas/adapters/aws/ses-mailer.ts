import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMessage, SentMessage } from '../../ports/mailer.js';

export interface SesMailerOptions {
  /** SES configuration set for event publishing (bounces, complaints, deliveries). */
  readonly configurationSet?: string;
  /** Attempts per message when SES throttles (default 5). */
  readonly maxAttempts?: number;
  /** First back-off delay in ms, doubled per attempt with jitter (default 500). */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** SES refused the message (or ran out of throttling retries). */
export class SesSendError extends Error {
  constructor(
    readonly team: string,
    readonly attempts: number,
    cause: unknown,
  ) {
    const name = cause instanceof Error ? cause.name : 'UnknownError';
    const message = cause instanceof Error ? cause.message : String(cause);
    super(`SES did not accept the message for team ${team} after ${attempts} attempt(s): ${name}: ${message}`, { cause });
    this.name = 'SesSendError';
  }
}

const THROTTLING_NAMES = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException']);

/**
 * Retried only when SES said "slow down": the message was refused, so a retry cannot duplicate
 * it. The daily quota is reported as Throttling too, but waiting seconds will not lift it.
 */
export const isSendRateThrottle = (error: unknown): boolean =>
  error instanceof Error && THROTTLING_NAMES.has(error.name) && !/daily/i.test(error.message);

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SESv2 `SendEmail` with raw content: the MIME message as built and archived, to exactly the
 * configured recipients (the envelope is `Destination`, never the message's own headers).
 */
export class SesMailer implements Mailer {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly client: SESv2Client,
    private readonly options: SesMailerOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  async send(message: OutgoingMessage): Promise<SentMessage> {
    const command = new SendEmailCommand({
      FromEmailAddress: message.from,
      Destination: { ToAddresses: [...message.to] },
      Content: { Raw: { Data: message.raw } },
      ...(this.options.configurationSet === undefined ? {} : { ConfigurationSetName: this.options.configurationSet }),
    });
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await this.client.send(command);
        if (response.MessageId === undefined) throw new Error('SES returned no MessageId');
        return { messageId: response.MessageId };
      } catch (error) {
        if (!isSendRateThrottle(error) || attempt >= this.maxAttempts) throw new SesSendError(message.team, attempt, error);
        // Full jitter: spread retries of concurrent senders.
        await this.sleep(Math.round(this.random() * this.baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }
}
