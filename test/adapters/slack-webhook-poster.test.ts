import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { secretsManagerReader } from '../../lambdas/adapters/aws/secrets-manager-reader.js';
import { SlackWebhookPoster } from '../../lambdas/adapters/aws/slack-webhook-poster.js';
import { slackMessage } from '../../lambdas/delivery/slack-message.js';
import { SlackPostError, SlackPostUnknownError, type SlackPost } from '../../lambdas/ports/slack-poster.js';
import { TEST_HEADLINE } from '../pipeline/report-fixtures.js';

/** A stand-in for Slack's incoming webhooks on 127.0.0.1: records each post, answers as told. */
interface Received {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];
let answer: (response: ServerResponse) => void = (response) => response.end('ok');

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      answer(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const secrets = mockClient(SecretsManagerClient);

beforeEach(() => {
  received.length = 0;
  answer = (response) => response.end('ok');
  secrets.reset();
  secrets.on(GetSecretValueCommand, { SecretId: 'FunnelReview/slack/sales' }).resolves({ SecretString: `${baseUrl}/services/T000/B000/XXXX` });
});

const post = (overrides: Partial<SlackPost> = {}): SlackPost => ({
  team: 'sales',
  pack: 'weekly/2026-W47/sales',
  webhookSecret: 'FunnelReview/slack/sales',
  payload: slackMessage({ title: 'Weekly funnel review 2026-W47: revenue $120k, on track', headline: TEST_HEADLINE, pageUrl: 'https://packs.example.com/weekly/2026-W47/index.html' }),
  ...overrides,
});

const poster = (timeoutMs?: number) =>
  new SlackWebhookPoster({ readSecret: secretsManagerReader(new SecretsManagerClient({ region: 'us-east-1' })), ...(timeoutMs === undefined ? {} : { timeoutMs }) });

describe('SlackWebhookPoster (a webhook on loopback, the URL in Secrets Manager)', () => {
  it('posts the Block Kit payload as JSON to the URL the secret holds', async () => {
    await poster().post(post());

    expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input.SecretId)).toEqual(['FunnelReview/slack/sales']);
    expect(received).toHaveLength(1);
    expect(received[0]?.path).toBe('/services/T000/B000/XXXX');
    expect(received[0]?.contentType).toBe('application/json; charset=utf-8');
    expect(received[0]?.body).toEqual(post().payload);
  });

  it('turns a refusal into SlackPostError with Slack’s answer, never the webhook URL', async () => {
    answer = (response) => {
      response.statusCode = 404;
      response.end('no_service');
    };

    const error = await poster().post(post()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackPostError);
    expect((error as Error).message).toBe('Slack did not accept the post for team sales: HTTP 404 no_service');
    expect((error as Error).message).not.toContain('127.0.0.1');
  });

  it('says the outcome is unknown when no answer comes in time (the post may have arrived)', async () => {
    answer = () => undefined;

    const error = await poster(200).post(post()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackPostUnknownError);
    expect((error as Error).message).toBe('Slack post for team sales may or may not have arrived: no answer within 200 ms');
    expect(received).toHaveLength(1);
  });

  it('refuses a secret that does not hold an https:// URL, and never posts', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'FunnelReview/slack/sales' }).resolves({ SecretString: 'http://hooks.example.com/services/x' });

    await expect(poster().post(post())).rejects.toThrow('Slack did not accept the post for team sales: the secret FunnelReview/slack/sales does not hold an https:// webhook URL');
    expect(received).toEqual([]);
  });

  it('names the secret it could not read', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: 'FunnelReview/slack/sales' }).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));

    await expect(poster().post(post())).rejects.toThrow('Slack did not accept the post for team sales: cannot read the webhook secret FunnelReview/slack/sales (AccessDeniedException)');
  });
});

describe('slackMessage', () => {
  it('escapes Slack’s control characters in text from the pack', () => {
    const payload = slackMessage({
      title: 'Weekly funnel review',
      headline: { ...TEST_HEADLINE, verdict: 'Behind: <script> & "partners" > goal', tiles: [{ metricId: 'revenue', label: 'R&D <new>', value: '$1k' }] },
    });

    const text = JSON.stringify(payload.blocks);
    expect(text).toContain('Behind: &lt;script&gt; &amp; \\"partners\\" &gt; goal');
    expect(text).toContain('*R&amp;D &lt;new&gt;*\\n$1k');
  });

  it('keeps the header within Slack’s 150 characters', () => {
    const payload = slackMessage({ title: 'x'.repeat(200), headline: TEST_HEADLINE });

    const header = payload.blocks[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith('…')).toBe(true);
  });
});
