import { describeError } from '../observability/app-logger.js';
import { logger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import type { PackProducer } from '../pipeline/pack-producer.js';
import { PayloadError } from '../pipeline/payload-error.js';
import { assertDelivered, parseReportPayload, runReportRequest, type ReportOutcome } from '../pipeline/report-request.js';
import { buildReportRuntime, loadRunConfig, type LambdaRuntime } from './aws-runtime.js';
import { once } from './handler-environment.js';
import type { LambdaContext } from './lambda-context.js';

export interface ReportHandlerOptions {
  /** Defaults to the AWS adapters built from the environment. */
  readonly runtime?: () => Promise<LambdaRuntime>;
  readonly producePack?: PackProducer;
}

/**
 * The report Lambda, one entry for every cadence: check the event, read the live config, run the
 * request, return the outcome. A bad payload throws PayloadError (listing each problem) before
 * anything is touched; an invalid live config throws ConfigError after telling ops, before any
 * data is read; a failed send throws DeliveryFailedError so the platform retries and the alarm fires.
 */
export const createReportHandler = (options: ReportHandlerOptions = {}) => {
  const metrics = createMetrics();
  const runtime = options.runtime ?? once(() => buildReportRuntime(metrics));
  return async (event: unknown, context?: LambdaContext): Promise<ReportOutcome> => {
    if (context !== undefined) logger.appendKeys({ requestId: context.awsRequestId });
    try {
      parseReportPayload(event);
      const lambda = await runtime();
      const config = await loadRunConfig(lambda, 'report');
      const outcome = await runReportRequest(
        event,
        { ...lambda.deps, config, ...(context === undefined ? {} : { invocationId: context.awsRequestId }) },
        options.producePack === undefined ? {} : { producePack: options.producePack },
      );
      assertDelivered(outcome);
      return outcome;
    } catch (error) {
      if (error instanceof PayloadError) logger.error('bad report payload', { problems: error.problems });
      else logger.error('report failed', { error: describeError(error) });
      throw error;
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
};

export const handler = createReportHandler();
