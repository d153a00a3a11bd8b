import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../lambdas/adapters/local/duckdb-query-engine.js';
import { nextPeriod, periodById } from '../../lambdas/calendar/fiscal-calendar.js';
import type { CalendarSettings } from '../../lambdas/calendar/period-types.js';
import { toDealOutcome } from '../../lambdas/metrics/compute-funnel-metrics.js';
import { actualWon, forecastNextPeriod, type DealOutcome } from '../../lambdas/metrics/forecast.js';
import { dealOutcomesQuery, type DealOutcomeRow } from '../../lambdas/metrics/queries/deal-outcomes.sql.js';
import type { Forecast, ForecastValue } from '../../lambdas/metrics/metric-types.js';
import { generateDealFlow } from './deal-flow-fixture.js';
import { writeLake } from './lake-fixture.js';

const settings: CalendarSettings = { timeZone: 'UTC', weekStart: 'monday', fiscalYearStartMonth: 1, fiscalYearNaming: 'end' };
const august = periodById('monthly', '2026-08', settings);
const plan = { asOfEnd: '2026-07-31', horizon: august, calibration: [] };

const valueOf = (forecast: Forecast, metric: ForecastValue['metric']): ForecastValue => {
  if (!forecast.available) throw new Error(`forecast unavailable: ${forecast.reason}`);
  return forecast.values.find((value) => value.metric === metric)!;
};

/** 20 deals created on 1 Jan, all won 3 days later: a won hazard of 1/4 per day in a deal's first week, 0 after. */
const history: DealOutcome = { createdDt: '2026-01-01', wonDt: '2026-01-04', lostDt: null, deals: 20, opportunityAmount: 20_000, wonAmount: 20_000 };

describe('forecast from deal timing', () => {
  it('gives an open deal its chance to be won at its age', () => {
    // Week one of a deal's life: 20 wins over 20 × 4 + 3 (the open deal's ages 0–2) = 83 deal-days
    // at risk, so each day is won with chance 20/83 and none is lost; later weeks saw no deal.
    // Open since 29 Jul, the deal is 2 days old on 31 Jul: ages 3–6 remain, 1 − (63/83)^4.
    const open: DealOutcome = { createdDt: '2026-07-29', wonDt: null, lostDt: null, deals: 1, opportunityAmount: 5_000, wonAmount: null };
    const forecast = forecastNextPeriod({ plan, deals: [history, open], currency: 'USD' });
    const chance = 1 - (63 / 83) ** 4;
    expect(valueOf(forecast, 'deals_won').fromOpenPipeline).toBeCloseTo(chance, 12);
  });

  it('weights money by amount', () => {
    // By amount, week one saw 20 000 won over 20 000 × 4 + 5 000 × 3 = 95 000 amount-days:
    // a daily chance of 4/19, so the open 5 000 is expected to bring 5 000 × (1 − (15/19)^4).
    const open: DealOutcome = { createdDt: '2026-07-29', wonDt: null, lostDt: null, deals: 1, opportunityAmount: 5_000, wonAmount: null };
    const forecast = forecastNextPeriod({ plan, deals: [history, open], currency: 'USD' });
    expect(valueOf(forecast, 'revenue').fromOpenPipeline).toBeCloseTo(5_000 * (1 - (15 / 19) ** 4), 9);
  });

  it('adds new deals at the recent creation rate', () => {
    // 1 deal created in the last 91 days: 1/91 a day. A deal created k days before August ends
    // has its first min(k, 6) + 1 days (all in week one, daily chance 20/83) to be won:
    // 1 − (63/83)^(min(k, 6) + 1). Days k = 6…30 give 25 × (1 − q^7), k = 0…5 give Σ (1 − q^j), j = 1…6.
    const open: DealOutcome = { createdDt: '2026-07-29', wonDt: null, lostDt: null, deals: 1, opportunityAmount: 5_000, wonAmount: null };
    const forecast = forecastNextPeriod({ plan, deals: [history, open], currency: 'USD' });
    const q = 63 / 83;
    const perDay = 25 * (1 - q ** 7) + [1, 2, 3, 4, 5, 6].reduce((sum, j) => sum + (1 - q ** j), 0);
    expect(valueOf(forecast, 'deals_won').fromNewFlow).toBeCloseTo(perDay / 91, 9);
    // Money: 5 000 of pipeline in 91 days, each amount won with the amount-weighted chance (r = 15/19).
    const r = 15 / 19;
    const moneyPerDay = 25 * (1 - r ** 7) + [1, 2, 3, 4, 5, 6].reduce((sum, j) => sum + (1 - r ** j), 0);
    expect(valueOf(forecast, 'revenue').fromNewFlow).toBeCloseTo((5_000 / 91) * moneyPerDay, 6);
  });

  it('states its method in plain words', () => {
    const forecast = forecastNextPeriod({ plan, deals: [history], currency: 'USD' });
    expect(forecast.available && forecast.method).toContain('Forecast for August 2026');
  });

  it('needs six months of deal history', () => {
    const recent = { ...history, createdDt: '2026-05-01', wonDt: '2026-05-04' };
    expect(forecastNextPeriod({ plan, deals: [recent], currency: 'USD' })).toEqual({
      available: false,
      horizon: august,
      reason: 'needs 180 days of deal history before 2026-07-31, have 92',
    });
  });

  it('needs won deals to learn timing from', () => {
    const few = { ...history, deals: 4, wonAmount: 4_000 };
    const forecast = forecastNextPeriod({ plan, deals: [few], currency: 'USD' });
    expect(forecast.available ? '' : forecast.reason).toBe('needs 10 won deals in the year before 2026-07-31 to learn deal timing, have 4');
  });
});

describe('forecast against the naive baseline', () => {
  it('beats "same as last month" on a generated deal flow', async () => {
    // Prepare: 18 months of generated deals (about 4 000) in a lake; the forecast's own query
    // reads them once, and each month's forecast sees only what was known at its month end.
    const lakeDir = await writeLake({ timeZone: 'UTC', events: generateDealFlow({ seed: 7, from: '2025-01-01', to: '2026-06-30', dealsPerWeekday: 10 }) });
    const engine = await DuckDbQueryEngine.open({ lakeDir });
    try {
      const query = dealOutcomesQuery({ start: '2025-01-01', end: '2026-06-30' });
      const { rows } = await engine.query<Record<string, unknown>>(query.name, query.sql, query.parameters);
      const deals = (rows as unknown as DealOutcomeRow[]).map(toDealOutcome);

      // Act: forecast each month from August 2025 to May 2026 as of the previous month's end.
      const errors = { forecast: [] as number[], naive: [] as number[] };
      let month = periodById('monthly', '2025-07', settings);
      while (month.id !== '2026-05') {
        const horizon = nextPeriod(month, settings);
        const forecast = forecastNextPeriod({ plan: { asOfEnd: month.end, horizon, calibration: [] }, deals, currency: 'USD' });
        const actual = actualWon(deals, horizon).revenue;
        errors.forecast.push(Math.abs(valueOf(forecast, 'revenue').expected - actual) / actual);
        errors.naive.push(Math.abs(actualWon(deals, month).revenue - actual) / actual);
        month = horizon;
      }

      // Assess: mean absolute percentage errors over the 10 months.
      const mape = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
      expect(errors.forecast).toHaveLength(10);
      expect(mape(errors.forecast)).toBeLessThan(mape(errors.naive));
    } finally {
      await engine.close();
      await rm(lakeDir, { recursive: true, force: true });
    }
  });
});
