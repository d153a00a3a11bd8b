import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SlackPost, SlackPoster } from '../../ports/slack-poster.js';
import { asLocalStorageError } from './local-storage-error.js';

/**
 * Local stand-in for the teams' Slack webhooks: writes each post as
 * `<cadence>-<period>-<team>.slack.json` (the payload Slack would get, and the secret it would
 * read the URL from) into the outbox; a re-post gets `-2`, `-3`, … and never overwrites.
 */
export class OutboxSlackPoster implements SlackPoster {
  constructor(private readonly dir: string) {}

  async post(message: SlackPost): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const base = message.pack.replace(/[^A-Za-z0-9-]+/g, '-');
    const body = `${JSON.stringify({ webhookSecret: message.webhookSecret, payload: message.payload }, null, 2)}\n`;
    for (let copy = 1; ; copy += 1) {
      const file = join(this.dir, `${base}${copy === 1 ? '' : `-${copy}`}.slack.json`);
      try {
        await writeFile(file, body, { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asLocalStorageError(error, file);
      }
    }
  }
}
