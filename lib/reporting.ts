import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { RUNTIME_ENV } from '../lambdas/config/runtime-environment.js';
import { slackSecretPrefix } from '../lambdas/config/config-schema.js';
import { DATASETS, LAKE_KEYS } from '../lambdas/schema/canonical-schema.js';
import { acknowledgeObjectKeysWildcard, grantObjectsWriteNoDelete, grantPrefixRead } from './bucket-access.js';
import { ATHENA_RESULTS_PREFIX, type CatalogAndQuery } from './catalog-and-query.js';
import type { Delivery } from './delivery.js';
import { PipelineFunction } from './pipeline-function.js';

export interface ReportingProps {
  readonly config: FunnelReviewConfig;
  /** @default 'funnel-review-report' */
  readonly serviceName?: string;
  /** @default 1536 */
  readonly memorySize?: number;
  /** @default Duration.minutes(10) */
  readonly timeout?: Duration;
}

/** Manifests, one prefix per dataset: all the freshness check reads of the lake by itself. */
const MANIFEST_PREFIXES = DATASETS.map((dataset) => LAKE_KEYS.manifestPrefix(dataset));

/**
 * The report Lambda: freshness check → Athena queries → metrics → pack → render → archive → send.
 * Reserved concurrency 1: one report run at a time, so two runs never build the same pack at once
 * (a per-pack claim in the reports bucket guards it as well). Each `use…` method sets the
 * environment variable the handler reads and the matching grant.
 */
export class Reporting extends Construct {
  public readonly handler: PipelineFunction;
  private readonly stackName: string;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    this.stackName = props.config.deploy.stackName;
    this.handler = new PipelineFunction(this, 'Handler', {
      entry: 'lambdas/handlers/report-handler.ts',
      description: 'funnel-review report: weekly, monthly and quarterly review packs (scheduled, or on demand)',
      serviceName: props.serviceName ?? 'funnel-review-report',
      config: props.config,
      memorySize: props.memorySize ?? 1536,
      timeout: props.timeout ?? Duration.minutes(10),
      reservedConcurrentExecutions: 1,
      chartAssets: true,
    });
  }

  public get serviceName(): string {
    return this.handler.serviceName;
  }

  /** LAKE_BUCKET, read only and only the manifests (the freshness check); never quarantine or ingest state. */
  public useLakeBucket(bucket: IBucket): void {
    this.handler.addEnvironment(RUNTIME_ENV.lakeBucket, bucket.bucketName);
    grantPrefixRead(this.handler.role, bucket, MANIFEST_PREFIXES);
    acknowledgeObjectKeysWildcard(this.handler.role, bucket, 'the freshness check reads the manifest of any day.', MANIFEST_PREFIXES);
  }

  /**
   * REPORTS_BUCKET, read and write but never delete: the pack archive, the pack claims and the
   * delivery records that make sending idempotent (a run adds versions, it cannot remove one).
   */
  public useReportsBucket(bucket: IBucket): void {
    this.handler.addEnvironment(RUNTIME_ENV.reportsBucket, bucket.bucketName);
    grantObjectsWriteNoDelete(this.handler.role, bucket);
    acknowledgeObjectKeysWildcard(this.handler.role, bucket, 'packs are archived under <cadence>/<period>/ and recorded under deliveries/ for any period.');
  }

  /** CONFIG_BUCKET and CONFIG_KEY: the live config (teams, recipients, goals) each run reads. */
  public useLiveConfig(bucket: IBucket): void {
    this.handler.useLiveConfig(bucket);
  }

  /**
   * Reading the teams' Slack webhook URLs from Secrets Manager: secrets named
   * `<stackName>/slack/…` only (the config schema holds team webhooks to that prefix), so a team
   * added through the live config needs no deploy.
   */
  public useSlackWebhookSecrets(): void {
    const secretArns = Stack.of(this).formatArn({
      service: 'secretsmanager',
      resource: 'secret',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      // Secrets Manager appends a random suffix to every secret ARN: `-AbCdEf`.
      resourceName: `${slackSecretPrefix(this.stackName)}*`,
    });
    this.handler.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArns] }));
    // cdk-nag prints a pseudo parameter as <AWS::Name>, a known account or region as itself.
    const stack = Stack.of(this);
    const shown = (value: string, name: string): string => (Token.isUnresolved(value) ? `<AWS::${name}>` : value);
    const printed = `arn:${shown(stack.partition, 'Partition')}:secretsmanager:${shown(stack.region, 'Region')}:${shown(stack.account, 'AccountId')}`;
    Validations.of(this.handler.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${printed}:secret:${slackSecretPrefix(this.stackName)}*]`,
      reason: 'Team webhooks are secrets under one name prefix, so a team added through the live config needs no deploy; secret ARNs end in a random suffix.',
    });
  }

  /** ATHENA_WORKGROUP and ATHENA_DATABASE, with query rights in that workgroup only. */
  public useQuery(catalog: CatalogAndQuery): void {
    this.handler.addEnvironment(RUNTIME_ENV.athenaWorkgroup, catalog.workgroupName);
    this.handler.addEnvironment(RUNTIME_ENV.athenaDatabase, catalog.databaseName);
    catalog.grantQuery(this.handler.role);
    acknowledgeObjectKeysWildcard(this.handler.role, catalog.lakeBucket, 'Athena reads the Parquet of whichever days a query selects.', catalog.tablePrefixes);
    acknowledgeObjectKeysWildcard(this.handler.role, catalog.athenaResultsBucket, 'Athena writes and reads result files named by query id.', [ATHENA_RESULTS_PREFIX]);
  }

  /** SES_CONFIGURATION_SET, and sending as the configured sender through that configuration set. */
  public useDelivery(delivery: Delivery): void {
    this.handler.addEnvironment(RUNTIME_ENV.sesConfigurationSet, delivery.configurationSetName);
    delivery.grantSend(this.handler.role);
  }

  /** OPS_TOPIC_ARN, and publishing to it (held packs, failures worth a human). */
  public useOpsTopic(topic: ITopic): void {
    this.handler.useOpsTopic(topic);
  }
}
