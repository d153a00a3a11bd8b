/**
 * `npm run bench:forecast`: runs the monthly forecast for every month of the sample history that
 * has at least 6 months of data before it, compares it with what happened, and prints its mean
 * absolute percentage error beside the naive forecast (next month = this month).
 */
import { DuckDbQueryEngine } from '../lambdas/adapters/local/duckdb-query-engine.js';
import { addDays, calendarSettings, nextPeriod, periodContaining } from '../lambdas/calendar/fiscal-calendar.js';
import type { Period } from '../lambdas/calendar/period-types.js';
import { sampleConfig } from '../lambdas/config/sample-config.js';
import { computeFunnelMetrics } from '../lambdas/metrics/compute-funnel-metrics.js';
import type { FunnelMetrics } from '../lambdas/metrics/metric-types.js';
import { BACKTEST_LAKE } from './bench-lakes.js';
import { completeFreshness, sampleLake } from './sample-lake.js';

const MIN_HISTORY_MONTHS = 6;

const config = sampleConfig();
const settings = calendarSettings(config);
const lake = await sampleLake(BACKTEST_LAKE);
const engine = await DuckDbQueryEngine.open({ lakeDir: lake.lakeDir });

const freshness = completeFreshness(BACKTEST_LAKE);

const monthlyMetrics = async (month: Period): Promise<FunnelMetrics> =>
  computeFunnelMetrics({ config, engine, period: month, asOf: addDays(month.end, 1), freshness });

const valueOf = (metrics: FunnelMetrics, id: 'revenue' | 'deals_won'): number => {
  const measure = metrics.metrics[id].value;
  if (!measure.available) throw new Error(`${id} unavailable for ${metrics.period.id}: ${measure.reason}`);
  return measure.value;
};

interface Row {
  month: string;
  horizon: string;
  forecast: { revenue: number; low: number; high: number; deals: number };
  naive: { revenue: number; deals: number };
  actual: { revenue: number; deals: number };
}

const rows: Row[] = [];
let month = nextPeriod(periodContaining('monthly', BACKTEST_LAKE.from, settings), settings);
for (let index = 1; index < MIN_HISTORY_MONTHS; index += 1) month = nextPeriod(month, settings);
const started = performance.now();
let current = await monthlyMetrics(month);
for (;;) {
  const horizon = nextPeriod(current.period, settings);
  if (horizon.end > BACKTEST_LAKE.to) break;
  const next = await monthlyMetrics(horizon);
  const forecast = current.forecast;
  if (forecast?.available) {
    const revenue = forecast.values.find((v) => v.metric === 'revenue')!;
    const deals = forecast.values.find((v) => v.metric === 'deals_won')!;
    rows.push({
      month: current.period.id,
      horizon: horizon.id,
      forecast: { revenue: revenue.expected, low: revenue.low, high: revenue.high, deals: deals.expected },
      naive: { revenue: valueOf(current, 'revenue'), deals: valueOf(current, 'deals_won') },
      actual: { revenue: valueOf(next, 'revenue'), deals: valueOf(next, 'deals_won') },
    });
  } else {
    console.log(`${current.period.id}: no forecast (${forecast?.available === false ? forecast.reason : 'none'})`);
  }
  current = next;
}
await engine.close();

const ape = (predicted: number, actual: number): number => Math.abs(predicted - actual) / actual;
const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;
const k = (value: number): string => `${(value / 1000).toFixed(0)}k`;

console.log(`\nForecast backtest on the sample (${BACKTEST_LAKE.from} … ${BACKTEST_LAKE.to}, seed ${BACKTEST_LAKE.seed}, scale ${BACKTEST_LAKE.scale})`);
console.log('as of    → month    | revenue forecast (80% range)      | naive  | actual | deals: forecast naive actual');
for (const row of rows) {
  const inRange = row.actual.revenue >= row.forecast.low && row.actual.revenue <= row.forecast.high ? ' ' : '*';
  console.log(
    `${row.month}  → ${row.horizon}  | ${k(row.forecast.revenue).padStart(6)} (${k(row.forecast.low).padStart(5)} – ${k(row.forecast.high).padStart(5)})${inRange}` +
      `           | ${k(row.naive.revenue).padStart(6)} | ${k(row.actual.revenue).padStart(6)} | ${row.forecast.deals.toFixed(1).padStart(6)} ${String(row.naive.deals).padStart(5)} ${String(row.actual.deals).padStart(6)}`,
  );
}
const revenueForecastMape = mean(rows.map((r) => ape(r.forecast.revenue, r.actual.revenue)));
const revenueNaiveMape = mean(rows.map((r) => ape(r.naive.revenue, r.actual.revenue)));
const dealsForecastMape = mean(rows.map((r) => ape(r.forecast.deals, r.actual.deals)));
const dealsNaiveMape = mean(rows.map((r) => ape(r.naive.deals, r.actual.deals)));
const covered = rows.filter((r) => r.actual.revenue >= r.forecast.low && r.actual.revenue <= r.forecast.high).length;
console.log(`\nmonths forecast: ${rows.length} (each needs ${MIN_HISTORY_MONTHS} months of history)`);
console.log(`revenue   MAPE: forecast ${pct(revenueForecastMape)}  vs naive (same as last month) ${pct(revenueNaiveMape)}`);
console.log(`deals won MAPE: forecast ${pct(dealsForecastMape)}  vs naive (same as last month) ${pct(dealsNaiveMape)}`);
console.log(`actual revenue inside the 80% range: ${covered}/${rows.length} (* = outside)`);
console.log(`time: ${((performance.now() - started) / 1000).toFixed(1)} s for ${rows.length + 1} monthly metric runs${lake.reused ? ' (cached lake)' : `, lake built in ${lake.buildSeconds} s`}`);
const beats = revenueForecastMape < revenueNaiveMape && dealsForecastMape < dealsNaiveMape;
console.log(beats ? 'RESULT: the forecast beats the naive baseline' : 'RESULT: the forecast does NOT beat the naive baseline');
process.exit(beats ? 0 : 1);
