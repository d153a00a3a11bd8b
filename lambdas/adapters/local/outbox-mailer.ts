import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMessage, SentMessage } from '../../ports/mailer.js';
import { asLocalStorageError } from './local-storage-error.js';

const PACK_HEADER = /^x-funnel-review-pack:\s*(\S+)\s*$/im;
const MESSAGE_ID = /^message-id:\s*(<[^>\r\n]+>)/im;

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'message';

/** The header block only: the body may be long and is never searched. */
const headerBlock = (raw: Uint8Array): string => {
  const text = Buffer.from(raw.subarray(0, 16_384)).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
};

/**
 * Local stand-in for SES: writes each message as an `.eml` file into a folder.
 * Files are named `<cadence>-<period>-<team>.eml` from the message's X-Funnel-Review-Pack
 * header (`weekly-2026-W47-sales.eml`), or `<subject slug>-<team>.eml` without it; a re-send
 * never overwrites an earlier file, it gets `-2`, `-3`, ….
 */
export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(message: OutgoingMessage): Promise<SentMessage> {
    await mkdir(this.dir, { recursive: true });
    const headers = headerBlock(message.raw);
    const pack = PACK_HEADER.exec(headers)?.[1];
    const base = pack === undefined ? `${slug(message.subject)}-${slug(message.team)}` : pack.replace(/[^A-Za-z0-9-]+/g, '-');
    for (let copy = 1; ; copy += 1) {
      const file = join(this.dir, `${base}${copy === 1 ? '' : `-${copy}`}.eml`);
      try {
        await writeFile(file, message.raw, { flag: 'wx' });
        return { messageId: MESSAGE_ID.exec(headers)?.[1] ?? `outbox:${file}` };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw asLocalStorageError(error, file);
      }
    }
  }
}
