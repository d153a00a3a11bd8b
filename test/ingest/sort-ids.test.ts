import { describe, expect, it } from 'vitest';
import { latestOfEachId, orderById, radixOrder, sortIds } from '../../lambdas/ingest/partition-rows.js';

describe('sortIds', () => {
  it('orders ids exactly as Array.prototype.sort does, prefixes and empty ids included', () => {
    // Prepare: ids sharing first units, a prefix of another, empty, non-ASCII and hex.
    const ids = ['ab', '', 'a', 'EVT-10', 'EVT-2', 'aa', 'é', 'f3', '0c', 'a\uffff', 'b'];

    // Act
    const sorted = sortIds(ids);

    // Assess: code-unit order, worked out by hand.
    expect(sorted).toEqual(['', '0c', 'EVT-10', 'EVT-2', 'a', 'aa', 'ab', 'a\uffff', 'b', 'f3', 'é']);
  });
});

describe('orderById', () => {
  /** The reference: positions sorted by id in code-unit order, then by position. */
  const reference = (ids: readonly string[]): number[] =>
    ids.map((_, i) => i).sort((a, b) => ((ids[a] as string) < (ids[b] as string) ? -1 : (ids[a] as string) > (ids[b] as string) ? 1 : a - b));

  it('orders derived (hex) ids, shared 8-digit prefixes and repeats included, as the string order does', () => {
    // Prepare: hex ids, some sharing their first 32 bits, some repeated (re-sent rows).
    const ids: string[] = [];
    for (let i = 0; i < 3_000; i++) ids.push(((i * 2_654_435_761) >>> 0).toString(16).padStart(8, '0') + (i % 7).toString(16).repeat(24));
    ids.push('0000abcd' + 'f'.repeat(24), '0000abcd' + '0'.repeat(24), '0000abcd', ids[10] as string, ids[2_999] as string, ids[10] as string);

    // Act
    const order = Array.from(orderById(ids));

    // Assess
    expect(order).toEqual(reference(ids));
  });

  it('falls back to comparing strings when an id is not hex', () => {
    // Prepare
    const ids = ['deadbeef00', 'EVT-2', 'deadbeef00', 'EVT-10', 'ab', 'DEADBEEF00'];

    // Act
    const order = Array.from(orderById(ids));

    // Assess: equal ids keep their arrival order.
    expect(order).toEqual([5, 3, 1, 4, 0, 2]);
    expect(order).toEqual(reference(ids));
  });
});

describe('latestOfEachId', () => {
  /** The reference: the last position of each id, ids in code-unit order. */
  const reference = (ids: readonly string[]): number[] => {
    const last = new Map<string, number>();
    ids.forEach((id, i) => last.set(id, i));
    return [...last.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((id) => last.get(id) as number);
  };

  it('keeps the last row of each id, hex ids sharing 8-digit prefixes included', () => {
    // Prepare: repeats, ids that share their first 32 bits but differ after, and one that is only the prefix.
    const ids: string[] = [];
    for (let i = 0; i < 2_000; i++) ids.push(((i * 2_654_435_761) >>> 0).toString(16).padStart(8, '0') + (i % 5).toString(16).repeat(24));
    ids.push('0000abcd' + 'f'.repeat(24), '0000abcd' + '0'.repeat(24), '0000abcd', ids[10] as string, ids[1_999] as string, '0000abcd' + 'f'.repeat(24), ids[10] as string);

    // Act
    const latest = latestOfEachId(ids);

    // Assess
    expect(latest).toEqual(reference(ids));
    expect(latest).toHaveLength(2_003);
  });

  it('keeps the last row of each id when the ids are not hex', () => {
    // Prepare
    const ids = ['deadbeef00', 'EVT-2', 'deadbeef00', 'EVT-10', 'EVT-2', 'DEADBEEF00'];

    // Act / Assess
    expect(latestOfEachId(ids)).toEqual([5, 3, 4, 2]);
    expect(latestOfEachId(ids)).toEqual(reference(ids));
  });
});

describe('radixOrder', () => {
  it('orders positions by unsigned 32-bit key, equal keys by position, high bits, repeats and edge sizes included', () => {
    // Prepare: seeded keys over the whole 32-bit range (top bit set or not), many repeats, and small arrays.
    let seed = 7;
    const random = (): number => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
    const cases = [
      Uint32Array.from({ length: 5_000 }, () => random()),
      Uint32Array.from({ length: 5_000 }, () => random() % 50),
      Uint32Array.from({ length: 300 }, () => random() & 0xff00ff00),
      Uint32Array.from([0xffffffff, 0, 0x80000000, 0x7fffffff, 0xffffffff, 0]),
      new Uint32Array([42, 42, 42]),
      new Uint32Array([9]),
      new Uint32Array(0),
    ];

    for (const keys of cases) {
      // Act
      const order = Array.from(radixOrder(keys));

      // Assess
      const reference = Array.from(keys, (_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
      expect(order).toEqual(reference);
    }
  });
});
