/**
 * `npm run bench:bundle`: the report Lambda's bundle as the stack builds it (modules that are
 * loaded but never called resolved to an empty module, see lib/lambda-bundle.ts) against the same
 * bundle built without that, as the baseline: bytes, and the time Node takes to import each (the
 * cold start's init phase), plus the render chain the first pack of a container loads lazily.
 * Each import runs in a fresh process, alternating bundle and baseline; medians are printed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { lambdaBuildSettings } from '../lib/lambda-bundle.js';
import { PROJECT_ROOT } from '../lib/pipeline-function.js';

const RUNS = 7;
const OUT = path.join(PROJECT_ROOT, '.bench', 'bundles');
const IMPORT_TARGET_MS = 500;
const SIZE_TARGET_BYTES = 4 * 1024 * 1024;

interface Bundle {
  readonly label: string;
  readonly file: string;
}

const bundle = async (label: string, entry: string, withStubs: boolean): Promise<Bundle> => {
  const settings = lambdaBuildSettings();
  const file = path.join(OUT, label, 'index.mjs');
  mkdirSync(path.dirname(file), { recursive: true });
  const { alias, ...rest } = settings;
  await build({ ...rest, ...(withStubs ? { alias } : {}), entryPoints: [path.join(PROJECT_ROOT, entry)], outfile: file, logLevel: 'error' });
  return { label, file };
};

/** Milliseconds to import the module in a fresh Node process (process start excluded). */
const importMs = (file: string): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return Number(run.stdout);
};

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

const pairs: [Bundle, Bundle][] = [
  [await bundle('report-handler', 'lambdas/handlers/report-handler.ts', true), await bundle('report-handler-baseline', 'lambdas/handlers/report-handler.ts', false)],
  [await bundle('render-chain', 'lambdas/pipeline/funnel-pack-producer.ts', true), await bundle('render-chain-baseline', 'lambdas/pipeline/funnel-pack-producer.ts', false)],
];

console.log(`node ${process.version}, ${RUNS} alternating imports per bundle, each in a fresh process`);
let met = true;
for (const [measured, baseline] of pairs) {
  const times = { measured: [] as number[], baseline: [] as number[] };
  for (let run = 0; run < RUNS; run += 1) {
    times.measured.push(importMs(measured.file));
    times.baseline.push(importMs(baseline.file));
  }
  const size = { measured: statSync(measured.file).size, baseline: statSync(baseline.file).size };
  const ms = { measured: median(times.measured), baseline: median(times.baseline) };
  console.log(
    `${measured.label}: ${mb(size.measured)} vs ${mb(size.baseline)} without the stubs (${(size.measured / size.baseline).toFixed(2)}x); ` +
      `import ${ms.measured.toFixed(0)} ms vs ${ms.baseline.toFixed(0)} ms (${(ms.measured / ms.baseline).toFixed(2)}x)`,
  );
  if (measured.label === 'report-handler') {
    met = size.measured <= SIZE_TARGET_BYTES && ms.measured <= IMPORT_TARGET_MS;
    console.log(`report bundle targets: ≤ ${mb(SIZE_TARGET_BYTES)} and import ≤ ${IMPORT_TARGET_MS} ms: ${met ? 'met' : 'NOT met'}`);
  }
}
