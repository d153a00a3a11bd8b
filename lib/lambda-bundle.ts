import { fileURLToPath } from 'node:url';

/**
 * What every Lambda bundle is built with besides its entry, shared by the CDK functions and the
 * ingest benchmark (which measures the ingest as the Lambda runs it). No aws-cdk-lib here.
 */

/**
 * esbuild emits ESM (vega is ESM-only and the handlers may use import.meta); CommonJS
 * dependencies inside the bundle still call require, which ESM lacks.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as funnelReviewCreateRequire } from 'node:module'; const require = funnelReviewCreateRequire(import.meta.url);";

/** Never bundled: a native module for local DuckDB queries; in Lambda, Athena answers instead. */
export const EXCLUDED_MODULES = ['@duckdb/node-api'];

/** The empty module that NEVER_CALLED_MODULES resolve to (absolute, as esbuild's alias wants). */
export const NEVER_CALLED_STUB = fileURLToPath(new URL('./bundle-stubs/never-called.js', import.meta.url));

/**
 * Modules that bundled code requires at load time but never calls, resolved to an empty module.
 * mjml-core loads htmlnano (and its cssnano preset) for its `minify` option, which the renderer
 * never sets; htmlnano's config loader alone pulls in the TypeScript compiler. juice's cheerio
 * loads undici and encoding-sniffer for fetching and decoding URLs and byte streams, where juice
 * only parses strings; mjml-core loads js-beautify for `beautify`, also never set. A test renders
 * a pack through a bundle built this way and compares it with the unbundled rendering.
 */
export const NEVER_CALLED_MODULES = ['htmlnano', 'cssnano-preset-lite', 'undici', 'encoding-sniffer', 'js-beautify'] as const;

const neverCalledAliases = (): Record<string, string> =>
  Object.fromEntries(NEVER_CALLED_MODULES.map((name) => [name, NEVER_CALLED_STUB]));

/** Prefer packages' ESM builds: jsonc-parser's UMD main hides its requires from esbuild. */
export const MAIN_FIELDS = ['module', 'main'];

/** Lambda's Node.js line, as esbuild names it (the functions run `nodejs24.x`). */
export const LAMBDA_TARGET = 'node24';

/** Node.js options of every Lambda: stack traces point into the TypeScript sources. */
const LAMBDA_NODE_OPTIONS = ['--enable-source-maps'];

/** A Lambda's NODE_OPTIONS: every Lambda's options, then its own. */
export const lambdaNodeOptions = (own: readonly string[] = []): string => [...LAMBDA_NODE_OPTIONS, ...own].join(' ');

/**
 * The ingest Lambda's further Node.js options, which the ingest benchmark's child runs with too.
 * `--v8-pool-size=1`: one V8 helper thread rather than four. Ingest keeps two JavaScript threads
 * busy (reading and encoding), and the helpers' parallel scavenges and compiles only queue behind
 * them on a machine of one or two cores (a 2 GB Lambda has about 1.2 vCPUs): in alternating pairs
 * on the 2-core development machine, −3.1% time against the default four (ten pairs) and −2.7%
 * against two. Node.js accepts it in NODE_OPTIONS, unlike V8's own garbage-collector flags.
 */
export const INGEST_NODE_OPTIONS = ['--v8-pool-size=1'];

/** A word for bash, quoted whatever it holds. */
export const shellQuote = (value: string): string => `'${value.replaceAll("'", "'\\''")}'`;

/** A worker thread's own bundle, built next to a Lambda's (see PipelineFunctionProps.workerBundles). */
export interface WorkerBundle {
  /** Entry, relative to the project root. */
  readonly entry: string;
  /** File name next to the Lambda's bundle. */
  readonly file: string;
}

/**
 * esbuild's settings for a Lambda bundle, but its entry and output: the ingest benchmark builds with
 * them (for this machine's Node.js), a worker's bundle too; the CDK functions pass the same values
 * through their bundling props.
 */
export const lambdaBuildSettings = (target: string = LAMBDA_TARGET) =>
  ({
    bundle: true,
    platform: 'node',
    format: 'esm',
    target,
    minify: true,
    mainFields: MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXCLUDED_MODULES,
    alias: neverCalledAliases(),
  }) as const;

/**
 * The command that builds a worker's bundle with the settings of the Lambda bundle it sits next to
 * (the local esbuild, as the Lambda bundle itself: no Docker).
 */
export const workerBundleCommand = (projectRoot: string, outputDir: string, worker: WorkerBundle): string => {
  const settings = lambdaBuildSettings();
  return [
    `${projectRoot}/node_modules/.bin/esbuild`,
    `${projectRoot}/${worker.entry}`,
    ...(settings.bundle ? ['--bundle'] : []),
    `--platform=${settings.platform}`,
    `--format=${settings.format}`,
    `--target=${settings.target}`,
    ...(settings.minify ? ['--minify'] : []),
    `--main-fields=${settings.mainFields.join(',')}`,
    ...settings.external.map((name) => `--external:${name}`),
    ...Object.entries(settings.alias).map(([name, path]) => `--alias:${name}=${path}`),
    `--banner:js=${settings.banner.js}`,
    `--outfile=${outputDir}/${worker.file}`,
    '--log-level=warning',
  ]
    .map(shellQuote)
    .join(' ');
};
