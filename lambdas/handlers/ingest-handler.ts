import type { IngestRunResult } from '../ingest/run-ingest.js';
import { describeError } from '../observability/app-logger.js';
import { logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { assertIngested, runIngestRequest } from '../pipeline/ingest-request.js';
import { PayloadError } from '../pipeline/payload-error.js';
import type { RuntimeDeps } from '../pipeline/runtime-deps.js';
import { buildIngestRuntime } from './aws-runtime.js';
import { once } from './handler-environment.js';
import type { LambdaContext } from './lambda-context.js';

export interface IngestHandlerOptions {
  /** Defaults to the AWS adapters built from the environment. */
  readonly runtime?: () => Promise<RuntimeDeps>;
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
      const deps = await runtime();
      const result = await runIngestRequest(event, { ...deps, ...(context === undefined ? {} : { invocationId: context.awsRequestId }) });
      assertIngested(result);
      return result;
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
