import { Duration } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { RUNTIME_ENV } from '../lambdas/config/runtime-environment.js';
import { acknowledgeObjectKeysWildcard, grantBucketRead, grantBucketReadWrite } from './bucket-access.js';
import type { CatalogAndQuery } from './catalog-and-query.js';
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

/**
 * The report Lambda: freshness check → Athena queries → metrics → pack → render → archive → send.
 * Each `use…` method sets the environment variable the handler reads and the matching grant.
 */
export class Reporting extends Construct {
  public readonly handler: PipelineFunction;

  constructor(scope: Construct, id: string, props: ReportingProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Handler', {
      entry: 'lambdas/handlers/report-handler.ts',
      description: 'funnel-review report: weekly, monthly and quarterly review packs (scheduled, or on demand)',
      serviceName: props.serviceName ?? 'funnel-review-report',
      config: props.config,
      memorySize: props.memorySize ?? 1536,
      timeout: props.timeout ?? Duration.minutes(10),
      chartAssets: true,
    });
  }

  public get serviceName(): string {
    return this.handler.serviceName;
  }

  /** LAKE_BUCKET, read only: manifests for the freshness check. */
  public useLakeBucket(bucket: IBucket): void {
    this.handler.addEnvironment(RUNTIME_ENV.lakeBucket, bucket.bucketName);
    grantBucketRead(this.handler.role, bucket);
    acknowledgeObjectKeysWildcard(this.handler.role, bucket, 'reports read manifests and, through Athena, the Parquet of any day.');
  }

  /** REPORTS_BUCKET, read/write: the pack archive and the delivery records that make sending idempotent. */
  public useReportsBucket(bucket: IBucket): void {
    this.handler.addEnvironment(RUNTIME_ENV.reportsBucket, bucket.bucketName);
    grantBucketReadWrite(this.handler.role, bucket);
    acknowledgeObjectKeysWildcard(this.handler.role, bucket, 'packs are archived under <cadence>/<period>/ for any period.');
  }

  /** ATHENA_WORKGROUP and ATHENA_DATABASE, with query rights in that workgroup only. */
  public useQuery(catalog: CatalogAndQuery): void {
    this.handler.addEnvironment(RUNTIME_ENV.athenaWorkgroup, catalog.workgroupName);
    this.handler.addEnvironment(RUNTIME_ENV.athenaDatabase, catalog.databaseName);
    catalog.grantQuery(this.handler.role);
    acknowledgeObjectKeysWildcard(this.handler.role, catalog.lakeBucket, 'Athena reads the Parquet of whichever days a query selects.');
    acknowledgeObjectKeysWildcard(this.handler.role, catalog.athenaResultsBucket, 'Athena writes and reads result files named by query id.');
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
