import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
// The names the handlers publish under (Powertools EMF, default dimension `service`).
import { METRIC_NAMES, METRICS_NAMESPACE } from '../lambdas/observability/metrics.js';

export interface MonitoringProps {
  /**
   * Subscribed to the ops topic by email (the recipient must confirm the subscription).
   * @default - no subscription
   */
  readonly opsEmail?: string;
}

/**
 * The ops topic (KMS-encrypted, TLS only) and the alarms that publish to it. CloudWatch alarms
 * and SES (see allowKeyUseBy) may use the key, because the AWS-managed SNS key cannot be used by
 * service principals; each such grant holds only for this account's own resources.
 */
export class Monitoring extends Construct {
  public readonly opsTopic: Topic;
  public readonly topicKey: Key;
  public readonly alarms: Alarm[] = [];
  private readonly alarmAction: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps = {}) {
    super(scope, id);
    this.topicKey = new Key(this, 'TopicKey', {
      description: 'funnel-review ops topic encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY, // scheduled for deletion (KMS waiting period) by cdk destroy
    });
    const stack = Stack.of(this);
    this.allowKeyUseBy(
      'cloudwatch.amazonaws.com',
      stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    this.opsTopic = new Topic(this, 'OpsTopic', {
      displayName: 'funnel-review ops',
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    if (props.opsEmail !== undefined) this.opsTopic.addSubscription(new EmailSubscription(props.opsEmail));
    this.alarmAction = new SnsAction(this.opsTopic);
  }

  /**
   * Lets a service principal encrypt to the topic on behalf of `sourceArn` (an ARN pattern) in
   * this account only: the confused-deputy conditions aws:SourceAccount and aws:SourceArn.
   */
  public allowKeyUseBy(service: string, sourceArn: string): void {
    this.topicKey.grant(
      new ServicePrincipal(service).withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        ArnLike: { 'aws:SourceArn': sourceArn },
      }),
      'kms:GenerateDataKey*',
      'kms:Decrypt',
    );
  }

  /** Any failed invocation of the function. */
  public alarmOnErrors(id: string, fn: IFunction): Alarm {
    return this.add(
      new Alarm(this, `${id}Errors`, {
        alarmDescription: `${id}: the Lambda reported errors (see its log group).`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** A message in a dead-letter queue: a scheduled run never reached its function, or a run failed after its retries. */
  public alarmOnDeadLetters(id: string, queue: IQueue): Alarm {
    return this.add(
      new Alarm(this, `${id}DeadLetters`, {
        alarmDescription: `${id}: messages are waiting in the dead-letter queue.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** A pack held back for missing data (freshness.onMissingData = hold). */
  public alarmOnHeldPacks(reportServiceName: string): Alarm {
    return this.add(
      new Alarm(this, 'PacksHeld', {
        alarmDescription: 'A review pack was held because ingest data is missing for days it covers.',
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: METRIC_NAMES.packsHeld,
          dimensionsMap: { service: reportServiceName },
          statistic: 'Sum',
          period: Duration.minutes(5),
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** More rows quarantined in an hour than `threshold`: a source export probably changed shape. */
  public alarmOnRejectedRows(ingestServiceName: string, threshold: number): Alarm {
    return this.add(
      new Alarm(this, 'IngestRowsRejected', {
        alarmDescription: `Ingest quarantined more than ${threshold} rows in an hour; check the quarantine/ prefix of the lake bucket.`,
        metric: new Metric({
          namespace: METRICS_NAMESPACE,
          metricName: METRIC_NAMES.ingestRowsRejected,
          dimensionsMap: { service: ingestServiceName },
          statistic: 'Sum',
          period: Duration.hours(1),
        }),
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  private add(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.alarmAction);
    this.alarms.push(alarm);
    return alarm;
  }
}
