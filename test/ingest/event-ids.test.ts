import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveEventId, eventRowId } from '../../lambdas/ingest/event-ids.js';

/** The documented derivation, spelled out independently of the module. */
const expected = (parts: readonly string[]): string => createHash('sha256').update(parts.join('\u001f'), 'utf8').digest('hex').slice(0, 32);

describe('derived event ids', () => {
  it('are the first 128 bits of SHA-256 over the parts joined by the unit separator', () => {
    // Act
    const id = deriveEventId(['crm_lifecycle', 'C-100001', 'mql', '1741000000007']);

    // Assess
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).toBe(expected(['crm_lifecycle', 'C-100001', 'mql', '1741000000007']));
  });

  it('of an event row are those of its source, entity, stage and String(timestamp), at every edge of the byte path', () => {
    // Prepare: timestamps around the two-part digit split and past it, and values the byte path
    // hands back to the string one (negative, fractional, huge, non-ASCII, too long to fit).
    const instants = [0, 7, 99_999_999, 100_000_000, 100_000_001, 1_741_000_000_007, 1_741_000_100_000, 999_999_999_999_999, 1e15, 1e15 + 1, 9_999_999_999_999_998, 1e16, 2 ** 53 + 2, -5, 1.5, 1_741_000_000_000.5];
    const entities = ['C-100001', '', 'Zoë Ltd', '株式会社', 'x'.repeat(490), 'y'.repeat(600)];

    // Act, Assess: sources alternate, so the bytes a call leaves behind never stand for the next one's.
    for (const entity of entities) {
      for (const ms of instants) {
        expect(eventRowId('crm_lifecycle', entity, 'opportunity', ms)).toBe(expected(['crm_lifecycle', entity, 'opportunity', String(ms)]));
        expect(eventRowId('hs', entity, 'won', ms)).toBe(expected(['hs', entity, 'won', String(ms)]));
        expect(eventRowId('Zoë', entity, 'won', ms)).toBe(expected(['Zoë', entity, 'won', String(ms)]));
      }
    }
  });
});
