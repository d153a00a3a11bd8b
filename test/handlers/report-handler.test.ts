import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/config/load-config.js';
import { DeliveryFailedError } from '../../lambdas/delivery/delivery-errors.js';
import { buildReportRuntime } from '../../lambdas/handlers/aws-runtime.js';
import { MissingEnvironmentError } from '../../lambdas/handlers/handler-environment.js';
import { createReportHandler } from '../../lambdas/handlers/report-handler.js';
import { logger } from '../../lambdas/observability/logger.js';
import { PayloadError } from '../../lambdas/pipeline/payload-error.js';
import { LAKE_KEYS } from '../../lambdas/schema/canonical-schema.js';
import { fakeProducer, RecordingMetrics, WEEK_47_DAYS } from '../pipeline/report-fixtures.js';
import { fakeS3, reportEnvironment } from './aws-fakes.js';

const TEST_CONFIG = {
  reporting: { timeZone: 'America/New_York', currency: 'USD' },
  sender: { address: 'reports@example.com' },
  teams: { marketing: { name: 'Marketing', recipients: ['m@example.com'] }, sales: { name: 'Sales', recipients: ['s@example.com'] } },
  freshness: { onMissingData: 'hold' },
  sources: { ads: { dataset: 'marketing_spend', shape: 'events', format: { type: 'ndjson' } } },
};

const LIVE_CONFIG = 'funnel-review.config.json';

/** The environment the stack sets; the bundled (deploy-time) config is TEST_CONFIG. */
const environment = (): Promise<NodeJS.ProcessEnv> => reportEnvironment(TEST_CONFIG, { CONFIG_BUCKET: 'config', CONFIG_KEY: LIVE_CONFIG });

const manifest = (date: string) =>
  JSON.stringify({
    dataset: 'marketing_spend',
    date,
    status: 'ok',
    runId: 'r',
    ingestedAt: '2026-11-23T07:00:00Z',
    sources: [{ source: 'ads', status: 'ok', files: [], rowsRead: 1, rowsWritten: 1, rowsRejected: 0, partitions: [date], quarantinedFiles: [] }],
    totals: { rowsRead: 1, rowsWritten: 1, rowsRejected: 0, files: 0 },
  });

beforeAll(() => {
  // The handlers log through Powertools; these tests read outcomes, not log lines.
  logger.setLogLevel('SILENT');
});

describe('report handler', () => {
  let s3: ReturnType<typeof fakeS3>;
  const ses = mockClient(SESv2Client);
  const sns = mockClient(SNSClient);

  beforeEach(() => {
    s3 = fakeS3();
    s3.put('config', LIVE_CONFIG, JSON.stringify(TEST_CONFIG));
    ses.reset();
    sns.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    sns.on(PublishCommand).resolves({ MessageId: 'n-1' });
  });
  afterEach(() => s3.mock.restore());

  /** A handler as one Lambda container keeps it: built once, its clock moved by the test. */
  const handlerWith = async (clockIso = '2026-11-24T12:00:00Z') => {
    const env = await environment();
    const producer = fakeProducer();
    const clock = { iso: clockIso };
    const handler = createReportHandler({
      runtime: async () => {
        const lambda = await buildReportRuntime(new RecordingMetrics(), env);
        return { ...lambda, deps: { ...lambda.deps, clock: { now: () => new Date(clock.iso) } } };
      },
      producePack: producer,
    });
    return { handler, producer, clock };
  };

  it('runs a scheduled weekly event on S3 and SES: archive, delivery records, one email per team', async () => {
    for (const day of WEEK_47_DAYS) s3.put('lake', LAKE_KEYS.manifest('marketing_spend', day), manifest(day));
    const { handler } = await handlerWith();

    const outcome = await handler({ cadence: 'weekly' }, { awsRequestId: 'req-1' });

    expect(outcome.status).toBe('sent');
    expect(ses.commandCalls(SendEmailCommand).map((c) => [c.args[0].input.Destination?.ToAddresses, c.args[0].input.ConfigurationSetName])).toEqual([
      [['m@example.com'], 'funnel-review'],
      [['s@example.com'], 'funnel-review'],
    ]);
    expect(s3.keys('reports')).toContain('weekly/2026-W47/sales.eml');
    expect(JSON.parse(s3.text('reports', 'deliveries/weekly/2026-W47/sales.json') ?? '{}')).toMatchObject({
      status: 'sent',
      messageId: 'ses-1',
      invocationId: 'req-1',
    });
    const claims = s3.mock.commandCalls(PutObjectCommand).filter((c) => c.args[0].input.Key?.startsWith('deliveries/'));
    expect(claims.filter((c) => c.args[0].input.IfNoneMatch === '*').map((c) => c.args[0].input.Key)).toEqual([
      'deliveries/weekly/2026-W47/marketing.json',
      'deliveries/weekly/2026-W47/sales.json',
    ]);
  });

  it('holds a pack with a missing day and notifies the ops topic', async () => {
    for (const day of WEEK_47_DAYS.slice(1)) s3.put('lake', LAKE_KEYS.manifest('marketing_spend', day), manifest(day));
    const { handler } = await handlerWith();

    const outcome = await handler({ cadence: 'weekly' });

    expect(outcome.status).toBe('held');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.Subject).toBe('Funnel Review: weekly pack 2026-W47 held');
  });

  it('throws PayloadError for a bad payload and touches no AWS service, not even the config object', async () => {
    const { handler, producer } = await handlerWith();

    await expect(handler({ cadence: 'weekly', to: ['x@evil.test'] })).rejects.toThrow(PayloadError);
    expect(s3.mock.calls()).toHaveLength(0);
    expect(ses.calls()).toHaveLength(0);
    expect(producer.calls).toBe(0);
  });

  it('fails the invocation when SES refuses a send', async () => {
    for (const day of WEEK_47_DAYS) s3.put('lake', LAKE_KEYS.manifest('marketing_spend', day), manifest(day));
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Account sending paused'), { name: 'SendingPausedException' }));
    const { handler } = await handlerWith();

    await expect(handler({ cadence: 'weekly' })).rejects.toThrow(DeliveryFailedError);
    expect(JSON.parse(s3.text('reports', 'deliveries/weekly/2026-W47/sales.json') ?? '{}').status).toBe('failed');
  });

  it('fails fast, naming every missing environment variable', async () => {
    const handler = createReportHandler({ runtime: () => buildReportRuntime(new RecordingMetrics(), { LAKE_BUCKET: 'lake' }) });

    const error = await handler({ cadence: 'weekly' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MissingEnvironmentError);
    expect((error as Error).message).toBe(
      'report handler cannot start: environment variable(s) REPORTS_BUCKET, ATHENA_WORKGROUP, ATHENA_DATABASE, SES_CONFIGURATION_SET, OPS_TOPIC_ARN not set (the CDK stack sets them)',
    );
  });
});

