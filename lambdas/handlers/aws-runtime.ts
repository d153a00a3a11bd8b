import { AthenaQueryEngine } from '../adapters/aws/athena-query-engine.js';
import { athenaClient, s3Client, secretsClient, sesClient, snsClient } from '../adapters/aws/clients.js';
import { CloudFrontPackLinker } from '../adapters/aws/cloudfront-pack-links.js';
import { S3ObjectStore } from '../adapters/aws/s3-object-store.js';
import { secretsManagerReader } from '../adapters/aws/secrets-manager-reader.js';
import { SesMailer } from '../adapters/aws/ses-mailer.js';
import { secretSigningKey } from '../adapters/aws/signing-key-secret.js';
import { SlackWebhookPoster } from '../adapters/aws/slack-webhook-poster.js';
import { SnsNotifier } from '../adapters/aws/sns-notifier.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import { readLiveConfig } from '../config/live-config.js';
import { ConfigError, loadConfigFile } from '../config/load-config.js';
import { LIVE_CONFIG_KEY, RUNTIME_ENV } from '../config/runtime-environment.js';
import { logger } from '../observability/logger.js';
import type { MetricsSink } from '../observability/metrics.js';
import { invalidConfigNotice } from '../pipeline/report-notices.js';
import type { RuntimeDeps } from '../pipeline/runtime-deps.js';
import { systemClock } from '../ports/clock.js';
import type { Mailer } from '../ports/mailer.js';
import type { PackLinker } from '../ports/pack-links.js';
import type { QueryEngine } from '../ports/query-engine.js';
import { bundledConfigPath, readEnvironment } from './handler-environment.js';

/**
 * What a handler builds once per container: the adapters, and how to read the config for each
 * run (the live config object, checked against the config bundled at deploy).
 */
export interface LambdaRuntime {
  readonly deps: Omit<RuntimeDeps, 'config'>;
  loadConfig(): Promise<FunnelReviewConfig>;
}

/** Ports a handler never uses: a call means a wiring mistake, said plainly. */
const notInThisHandler = (port: string, handler: string): never => {
  throw new Error(`${port} is not available in the ${handler} handler`);
};
const noEngine = (handler: string): QueryEngine => ({ query: async () => notInThisHandler('the query engine', handler) });
const noMailer = (handler: string): Mailer => ({ send: async () => notInThisHandler('the mailer', handler) });

/** The live config when the stack names its bucket (it always does); the bundled config alone otherwise. */
const configLoader = async (env: NodeJS.ProcessEnv): Promise<() => Promise<FunnelReviewConfig>> => {
  const deployed = await loadConfigFile(bundledConfigPath(env));
  const bucket = env[RUNTIME_ENV.configBucket];
  if (!bucket) return async () => deployed;
  const store = new S3ObjectStore(s3Client, bucket);
  const key = env[RUNTIME_ENV.configKey] || LIVE_CONFIG_KEY;
  return () => readLiveConfig(store, key, deployed);
};

/** Signed links to the pack pages, when the stack serves them (it sets all four variables together). */
const signedPackLinks = (env: NodeJS.ProcessEnv): PackLinker | undefined => {
  if (!env[RUNTIME_ENV.packPagesUrl]) return undefined;
  const vars = readEnvironment('report', ['packPagesUrl', 'packPagesKeyPairId', 'packPagesSigningKey', 'packPagesLinkDays'], env);
  const signingKey = secretSigningKey(secretsManagerReader(secretsClient), vars.packPagesSigningKey, vars.packPagesKeyPairId);
  return new CloudFrontPackLinker({ siteUrl: vars.packPagesUrl, linkDays: Number(vars.packPagesLinkDays), signingKey }, systemClock);
};

/** Report Lambda: reads the lake and manifests, queries Athena, archives to and records in the reports bucket, sends with SES and Slack. */
export const buildReportRuntime = async (metrics: MetricsSink, env: NodeJS.ProcessEnv = process.env): Promise<LambdaRuntime> => {
  const vars = readEnvironment('report', ['lakeBucket', 'reportsBucket', 'athenaWorkgroup', 'athenaDatabase', 'sesConfigurationSet', 'opsTopicArn'], env);
  const loadConfig = await configLoader(env);
  const landingBucket = env.LANDING_BUCKET;
  const lake = new S3ObjectStore(s3Client, vars.lakeBucket);
  const packLinks = signedPackLinks(env);
  return {
    loadConfig,
    deps: {
      // The report never reads landing files; the lake stands in when the bucket is not given.
      landing: landingBucket ? new S3ObjectStore(s3Client, landingBucket) : lake,
      lake,
      reports: new S3ObjectStore(s3Client, vars.reportsBucket),
      engine: new AthenaQueryEngine(athenaClient, { workGroup: vars.athenaWorkgroup, database: vars.athenaDatabase }),
      mailer: new SesMailer(sesClient, { configurationSet: vars.sesConfigurationSet }),
      slack: new SlackWebhookPoster({ readSecret: secretsManagerReader(secretsClient) }),
      ...(packLinks === undefined ? {} : { packLinks }),
      clock: systemClock,
      logger,
      notifier: new SnsNotifier(snsClient, vars.opsTopicArn),
      metrics,
    },
  };
};

/** Ingest Lambda: landing in, lake out; no Athena, no SES. */
export const buildIngestRuntime = async (metrics: MetricsSink, env: NodeJS.ProcessEnv = process.env): Promise<LambdaRuntime> => {
  const vars = readEnvironment('ingest', ['landingBucket', 'lakeBucket', 'opsTopicArn'], env);
  const loadConfig = await configLoader(env);
  const lake = new S3ObjectStore(s3Client, vars.lakeBucket);
  return {
    loadConfig,
    deps: {
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
    },
  };
};

/**
 * The config for one run. An invalid live config fails the run before anything is read or sent,
 * and ops are told why (the error alarm and the failure queue see the invocation fail too).
 */
export const loadRunConfig = async (runtime: LambdaRuntime, run: 'report' | 'ingest'): Promise<FunnelReviewConfig> => {
  try {
    return await runtime.loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      const notice = invalidConfigNotice(run, error.message);
      await runtime.deps.notifier.notify(notice.subject, notice.message).catch((notifyError: unknown) => {
        runtime.deps.logger.error('ops notification failed', { error: String(notifyError) });
      });
    }
    throw error;
  }
};
