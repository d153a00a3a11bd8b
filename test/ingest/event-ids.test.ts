import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveEventId, eventRowIds } from '../../lambdas/ingest/event-ids.js';

/** The documented derivation, spelled out independently of the module. */
const expected = (parts: readonly string[]): string => createHash('sha256').update(parts.join('\u001f'), 'utf8').digest('hex').slice(0, 32);

interface Row {
  readonly entity: string;
  readonly stage: string;
  readonly ms: number;
}
const idsOf = (source: string, rows: readonly Row[]): string[] =>
  eventRowIds(
    source,
    rows.map((row) => row.entity),
    rows.map((row) => row.stage),
    rows.map((row) => row.ms),
    rows.map((_, i) => i),
  );

describe('derived event ids', () => {
  it('are the first 128 bits of SHA-256 over the parts joined by the unit separator', () => {
    // Act
    const id = deriveEventId(['crm_lifecycle', 'C-100001', 'mql', '1741000000007']);

    // Assess
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(id).toBe(expected(['crm_lifecycle', 'C-100001', 'mql', '1741000000007']));
  });

  it('of event rows are those of their source, entity, stage and String(timestamp), at every edge of the batched path', () => {
    // Prepare: timestamps around the two-part digit split and past it, and values the batch hands
    // to deriveEventId (negative, fractional, unsafe integers, non-ASCII, too long for a slot);
    // entities of every length from 0 to 260 cross each slot size's edge (1 to 4 blocks).
    const instants = [0, 7, 99_999_999, 100_000_000, 100_000_001, 1_741_000_000_007, 1_741_000_100_000, 999_999_999_999_999, 1e15, 1e15 + 1, 2 ** 53 - 1, 9_999_999_999_999_998, 1e16, 2 ** 53 + 2, -5, 1.5, 1_741_000_000_000.5];
    const entities = ['C-100001', '', 'Zoë Ltd', '株式会社', 'x'.repeat(490), ...Array.from({ length: 261 }, (_, n) => 'e'.repeat(n))];
    const rows = entities.flatMap((entity) => instants.map((ms, i) => ({ entity, stage: i % 2 ? 'opportunity' : 'won', ms })));

    // Act, Assess: more rows than a queue holds, in sources of different lengths.
    for (const source of ['crm_lifecycle', 'hs', 'Zoë']) {
      const ids = idsOf(source, rows);
      expect(ids).toHaveLength(rows.length);
      expect(ids).toEqual(rows.map((row) => expected([source, row.entity, row.stage, String(row.ms)])));
    }
  });

  it('go to the listed rows in their order, whichever slot size each took', () => {
    // Prepare: rows of 1- and 3-block messages interleaved; only every third row is asked for.
    const entities = Array.from({ length: 3000 }, (_, i) => (i % 2 ? `C-${i}` : `long-${i}-${'z'.repeat(150)}`));
    const stages = entities.map((_, i) => (i % 5 === 0 ? 'mql' : 'sql'));
    const times = entities.map((_, i) => 1_741_000_000_000 + i * 1000);
    const rows = entities.map((_, i) => i).filter((i) => i % 3 === 0);

    // Act
    const ids = eventRowIds('crm_lifecycle', entities, stages, times, rows);

    // Assess
    expect(ids).toEqual(rows.map((i) => expected(['crm_lifecycle', entities[i] as string, stages[i] as string, String(times[i])])));
  });

  it('are right after a batch that failed midway', () => {
    // Prepare: a row without an entity throws after other rows were queued.
    const entities: unknown[] = ['C-1', 'C-2', null];
    expect(() => eventRowIds('crm', entities, ['mql', 'mql', 'mql'], [1, 2, 3], [0, 1, 2])).toThrow();

    // Act
    const ids = eventRowIds('crm', ['C-9'], ['won'], [9], [0]);

    // Assess: nothing of the failed batch comes back.
    expect(ids).toEqual([expected(['crm', 'C-9', 'won', '9'])]);
  });
});
