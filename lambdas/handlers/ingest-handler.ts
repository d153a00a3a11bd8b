import type { IngestRunResult } from '../ingest/run-ingest.js';
import { describeError } from '../observability/app-logger.js';
import { logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { assertIngested, ingestRequestSchema, runIngestRequest } from '../pipeline/ingest-request.js';
import { parsePayload, PayloadError } from '../pipeline/payload-error.js';
import { buildIngestRuntime, loadRunConfig, type LambdaRuntime } from './aws-runtime.js';
import { openScratchSpace } from '../adapters/local/scratch-space.js';
import { LAMBDA_SCRATCH_ROOT, once } from './handler-environment.js';
import type { LambdaContext } from './lambda-context.js';

export interface IngestHandlerOptions {
  /** Defaults to the AWS adapters built from the environment. */
  readonly runtime?: () => Promise<LambdaRuntime>;
  /** @default LAMBDA_SCRATCH_ROOT */
  readonly scratchRoot?: string;
}

/**
 * The ingest Lambda: nightly `{}` (yesterday in the reporting time zone), or on demand
 * `{ "date": … }` / `{ "from": …, "to": … }`. Idempotent. A source that fails throws
 * IngestFailedError after ops are told, so the platform retries and the alarm fires.
 */
export const createIngestHandler = (options: IngestHandlerOptions = {}) => {
  const metrics = createMetrics();
  const runtime = options.runtime ?? once(() => buildIngestRuntime(metrics));
  return async (event: unknown, context?: LambdaContext): Promise<IngestRunResult> => {
    if (context !== undefined) logger.appendKeys({ requestId: context.awsRequestId });
    try {
      // The payload's shape first: a bad one touches nothing, not even the config object.
      parsePayload('ingest', ingestRequestSchema, event, '{ "date": "2026-11-18" }');
      const lambda = await runtime();
      const config = await loadRunConfig(lambda, 'ingest');
      // A timed-out run's spill files stay in /tmp when Lambda restarts the runtime: reclaimed here.
      const scratch = await openScratchSpace(options.scratchRoot ?? LAMBDA_SCRATCH_ROOT);
      try {
        const result = await runIngestRequest(event, { ...lambda.deps, config, ...(context === undefined ? {} : { invocationId: context.awsRequestId }) });
        assertIngested(result);
        return result;
      } finally {
        await scratch.release();
      }
    } catch (error) {
      if (error instanceof PayloadError) logger.error('bad ingest payload', { problems: error.problems });
      else logger.error('ingest failed', { error: describeError(error) });
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
};

export const handler = createIngestHandler();
