import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The one logger of the app. Powertools reads the service name from POWERTOOLS_SERVICE_NAME
 * (set by the construct); `funnel-review` when run outside Lambda (CLI, tests).
 *
 * Log attributes are ids, counts and keys only: never a recipient address or a source row.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'funnel-review' });