describe('report handler: the live config', () => {
  let s3: ReturnType<typeof fakeS3>;
  const ses = mockClient(SESv2Client);
  const sns = mockClient(SNSClient);
  const WEEK_48_DAYS = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];

  beforeEach(() => {
    s3 = fakeS3();
    s3.put('config', LIVE_CONFIG, JSON.stringify(TEST_CONFIG));
    for (const day of [...WEEK_47_DAYS, ...WEEK_48_DAYS]) s3.put('lake', LAKE_KEYS.manifest('marketing_spend', day), manifest(day));
    ses.reset();
    sns.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    sns.on(PublishCommand).resolves({ MessageId: 'n-1' });
  });
  afterEach(() => s3.mock.restore());

  const handlerWith = async () => {
    const env = await environment();
    const clock = { iso: '2026-11-24T12:00:00Z' };
    const handler = createReportHandler({
      runtime: async () => {
        const lambda = await buildReportRuntime(new RecordingMetrics(), env);
        return { ...lambda, deps: { ...lambda.deps, clock: { now: () => new Date(clock.iso) } } };
      },
      producePack: fakeProducer(),
    });
    return { handler, clock };
  };
  const sentTo = () => ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses);

  it('a recipient changed in the config object reaches the next run of the same container: no redeploy, no restart', async () => {
    const { handler, clock } = await handlerWith();
    await handler({ cadence: 'weekly' });
    // Ops replace marketing's recipient in the live config object (what `funnel-review config push` uploads).
    const changed = { ...TEST_CONFIG, teams: { ...TEST_CONFIG.teams, marketing: { name: 'Marketing', recipients: ['new-head@example.com'] } } };
    s3.put('config', LIVE_CONFIG, JSON.stringify(changed));
    clock.iso = '2026-12-01T12:00:00Z';

    const next = await handler({ cadence: 'weekly' });

    expect(next.period.id).toBe('2026-W48');
    expect(sentTo()).toEqual([['m@example.com'], ['s@example.com'], ['new-head@example.com'], ['s@example.com']]);
  });

  it('an invalid config object fails the run, tells ops what is wrong, and reads and sends nothing', async () => {
    const { handler } = await handlerWith();
    s3.put('config', LIVE_CONFIG, JSON.stringify({ ...TEST_CONFIG, teams: { ...TEST_CONFIG.teams, marketing: { name: 'Marketing', recipients: ['not-an-address'] } } }));

    const error = await handler({ cadence: 'weekly' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('invalid config s3://config/funnel-review.config.json:\n  teams.marketing.recipients[0]: not an email address');
    const notice = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(notice?.Subject).toBe('Funnel Review: report run refused, the live config is invalid');
    expect(notice?.Message).toContain('teams.marketing.recipients[0]: not an email address');
    expect(ses.calls()).toHaveLength(0);
    expect(s3.keys('reports')).toEqual([]);
  });

  it('a config object that changes what only a deploy can change fails the run, naming the field', async () => {
    const { handler } = await handlerWith();
    s3.put('config', LIVE_CONFIG, JSON.stringify({ ...TEST_CONFIG, sender: { address: 'other@example.com' } }));

    await expect(handler({ cadence: 'weekly' })).rejects.toThrow(
      'sender.address: "other@example.com" differs from the deployed "reports@example.com"; it changes only with cdk deploy (the SES identity and the send permission are built for it)',
    );
    expect(ses.calls()).toHaveLength(0);
  });

  it('a missing config object fails the run and says how to push one', async () => {
    s3.mock.restore();
    s3 = fakeS3();
    const { handler } = await handlerWith();

    await expect(handler({ cadence: 'weekly' })).rejects.toThrow(
      'invalid config s3://config/funnel-review.config.json:\n  no live config here: upload one with `funnel-review config push --config <file> --bucket <ConfigBucketName>`',
    );
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });
});
