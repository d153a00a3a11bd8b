import { describe, expect, it } from 'vitest';
import { baselineMean, change, ratio, spread, weightedMedian } from '../../lambdas/metrics/measures.js';
import { measured, unavailable } from '../../lambdas/metrics/metric-types.js';

describe('ratio', () => {
  it('divides', () => {
    expect(ratio(3, 4, 'none')).toEqual(measured(0.75));
  });

  it('is unavailable with the reason when the denominator is 0', () => {
    expect(ratio(0, 0, 'no MQLs in 2026-W45')).toEqual(unavailable('no MQLs in 2026-W45'));
  });
});

describe('change', () => {
  it('is relative for counts', () => {
    expect(change(measured(120), measured(100), 'relative')).toEqual(measured(0.2));
  });

  it('is in points for ratios', () => {
    const points = change(measured(0.25), measured(0.2), 'points');
    expect(points.available && points.value).toBeCloseTo(0.05, 12);
  });

  it('is in days for durations', () => {
    expect(change(measured(9), measured(12), 'days')).toEqual(measured(-3));
  });

  it('is unavailable against a previous 0', () => {
    expect(change(measured(5), measured(0), 'relative').available).toBe(false);
  });

  it('carries the reason of a missing previous value', () => {
    expect(change(measured(5), unavailable('no data'), 'relative')).toEqual(unavailable('no value for the previous period: no data'));
  });
});

describe('baseline', () => {
  it('averages the available periods', () => {
    expect(baselineMean([measured(2), measured(4), measured(6), measured(8)], 4, 'weeks')).toEqual(measured(5));
  });

  it('says how many periods are missing', () => {
    expect(baselineMean([unavailable('x'), measured(4)], 4, 'weeks')).toEqual(unavailable('needs 4 prior weeks, have 1'));
  });

  it('summarises the spread', () => {
    // mean 5; deviations −3 −1 1 3; population variance (9+1+1+9)/4 = 5.
    expect(spread([measured(2), measured(4), measured(6), measured(8)], 4)).toEqual({ low: 2, high: 8, mean: 5, stdDev: Math.sqrt(5), periods: 4 });
  });
});

describe('weighted median', () => {
  it('takes the middle value of an odd count', () => {
    // 1, 1, 3, 10, 10 → 3
    expect(weightedMedian(new Map([[1, 2], [3, 1], [10, 2]]), 'none')).toEqual(measured(3));
  });

  it('averages the two middle values of an even count', () => {
    // 4, 49 → 26.5
    expect(weightedMedian(new Map([[49, 1], [4, 1]]), 'none')).toEqual(measured(26.5));
  });

  it('is unavailable when empty', () => {
    expect(weightedMedian(new Map(), 'no SQLs in 2026-W45')).toEqual(unavailable('no SQLs in 2026-W45'));
  });
});
