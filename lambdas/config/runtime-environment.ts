/**
 * Environment variable names the CDK sets on the Lambdas and the handlers read at cold start.
 * Shared so the name in lib/ and the name in lambdas/ cannot drift.
 */
export const RUNTIME_ENV = {
  /** Path of the validated config JSON inside the Lambda bundle. */
  configPath: 'FUNNEL_REVIEW_CONFIG_PATH',
  /** Folder inside the bundle holding fonts and the resvg wasm file. */
  assetDir: 'FUNNEL_REVIEW_ASSET_DIR',
  landingBucket: 'LANDING_BUCKET',
  lakeBucket: 'LAKE_BUCKET',
  reportsBucket: 'REPORTS_BUCKET',
  athenaWorkgroup: 'ATHENA_WORKGROUP',
  athenaDatabase: 'ATHENA_DATABASE',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  opsTopicArn: 'OPS_TOPIC_ARN',
  /** Bucket holding the live config object that every run reads (see lambdas/config/live-config.ts). */
  configBucket: 'CONFIG_BUCKET',
  /** Key of the live config object in that bucket. */
  configKey: 'CONFIG_KEY',
  /** The pack pages' site (`https://….cloudfront.net`), its key pair and private key, and how long links and sessions last. */
  packPagesUrl: 'PACK_PAGES_URL',
  packPagesKeyPairId: 'PACK_PAGES_KEY_PAIR_ID',
  packPagesSigningKey: 'PACK_PAGES_SIGNING_KEY_SECRET',
  packPagesLinkDays: 'PACK_PAGES_LINK_DAYS',
  packPagesSessionHours: 'PACK_PAGES_SESSION_HOURS',
} as const;

/** The key `funnel-review config push` uploads to and the functions read, unless told otherwise. */
export const LIVE_CONFIG_KEY = 'funnel-review.config.json';

export type RuntimeEnvName = (typeof RUNTIME_ENV)[keyof typeof RUNTIME_ENV];

/** Bundle-relative locations the CDK copies files to (see lib/), read by the handlers. */
export const BUNDLE_FILES = {
  config: 'funnel-review.config.json',
  assetDir: 'assets',
} as const;
