import { SendRawEmailCommand, SESClient, SESServiceException } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer, SesSendError } from '../../lambdas/adapters/aws/ses-mailer.js';
import type { OutgoingMessage } from '../../lambdas/ports/mailer.js';

const ses = mockClient(SESClient);

const message: OutgoingMessage = {
  team: 'sales',
  from: 'reports@example.com',
  to: ['sales-lead@example.com'],
  subject: 'Weekly funnel review',
  raw: Buffer.from('Subject: Weekly funnel review\r\n\r\nhello'),
};

const sesError = (name: string, text: string) =>
  new SESServiceException({ name, message: text, $fault: 'client', $metadata: { httpStatusCode: 400 } });

const recordSleeps = () => {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
};

describe('SesMailer', () => {
  beforeEach(() => ses.reset());

  it('sends the raw message to exactly the given recipients with the configuration set', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-123' });
    const mailer = new SesMailer(new SESClient({}), { configurationSet: 'funnel-review' });

    const sent = await mailer.send(message);

    expect(sent).toEqual({ messageId: 'ses-123' });
    const input = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input;
    expect(input?.Destinations).toEqual(['sales-lead@example.com']);
    expect(input?.Source).toBe('reports@example.com');
    expect(input?.ConfigurationSetName).toBe('funnel-review');
    expect(Buffer.from(input?.RawMessage?.Data ?? []).toString()).toContain('hello');
  });

  it('retries a throttled send with growing back-off, then succeeds', async () => {
    ses
      .on(SendRawEmailCommand)
      .rejectsOnce(sesError('Throttling', 'Maximum sending rate exceeded.'))
      .rejectsOnce(sesError('Throttling', 'Maximum sending rate exceeded.'))
      .resolves({ MessageId: 'ses-3' });
    const { delays, sleep } = recordSleeps();
    const mailer = new SesMailer(new SESClient({}), { sleep, random: () => 1, baseDelayMs: 100 });

    const sent = await mailer.send(message);

    expect(sent.messageId).toBe('ses-3');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after the last attempt when throttling persists', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('Throttling', 'Maximum sending rate exceeded.'));
    const { sleep } = recordSleeps();
    const mailer = new SesMailer(new SESClient({}), { sleep, maxAttempts: 3 });

    await expect(mailer.send(message)).rejects.toThrow(SesSendError);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);
  });

  it('does not retry a rejected message', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('MessageRejected', 'Email address is not verified.'));
    const { delays, sleep } = recordSleeps();
    const mailer = new SesMailer(new SESClient({}), { sleep });

    await expect(mailer.send(message)).rejects.toThrow('SES did not accept the message for team sales after 1 attempt(s): MessageRejected');
    expect(delays).toEqual([]);
  });

  it('does not wait out a daily quota', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('Throttling', 'Daily message quota exceeded.'));
    const { delays, sleep } = recordSleeps();
    const mailer = new SesMailer(new SESClient({}), { sleep });

    await expect(mailer.send(message)).rejects.toThrow(SesSendError);
    expect(delays).toEqual([]);
  });
});
