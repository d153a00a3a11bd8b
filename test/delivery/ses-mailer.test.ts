import { SendEmailCommand, SESv2Client, SESv2ServiceException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesMailer, SesSendError } from '../../lambdas/adapters/aws/ses-mailer.js';
import type { OutgoingMessage } from '../../lambdas/ports/mailer.js';

const ses = mockClient(SESv2Client);

const message: OutgoingMessage = {
  team: 'sales',
  from: 'reports@example.com',
  to: ['sales-lead@example.com'],
  subject: 'Weekly funnel review',
  raw: Buffer.from('Subject: Weekly funnel review\r\n\r\nhello'),
};

const sesError = (name: string, text: string) =>
  new SESv2ServiceException({ name, message: text, $fault: 'client', $metadata: { httpStatusCode: 400 } });

const recordSleeps = () => {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
};

describe('SesMailer', () => {
  beforeEach(() => ses.reset());

  it('sends the raw message through SESv2 SendEmail to exactly the given recipients with the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-123' });
    const mailer = new SesMailer(new SESv2Client({}), { configurationSet: 'funnel-review' });

    const sent = await mailer.send(message);

    expect(sent).toEqual({ messageId: 'ses-123' });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Destination).toEqual({ ToAddresses: ['sales-lead@example.com'] });
    expect(input?.FromEmailAddress).toBe('reports@example.com');
    expect(input?.ConfigurationSetName).toBe('funnel-review');
    expect(Buffer.from(input?.Content?.Raw?.Data ?? []).toString()).toContain('hello');
  });

  it('retries a throttled send with growing back-off, then succeeds', async () => {
    ses
      .on(SendEmailCommand)
      .rejectsOnce(sesError('TooManyRequestsException', 'Maximum sending rate exceeded.'))
      .rejectsOnce(sesError('TooManyRequestsException', 'Maximum sending rate exceeded.'))
      .resolves({ MessageId: 'ses-3' });
    const { delays, sleep } = recordSleeps();
    const mailer = new SesMailer(new SESv2Client({}), { sleep, random: () => 1, baseDelayMs: 100 });

    const sent = await mailer.send(message);

    expect(sent.messageId).toBe('ses-3');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it('gives up after the last attempt when throttling persists', async () => {
    ses.on(SendEmailCommand).rejects(sesError('TooManyRequestsException', 'Maximum sending rate exceeded.'));
    const { sleep } = recordSleeps();
    const mailer = new SesMailer(new SESv2Client({}), { sleep, maxAttempts: 3 });

    await expect(mailer.send(message)).rejects.toThrow(SesSendError);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('does not retry a rejected message', async () => {
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected', 'Email address is not verified.'));
    const { delays, sleep } = recordSleeps();
    const mailer = new SesMailer(new SESv2Client({}), { sleep });

    await expect(mailer.send(message)).rejects.toThrow('SES did not accept the message for team sales after 1 attempt(s): MessageRejected');
    expect(delays).toEqual([]);
  });

  it('does not wait out a daily quota', async () => {
    ses.on(SendEmailCommand).rejects(sesError('Throttling', 'Daily message quota exceeded.'));
    const { delays, sleep } = recordSleeps();
    const mailer = new SesMailer(new SESv2Client({}), { sleep });

    await expect(mailer.send(message)).rejects.toThrow(SesSendError);
    expect(delays).toEqual([]);
  });
});
