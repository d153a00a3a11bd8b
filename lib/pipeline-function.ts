import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, type Size } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { BUNDLE_FILES, LIVE_CONFIG_KEY, RUNTIME_ENV } from '../lambdas/config/runtime-environment.js';
import { METRICS_NAMESPACE } from '../lambdas/observability/metrics.js';
import { grantPrefixRead } from './bucket-access.js';
import { lambdaBuildSettings, lambdaNodeOptions, shellQuote, workerBundleCommand, type WorkerBundle } from './lambda-bundle.js';

/** Repository root: the esbuild project root and where entries and assets are found. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Where Lambda unpacks the bundle. */
export const LAMBDA_TASK_ROOT = '/var/task';

/** Bundle layout of the chart assets (read by lambdas/render through FUNNEL_REVIEW_ASSET_DIR). */
export const CHART_ASSETS = {
  fontsSource: join(PROJECT_ROOT, 'assets', 'fonts'),
  fontsTarget: `${BUNDLE_FILES.assetDir}/fonts`,
  wasmSource: join(PROJECT_ROOT, 'node_modules', '@resvg', 'resvg-wasm', 'index_bg.wasm'),
  wasmTarget: `${BUNDLE_FILES.assetDir}/index_bg.wasm`,
} as const;

export interface PipelineFunctionProps {
  /** Handler entry relative to the project root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  /** POWERTOOLS_SERVICE_NAME, also the `service` dimension of the function's metrics. */
  readonly serviceName: string;
  /**
   * The validated deploy-time config, written into the bundle as funnel-review.config.json: what
   * a live config may not change (see lambdas/config/live-config.ts) is checked against it.
   */
  readonly config: FunnelReviewConfig;
  readonly memorySize: number;
  /**
   * Node.js options besides every Lambda's, in NODE_OPTIONS (see lambdaNodeOptions).
   * @default - none
   */
  readonly nodeOptions?: readonly string[];
  readonly timeout: Duration;
  /**
   * Copy the chart fonts and the resvg wasm into the bundle.
   * @default false
   */
  readonly chartAssets?: boolean;
  /**
   * Reserved concurrency, e.g. 1 to stop two runs overlapping.
   * @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /**
   * The function's /tmp.
   * @default 512 MiB (Lambda's default)
   */
  readonly ephemeralStorageSize?: Size;
  /**
   * Worker threads' own bundles, built next to the function's with its settings.
   * @default - none (a worker then loads the function's bundle)
   */
  readonly workerBundles?: readonly WorkerBundle[];
}

/** Writes the config once per distinct content; the name is its hash so parallel synths never clash. */
const writeConfigForBundle = (config: FunnelReviewConfig): string => {
  const json = `${JSON.stringify(config, null, 2)}\n`;
  const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'funnel-review-cdk');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `config-${digest}.json`);
  writeFileSync(file, json);
  return file;
};

/**
 * One Lambda of the pipeline: esbuild bundle (no Docker) with the validated config and assets,
 * its own role (so grants are exactly what the owning construct adds), its own log group.
 */
export class PipelineFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: PipelineFunctionProps) {
    super(scope, id);
    this.serviceName = props.serviceName;
    const chartAssets = props.chartAssets ?? false;
    if (chartAssets && !existsSync(CHART_ASSETS.wasmSource)) {
      throw new Error(`resvg wasm not found at ${CHART_ASSETS.wasmSource}: run npm install`);
    }
    const configFile = writeConfigForBundle(props.config);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.serviceName}: runtime role, granted only what its construct adds`,
    });
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      NODE_OPTIONS: lambdaNodeOptions(props.nodeOptions),
      POWERTOOLS_SERVICE_NAME: props.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      [RUNTIME_ENV.configPath]: `${LAMBDA_TASK_ROOT}/${BUNDLE_FILES.config}`,
    };
    if (chartAssets) environment[RUNTIME_ENV.assetDir] = `${LAMBDA_TASK_ROOT}/${BUNDLE_FILES.assetDir}`;
    // The settings every Lambda bundle shares with its workers' bundles and the ingest benchmark.
    const settings = lambdaBuildSettings();

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      ephemeralStorageSize: props.ephemeralStorageSize,
      role: this.role,
      logGroup: this.logGroup,
      environment,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: settings.target,
        minify: settings.minify,
        sourceMap: true,
        sourcesContent: false,
        banner: settings.banner.js,
        mainFields: [...settings.mainFields],
        // Pin the SDK we test with instead of the runtime's copy (lib-storage is not in the runtime).
        bundleAwsSDK: true,
        externalModules: [...settings.external],
        esbuildArgs: { '--alias': Object.entries(settings.alias).map(([name, path]) => `${name}=${path}`) },
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir: string, outputDir: string): string[] => [
            `cp ${shellQuote(configFile)} ${shellQuote(join(outputDir, BUNDLE_FILES.config))}`,
            ...(props.workerBundles ?? []).map((worker) => workerBundleCommand(PROJECT_ROOT.replace(/\/$/, ''), outputDir, worker)),
            ...(chartAssets
              ? [
                  `mkdir -p ${shellQuote(join(outputDir, CHART_ASSETS.fontsTarget))}`,
                  `cp ${shellQuote(CHART_ASSETS.fontsSource)}/*.ttf ${shellQuote(join(outputDir, CHART_ASSETS.fontsTarget))}/`,
                  `cp ${shellQuote(CHART_ASSETS.wasmSource)} ${shellQuote(join(outputDir, CHART_ASSETS.wasmTarget))}`,
                ]
              : []),
          ],
        },
      },
    });
  }

  public addEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }

  /**
   * CONFIG_BUCKET and CONFIG_KEY, and reading that one object: the live config each run reads.
   * Listing is allowed for that key only, so a config not pushed yet reads as missing, not denied.
   */
  public useLiveConfig(bucket: IBucket, key: string = LIVE_CONFIG_KEY): void {
    this.addEnvironment(RUNTIME_ENV.configBucket, bucket.bucketName);
    this.addEnvironment(RUNTIME_ENV.configKey, key);
    grantPrefixRead(this.role, bucket, [key]);
  }

  /** OPS_TOPIC_ARN, and publishing to that topic only (plus its key, when it has one). */
  public useOpsTopic(topic: ITopic): void {
    this.addEnvironment(RUNTIME_ENV.opsTopicArn, topic.topicArn);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    topic.masterKey?.grant(this.role, 'kms:GenerateDataKey', 'kms:Decrypt');
  }
}
