/**
 * `npm run bench`: every benchmark in one run, each in its own process so that one's peak
 * memory does not inflate the next one's figures.
 */
import { spawnSync } from 'node:child_process';

const benches = [
  { name: 'ingest', script: 'bench/ingest-bench.ts' },
  { name: 'report', script: 'bench/report-bench.ts' },
  { name: 'forecast backtest', script: 'bench/forecast-backtest.ts' },
  { name: 'report bundle', script: 'bench/bundle-bench.ts' },
];

let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench.name} (${bench.script})`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', bench.script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.log(`=== ${bench.name} FAILED (exit ${run.status ?? run.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
