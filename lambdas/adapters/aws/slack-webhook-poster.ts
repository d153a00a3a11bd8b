import { SlackPostError, SlackPostUnknownError, type SlackPost, type SlackPoster } from '../../ports/slack-poster.js';

export interface SlackWebhookPosterOptions {
  /** Reads a secret's value by name: the team's incoming-webhook URL. */
  readonly readSecret: (name: string) => Promise<string>;
  /** @default 10000 */
  readonly timeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS only, so the message and the secret URL never cross a network in clear; plain HTTP on loopback for tests. */
const webhookUrlOf = (text: string): URL | undefined => {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) ? url : undefined;
};

/**
 * Posts to a Slack incoming webhook whose URL is kept in Secrets Manager. Slack answers `200 ok`;
 * anything else is a refusal (SlackPostError, safe to retry). A request that fails or times out
 * after it was sent may have been posted (SlackPostUnknownError): it is never retried on its own.
 * No message ever contains the URL.
 */
export class SlackWebhookPoster implements SlackPoster {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: SlackWebhookPosterOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async post(message: SlackPost): Promise<void> {
    let secret: string;
    try {
      secret = await this.options.readSecret(message.webhookSecret);
    } catch (error) {
      throw new SlackPostError(message.team, `cannot read the webhook secret ${message.webhookSecret} (${error instanceof Error ? error.name : 'error'})`, { cause: error });
    }
    const url = webhookUrlOf(secret);
    if (url === undefined) throw new SlackPostError(message.team, `the secret ${message.webhookSecret} does not hold an https:// webhook URL`);
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message.payload),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : `the request failed (${error instanceof Error ? error.name : 'error'})`;
      throw new SlackPostUnknownError(message.team, reason, { cause: error });
    }
    const body = (await response.text()).trim();
    if (response.status !== 200 || body !== 'ok') throw new SlackPostError(message.team, `HTTP ${response.status} ${body.slice(0, 120)}`.trim());
  }
}
