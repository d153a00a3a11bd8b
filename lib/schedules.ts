import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduledJob, ScheduledRun } from './schedule-expressions.js';

export interface SchedulesProps {
  /** The runs to schedule (see scheduledRuns). */
  readonly runs: readonly ScheduledRun[];
  readonly ingestFunction: IFunction;
  readonly reportFunction: IFunction;
  /**
   * Retries when the invocation itself fails (throttled, function unavailable).
   * @default 3
   */
  readonly maximumRetryAttempts?: number;
  /**
   * How long a run may wait for its invocation before it goes to the dead-letter queue.
   * @default Duration.hours(6)
   */
  readonly maximumEventAge?: Duration;
}

const SCHEDULE_IDS: Readonly<Record<ScheduledJob, string>> = {
  ingest: 'NightlyIngest',
  weekly: 'WeeklyPack',
  monthly: 'MonthlyPack',
  quarterly: 'QuarterlyPack',
};

/**
 * EventBridge Scheduler schedules in the reporting time zone (so 07:00 stays 07:00 across DST),
 * each with retries and its own encrypted dead-letter queue, run by a role that may only invoke
 * the two functions and send to those queues.
 */
export class Schedules extends Construct {
  public readonly role: Role;
  public readonly schedules: Readonly<Partial<Record<ScheduledJob, CfnSchedule>>>;
  public readonly deadLetterQueues: Readonly<Partial<Record<ScheduledJob, Queue>>>;

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    const account = Stack.of(this).account;
    this.role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': account } } }),
      description: 'funnel-review schedules: invoke the ingest and report functions, dead-letter to their queues',
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [props.ingestFunction.functionArn, props.reportFunction.functionArn],
      }),
    );

    const schedules: Partial<Record<ScheduledJob, CfnSchedule>> = {};
    const queues: Partial<Record<ScheduledJob, Queue>> = {};
    for (const run of props.runs) {
      const scheduleId = SCHEDULE_IDS[run.job];
      const queue = new Queue(this, `${scheduleId}DeadLetterQueue`, {
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(queue).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: `This queue is itself the dead-letter queue of the ${scheduleId} schedule; nothing consumes it automatically.`,
      });
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }));

      const target = run.job === 'ingest' ? props.ingestFunction : props.reportFunction;
      schedules[run.job] = new CfnSchedule(this, scheduleId, {
        description: `funnel-review ${run.job} (${run.expression} ${run.timeZone})`,
        scheduleExpression: run.expression,
        scheduleExpressionTimezone: run.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        state: run.enabled ? 'ENABLED' : 'DISABLED',
        target: {
          arn: target.functionArn,
          roleArn: this.role.roleArn,
          input: JSON.stringify(run.payload),
          retryPolicy: {
            maximumRetryAttempts: props.maximumRetryAttempts ?? 3,
            maximumEventAgeInSeconds: (props.maximumEventAge ?? Duration.hours(6)).toSeconds(),
          },
          deadLetterConfig: { arn: queue.queueArn },
        },
      });
      queues[run.job] = queue;
    }
    this.schedules = schedules;
    this.deadLetterQueues = queues;
  }
}
