import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { CatalogAndQuery } from './catalog-and-query.js';
import { DataLake } from './data-lake.js';
import { Delivery } from './delivery.js';
import { FailureDestination } from './failure-destination.js';
import { Ingest } from './ingest.js';
import { Monitoring } from './monitoring.js';
import { PackPages } from './pack-pages.js';
import { Reporting } from './reporting.js';
import { scheduledRuns } from './schedule-expressions.js';
import { Schedules } from './schedules.js';

export interface FunnelReviewStackProps extends StackProps {
  /** The validated config (parseConfig / loadConfigFile). */
  readonly config: FunnelReviewConfig;
  /**
   * Rows quarantined in an hour above which ops is alarmed.
   * @default 100
   */
  readonly rejectedRowsAlarmThreshold?: number;
}

/** `FunnelReview` → `funnel_review` (Glue) / `funnel-review` (Athena workgroup). */
export const resourceNameOf = (stackName: string, separator: '_' | '-'): string =>
  stackName
    .replace(/([a-z0-9])([A-Z])/g, `$1${separator}$2`)
    .replace(/[^A-Za-z0-9]+/g, separator)
    .toLowerCase();

/** The whole deployment: lake, catalog and query, the two functions, delivery, schedules, monitoring. */
export class FunnelReviewStack extends Stack {
  public readonly dataLake: DataLake;
  public readonly catalog: CatalogAndQuery;
  public readonly ingest: Ingest;
  public readonly reporting: Reporting;
  public readonly delivery: Delivery;
  public readonly monitoring: Monitoring;
  public readonly schedules: Schedules;
  /** Failed asynchronous invocations of each function, after Lambda's retries. */
  public readonly failureDestinations: { readonly ingest: FailureDestination; readonly reporting: FailureDestination };
  public readonly packPages: PackPages;

  constructor(scope: Construct, id: string, props: FunnelReviewStackProps) {
    super(scope, id, {
      description: 'funnel-review: scheduled weekly, monthly and quarterly funnel review packs for marketing and sales',
      ...props,
    });
    const { config } = props;
    const { deploy } = config;

    this.dataLake = new DataLake(this, 'DataLake', {
      landingRetentionDays: deploy.retention.landingDays,
      quarantineRetentionDays: deploy.retention.quarantineDays,
      athenaResultsRetentionDays: deploy.retention.athenaResultsDays,
    });
    this.catalog = new CatalogAndQuery(this, 'CatalogAndQuery', {
      lakeBucket: this.dataLake.lakeBucket,
      athenaResultsBucket: this.dataLake.athenaResultsBucket,
      databaseName: resourceNameOf(deploy.stackName, '_'),
      workgroupName: resourceNameOf(deploy.stackName, '-'),
      bytesScannedCutoffMb: deploy.athenaBytesScannedCutoffMb,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', { opsEmail: deploy.opsEmail });
    this.delivery = new Delivery(this, 'Delivery', {
      senderAddress: config.sender.address,
      identity: deploy.sesIdentity,
      opsTopic: this.monitoring.opsTopic,
    });
    // SES publishes bounces and complaints to the encrypted topic for this configuration set only.
    this.monitoring.allowKeyUseBy('ses.amazonaws.com', this.delivery.configurationSetArn);

    this.ingest = new Ingest(this, 'Ingest', { config });
    this.ingest.useLandingBucket(this.dataLake.landingBucket);
    this.ingest.useLakeBucket(this.dataLake.lakeBucket);
    this.ingest.useOpsTopic(this.monitoring.opsTopic);
    this.ingest.handler.useLiveConfig(this.dataLake.configBucket);

    this.reporting = new Reporting(this, 'Reporting', { config });
    this.reporting.useLakeBucket(this.dataLake.lakeBucket);
    this.reporting.useReportsBucket(this.dataLake.reportsBucket);
    this.reporting.useQuery(this.catalog);
    this.reporting.useDelivery(this.delivery);
    this.reporting.useOpsTopic(this.monitoring.opsTopic);
    this.reporting.useLiveConfig(this.dataLake.configBucket);
    this.reporting.useSlackWebhookSecrets();

    this.failureDestinations = {
      ingest: new FailureDestination(this, 'IngestFailures', { function: this.ingest.handler.function }),
      reporting: new FailureDestination(this, 'ReportingFailures', { function: this.reporting.handler.function }),
    };

    // The packs' web pages and archive, for the teams' readers only: the report function signs the email's links.
    this.packPages = new PackPages(this, 'PackPages', { config, reportsBucket: this.dataLake.reportsBucket, accessLogsBucket: this.dataLake.accessLogsBucket });
    this.packPages.grantLinkSigning(this.reporting.handler);

    this.schedules = new Schedules(this, 'Schedules', {
      runs: scheduledRuns(config),
      ingestFunction: this.ingest.handler.function,
      reportFunction: this.reporting.handler.function,
    });

    this.monitoring.alarmOnErrors('Ingest', this.ingest.handler.function);
    this.monitoring.alarmOnErrors('Reporting', this.reporting.handler.function);
    for (const [job, queue] of Object.entries(this.schedules.deadLetterQueues)) {
      this.monitoring.alarmOnDeadLetters(`${job[0]?.toUpperCase() ?? ''}${job.slice(1)}Schedule`, queue);
    }
    this.monitoring.alarmOnDeadLetters('IngestFailedInvocations', this.failureDestinations.ingest.queue);
    this.monitoring.alarmOnDeadLetters('ReportingFailedInvocations', this.failureDestinations.reporting.queue);
    this.monitoring.alarmOnHeldPacks(this.reporting.serviceName);
    this.monitoring.alarmOnRejectedRows(this.ingest.serviceName, props.rejectedRowsAlarmThreshold ?? 100);

    // What ops needs after deploy: where to drop exports, which functions to invoke, where packs land.
    const outputs: Record<string, string> = {
      LandingBucketName: this.dataLake.landingBucket.bucketName,
      LakeBucketName: this.dataLake.lakeBucket.bucketName,
      ReportsBucketName: this.dataLake.reportsBucket.bucketName,
      ConfigBucketName: this.dataLake.configBucket.bucketName,
      IngestFunctionName: this.ingest.handler.function.functionName,
      ReportFunctionName: this.reporting.handler.function.functionName,
      OpsTopicArn: this.monitoring.opsTopic.topicArn,
      PackPagesUrl: this.packPages.siteUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
