/** The lakes the benches read, built once from the sample generator through ingest. */
import type { SampleLakeOptions } from './sample-lake.js';

/**
 * About 10 million funnel events over three years: three generated, ingested years of the sample
 * business, replicated with distinct ids up to 10 million events.
 */
export const REPORT_BENCH_LAKE: SampleLakeOptions = {
  name: 'report-lake',
  seed: 20_261_101,
  from: '2023-11-02',
  to: '2026-11-01',
  scale: 1,
  targetEvents: 10_000_000,
};

/** The sample at its default scale over 2 years and 10 months, for the forecast backtest. */
export const BACKTEST_LAKE: SampleLakeOptions = { name: 'backtest-lake', seed: 42, from: '2024-01-01', to: '2026-10-31', scale: 1 };
