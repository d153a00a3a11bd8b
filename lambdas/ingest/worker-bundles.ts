/**
 * File names of worker threads' own bundles, built next to the ingest Lambda's bundle by the CDK
 * app (lib/ingest.ts) and the ingest benchmark, and looked for there at run time (worker-script.ts).
 */

/** The Parquet encoder thread's, from encoder-thread.ts. */
export const ENCODER_THREAD_BUNDLE = 'encoder-thread.mjs';

/** Its entry, relative to the project root. */
export const ENCODER_THREAD_ENTRY = 'lambdas/ingest/encoder-thread.ts';
