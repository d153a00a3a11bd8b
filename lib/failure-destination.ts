import { Duration, Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface FailureDestinationProps {
  /** The function whose failed asynchronous invocations land in the queue. */
  readonly function: IFunction;
  /**
   * Lambda's own retries of a failed asynchronous invocation (0-2).
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * How long an event may wait (throttled behind reserved concurrency, or between retries) before
   * it goes to the queue instead.
   * @default Duration.hours(6)
   */
  readonly maximumEventAge?: Duration;
}

/**
 * The function's asynchronous invocation config: bounded retries, a maximum event age, and an
 * encrypted queue that receives the event and the error of every invocation that still failed
 * (the schedules' dead-letter queues only catch events that never reached the function).
 */
export class FailureDestination extends Construct {
  public readonly queue: Queue;

  constructor(scope: Construct, id: string, props: FailureDestinationProps) {
    super(scope, id);
    const retryAttempts = props.retryAttempts ?? 2;
    if (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 2) {
      throw new Error(`retryAttempts must be 0, 1 or 2 (Lambda's limit for asynchronous invocations), not ${retryAttempts}`);
    }
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the on-failure destination of ${props.function.node.path}; an alarm watches it and ops replay from it.`,
    });
    props.function.configureAsyncInvoke({
      retryAttempts,
      maxEventAge: props.maximumEventAge ?? Duration.hours(6),
      onFailure: new SqsDestination(this.queue),
    });
  }
}
