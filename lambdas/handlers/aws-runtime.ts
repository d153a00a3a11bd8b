import { AthenaQueryEngine } from '../adapters/aws/athena-query-engine.js';
import { athenaClient, s3Client, secretsClient, sesClient, snsClient } from '../adapters/aws/clients.js';
import { CloudFrontPackLinker } from '../adapters/aws/cloudfront-pack-links.js';
import { secretSigningKey } from '../adapters/aws/signing-key-secret.js';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.js';
import { SesMailer } from '../adapters/aws/ses-mailer.js';
import { SnsNotifier } from '../adapters/aws/sns-notifier.js';
import { loadConfigFile } from '../config/load-config.js';
import { logger } from '../observability/logger.js';
import type { MetricsSink } from '../observability/metrics.js';
import type { RuntimeDeps } from '../pipeline/runtime-deps.js';
import { systemClock } from '../ports/clock.js';
import type { Mailer } from '../ports/mailer.js';
import type { PackLinker } from '../ports/pack-links.js';
import type { QueryEngine } from '../ports/query-engine.js';
import { RUNTIME_ENV } from '../config/runtime-environment.js';
import { bundledConfigPath, readEnvironment } from './handler-environment.js';

/** Ports a handler never uses: a call means a wiring mistake, said plainly. */
const notInThisHandler = (port: string, handler: string): never => {
  throw new Error(`${port} is not available in the ${handler} handler`);
};
const noEngine = (handler: string): QueryEngine => ({ query: async () => notInThisHandler('the query engine', handler) });
const noMailer = (handler: string): Mailer => ({ send: async () => notInThisHandler('the mailer', handler) });

/** Signed links to the pack pages, when the stack serves them (it sets all four variables together). */
const signedPackLinks = (env: NodeJS.ProcessEnv): PackLinker | undefined => {
  if (!env[RUNTIME_ENV.packPagesUrl]) return undefined;
  const vars = readEnvironment('report', ['packPagesUrl', 'packPagesKeyPairId', 'packPagesSigningKey', 'packPagesLinkDays'], env);
  const signingKey = secretSigningKey(secretsClient, vars.packPagesSigningKey, vars.packPagesKeyPairId);
  return new CloudFrontPackLinker({ siteUrl: vars.packPagesUrl, linkDays: Number(vars.packPagesLinkDays), signingKey }, systemClock);
};

/** Report Lambda: reads the lake and manifests, queries Athena, archives to and records in the reports bucket, sends with SES. */
export const buildReportRuntime = async (metrics: MetricsSink, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeDeps> => {
  const vars = readEnvironment(
    'report',
    ['lakeBucket', 'reportsBucket', 'athenaWorkgroup', 'athenaDatabase', 'sesConfigurationSet', 'opsTopicArn'],
    env,
  );
  const config = await loadConfigFile(bundledConfigPath(env));
  const landingBucket = env.LANDING_BUCKET;
  const lake = new S3ObjectStore(s3Client, vars.lakeBucket);
  return {
    config,
    // The report never reads landing files; the lake stands in when the bucket is not given.
    landing: landingBucket ? new S3ObjectStore(s3Client, landingBucket) : lake,
    lake,
    reports: new S3ObjectStore(s3Client, vars.reportsBucket),
    engine: new AthenaQueryEngine(athenaClient, { workGroup: vars.athenaWorkgroup, database: vars.athenaDatabase }),
    mailer: new SesMailer(sesClient, { configurationSet: vars.sesConfigurationSet }),
    clock: systemClock,
    logger,
    notifier: new SnsNotifier(snsClient, vars.opsTopicArn),
    metrics,
    ...withPackLinks(signedPackLinks(env)),
  };
};

const withPackLinks = (packLinks: PackLinker | undefined): { packLinks?: PackLinker } => (packLinks === undefined ? {} : { packLinks });

/** Ingest Lambda: landing in, lake out; no Athena, no SES. */
export const buildIngestRuntime = async (metrics: MetricsSink, env: NodeJS.ProcessEnv = process.env): Promise<RuntimeDeps> => {
  const vars = readEnvironment('ingest', ['landingBucket', 'lakeBucket', 'opsTopicArn'], env);
  const config = await loadConfigFile(bundledConfigPath(env));
  const lake = new S3ObjectStore(s3Client, vars.lakeBucket);
  return {
    config,
    landing: new S3ObjectStore(s3Client, vars.landingBucket),
    lake,
    // Ingest never touches the reports bucket and has no grant on it.
    reports: lake,
    engine: noEngine('ingest'),
    mailer: noMailer('ingest'),
    clock: systemClock,
    logger,
    notifier: new SnsNotifier(snsClient, vars.opsTopicArn),
    metrics,
  };
};
