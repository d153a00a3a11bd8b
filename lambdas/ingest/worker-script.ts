import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The script of a worker in a bundle: the worker's own bundle `ownBundle` when one was built next
 * to this one, else this bundle itself (every module is the bundle file, which starts the right
 * worker body from its workerData role).
 */
export const bundledWorkerScript = (bundle: URL, ownBundle: string | undefined, exists: (file: URL) => boolean = (file) => existsSync(file)): URL => {
  const own = ownBundle === undefined ? undefined : new URL(`./${ownBundle}`, bundle);
  return own !== undefined && exists(own) ? own : bundle;
};

/**
 * What `new Worker(script, { eval })` needs to run one of ingest's worker modules: in a bundle,
 * see bundledWorkerScript. Run from source (tsx, vitest), it is a line that registers tsx's
 * loader in the thread and imports the module.
 */
export const workerScript = (entry: URL, ownBundle?: string): { readonly script: URL | string; readonly eval: boolean } => {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: bundledWorkerScript(new URL(here), ownBundle), eval: false };
  // tsx's ESM API, resolved from here (not from the working directory) through its exports map.
  const manifest = createRequire(here).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsx = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')).href;
  return { script: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, eval: true };
};
