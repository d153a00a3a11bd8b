import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES, Sha256x4 } from '../../lambdas/ingest/sha256-x4.js';
import { SHA256_X4_MODULE_FILE, sha256x4ModuleText } from '../../scripts/write-sha256-x4.js';

const sha256Prefix = (message: Uint8Array): string => createHash('sha256').update(message).digest('hex').slice(0, 32);

describe('SHA-256 four lanes at a time', () => {
  it('gives node:crypto\'s digest prefix for random messages of every length a slot takes', () => {
    // Prepare: 20 messages of each length from 0 to the largest, added in shuffled order.
    const messages = Array.from({ length: 20 * (MAX_MESSAGE_BYTES + 1) }, (_, i) => randomBytes(i % (MAX_MESSAGE_BYTES + 1)));
    const order = messages.map((_, i) => (i * 7919) % messages.length);
    const hasher = Sha256x4.forThread();
    hasher.reset();
    const digests = new Map<number, string>();
    const sink = (tag: number, hex: string): void => void digests.set(tag, hex);

    // Act
    for (const tag of order) {
      const message = messages[tag] as Uint8Array;
      const at = hasher.slot(message.length);
      hasher.bytes.set(message, at);
      hasher.add(tag, message.length, sink);
    }
    hasher.finish(sink);

    // Assess
    expect(digests.size).toBe(messages.length);
    for (const [tag, hex] of digests) expect(hex, `message ${tag}`).toBe(sha256Prefix(messages[tag] as Uint8Array));
  });

  it('has no slot for a longer message', () => {
    expect(Sha256x4.forThread().slot(MAX_MESSAGE_BYTES + 1)).toBe(-1);
  });

  it('is the module scripts/write-sha256-x4.ts generates (npm run wasm:sha256)', async () => {
    expect(await readFile(SHA256_X4_MODULE_FILE, 'utf8')).toBe(await sha256x4ModuleText());
  });
});
