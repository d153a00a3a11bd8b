import { describe, expect, it } from 'vitest';
import { sortIds } from '../../lambdas/ingest/partition-rows.js';

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
