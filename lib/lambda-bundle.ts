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

/** Prefer packages' ESM builds: jsonc-parser's UMD main hides its requires from esbuild. */
export const MAIN_FIELDS = ['module', 'main'];
