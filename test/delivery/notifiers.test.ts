import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SnsNotifier } from '../../lambdas/adapters/aws/sns-notifier.js';
import { LogNotifier } from '../../lambdas/adapters/local/log-notifier.js';

describe('SnsNotifier', () => {
  it('publishes to the topic with an SNS-safe subject and no addresses', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'n-1' });
    const notifier = new SnsNotifier(new SNSClient({}), 'arn:aws:sns:eu-west-1:123456789012:ops');

    await notifier.notify('Funnel Review: weekly pack 2026-W47 held — data incomplete', 'SES said: x@example.com is not verified');

    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: 'arn:aws:sns:eu-west-1:123456789012:ops',
      Subject: 'Funnel Review: weekly pack 2026-W47 held - data incomplete',
      Message: 'SES said: <address> is not verified',
    });
    sns.restore();
  });
});

describe('LogNotifier', () => {
  it('appends each notification to the ops log file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ops-'));
    const file = join(dir, 'ops-notifications.log');
    const notifier = new LogNotifier(file, () => undefined);

    await notifier.notify('first', 'one');
    await notifier.notify('second', 'two');

    const text = await readFile(file, 'utf8');
    expect(text.match(/^--- \S+ (first|second)$/gm)?.map((line) => line.split(' ')[2])).toEqual(['first', 'second']);
  });
});
