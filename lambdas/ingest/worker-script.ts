import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What `new Worker(script, { eval })` needs to run one of ingest's worker modules. In a Lambda
 * bundle every module is the bundle file itself, which starts the right worker body from its
 * workerData role. Run from source (tsx, vitest), it is a line that registers tsx's loader in
 * the thread and imports the module.
 */
export const workerScript = (entry: URL): { readonly script: URL | string; readonly eval: boolean } => {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { script: new URL(here), eval: false };
  // tsx's ESM API, resolved from here (not from the working directory) through its exports map.
  const manifest = createRequire(here).resolve('tsx/package.json');
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const tsx = pathToFileURL(path.join(path.dirname(manifest), exports['./esm/api']?.import.default ?? 'dist/esm/api/index.mjs')).href;
  return { script: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, eval: true };
};
