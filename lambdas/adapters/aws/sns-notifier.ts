import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { redactAddresses } from '../../observability/app-logger.js';
import type { OpsNotifier } from '../../pipeline/runtime-deps.js';

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
const snsSubject = (subject: string): string =>
  subject
    .replace(/[^\x20-\x7e]/g, '-')
    .slice(0, 100)
    .trim() || 'Funnel Review';

/** Publishes to the ops topic (email subscription set up by the stack). */
export class SnsNotifier implements OpsNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(subject: string, message: string): Promise<void> {
    await this.client.send(new PublishCommand({ TopicArn: this.topicArn, Subject: snsSubject(subject), Message: redactAddresses(message) }));
  }
}
