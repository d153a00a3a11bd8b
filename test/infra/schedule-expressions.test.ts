import { describe, expect, it } from 'vitest';
import { fiscalQuarterStartMonths } from '../../lib/schedule-expressions.js';

describe('fiscalQuarterStartMonths', () => {
  it.each([
    [1, [1, 4, 7, 10]],
    [2, [2, 5, 8, 11]],
    [4, [1, 4, 7, 10]],
    [10, [1, 4, 7, 10]],
    [12, [3, 6, 9, 12]],
  ])('expect a fiscal year starting in month %i to start quarters in months %j', (start, months) => {
    expect(fiscalQuarterStartMonths(start)).toEqual(months);
  });
});
