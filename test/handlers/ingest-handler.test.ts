import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildIngestRuntime } from '../../lambdas/handlers/aws-runtime.js';
import { MissingEnvironmentError } from '../../lambdas/handlers/handler-environment.js';
import { createIngestHandler } from '../../lambdas/handlers/ingest-handler.js';
import { logger } from '../../lambdas/observability/logger.js';
import { IngestFailedError } from '../../lambdas/pipeline/ingest-request.js';
import { PayloadError } from '../../lambdas/pipeline/payload-error.js';
import { RecordingMetrics } from '../pipeline/report-fixtures.js';
import { fakeS3 } from './aws-fakes.js';

const config = (sources: Record<string, unknown>) => ({
  reporting: { timeZone: 'America/New_York', currency: 'USD' },
  sender: { address: 'reports@example.com' },
  teams: { marketing: { name: 'Marketing', recipients: ['m@example.com'] }, sales: { name: 'Sales', recipients: ['s@example.com'] } },
  sources,
});

const SPEND_SOURCE = {
  ads: { dataset: 'marketing_spend', shape: 'events', format: { type: 'ndjson' }, columns: { date: 'date', channel: 'channel', amount: 'amount', currency: 'currency' } },
};

const environment = async (sources: Record<string, unknown> = SPEND_SOURCE): Promise<NodeJS.ProcessEnv> => {
  const dir = await mkdtemp(join(tmpdir(), 'ingest-handler-'));
  const configPath = join(dir, 'funnel-review.config.json');
  await writeFile(configPath, JSON.stringify(config(sources)));
  return { FUNNEL_REVIEW_CONFIG_PATH: configPath, LANDING_BUCKET: 'landing', LAKE_BUCKET: 'lake', OPS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ops' };
};

beforeAll(() => {
  // The handlers log through Powertools; these tests read results, not log lines.
  logger.setLogLevel('SILENT');
});

describe('ingest handler', () => {
  let s3: ReturnType<typeof fakeS3>;
  const sns = mockClient(SNSClient);

  beforeEach(() => {
    s3 = fakeS3();
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'n-1' });
  });
  afterEach(() => s3.mock.restore());

  const handlerFor = (env: NodeJS.ProcessEnv, scratchRoot?: string) =>
    createIngestHandler({
      runtime: async () => {
        const lambda = await buildIngestRuntime(new RecordingMetrics(), env);
        return { ...lambda, deps: { ...lambda.deps, clock: { now: () => new Date('2026-11-24T12:00:00Z') } } };
      },
      ...(scratchRoot === undefined ? {} : { scratchRoot }),
    });

  it('ingests an on-demand date from the landing bucket into the lake with its manifest', async () => {
    s3.put('landing', 'ads/2026-11-18/spend.ndjson', JSON.stringify({ date: '2026-11-18', channel: 'email', amount: 10, currency: 'USD' }));
    const handler = handlerFor(await environment());

    const result = await handler({ date: '2026-11-18' }, { awsRequestId: 'req-9' });

    expect(result.ok).toBe(true);
    expect(s3.keys('lake')).toContain('manifests/marketing_spend/2026-11-18.json');
    expect(JSON.parse(s3.text('lake', 'manifests/marketing_spend/2026-11-18.json') ?? '{}')).toMatchObject({ status: 'ok', totals: { rowsWritten: 1 } });
  });

  it('throws PayloadError for a bad payload before touching S3', async () => {
    const handler = handlerFor(await environment());

    await expect(handler({ from: '2026-11-01' })).rejects.toThrow(PayloadError);
    expect(s3.mock.calls()).toHaveLength(0);
  });

  it('fails the invocation and tells ops when a source cannot be ingested', async () => {
    const handler = handlerFor(await environment({ ...SPEND_SOURCE, broken: { format: { type: 'ndjson' } } }));

    await expect(handler({ date: '2026-11-18' })).rejects.toThrow(IngestFailedError);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('refuses a payload that is not an object, null included, before touching S3', async () => {
    const handler = handlerFor(await environment());

    for (const payload of [null, 'yesterday', 42, []]) {
      await expect(handler(payload)).rejects.toThrow('invalid ingest payload:\n  the payload must be a JSON object, e.g. { "date": "2026-11-18" }');
    }
    expect(s3.mock.calls()).toHaveLength(0);
  });

  it('reads the live config object when the stack names one: a source added there is ingested without a redeploy', async () => {
    s3.put('landing', 'ads/2026-11-18/spend.ndjson', JSON.stringify({ date: '2026-11-18', channel: 'email', amount: 10, currency: 'USD' }));
    s3.put('landing', 'more_ads/2026-11-18/spend.ndjson', JSON.stringify({ date: '2026-11-18', channel: 'events', amount: 5, currency: 'USD' }));
    s3.put('config', 'funnel-review.config.json', JSON.stringify(config({ ...SPEND_SOURCE, more_ads: SPEND_SOURCE.ads })));
    const handler = handlerFor({ ...(await environment()), CONFIG_BUCKET: 'config', CONFIG_KEY: 'funnel-review.config.json' });

    await handler({ date: '2026-11-18' });

    const written = JSON.parse(s3.text('lake', 'manifests/marketing_spend/2026-11-18.json') ?? '{}') as { sources: { source: string }[] };
    expect(written.sources.map((source) => source.source).sort()).toEqual(['ads', 'more_ads']);
  });

  it('reclaims the scratch folder a killed run left in /tmp, and leaves none of its own', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ingest-scratch-'));
    // What a run that timed out left behind: this process's pid, a run id that is not live here.
    const leftover = join(root, `run-${hostname().replace(/[^A-Za-z0-9.-]/g, '_')}-${process.pid}-0123456789abcdef`);
    await mkdir(leftover);
    await writeFile(join(leftover, 'spill.parquet'), 'x'.repeat(1000));
    const handler = handlerFor(await environment(), root);

    await handler({ date: '2026-11-18' });

    expect(await readdir(root)).toEqual([]);
  });

  it('fails fast, naming every missing environment variable', async () => {
    const handler = createIngestHandler({ runtime: () => buildIngestRuntime(new RecordingMetrics(), {}) });

    await expect(handler({})).rejects.toThrow(new MissingEnvironmentError('ingest', ['LANDING_BUCKET', 'LAKE_BUCKET', 'OPS_TOPIC_ARN']));
  });
});
