import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../lambdas/adapters/aws/s3-object-store.js';
import { readManifest } from '../../lambdas/ingest/ingest-manifest.js';
import { decodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import { TABLES } from '../../lambdas/schema/canonical-schema.js';
import { startLoopbackS3, type LoopbackS3 } from '../support/loopback-s3.js';
import { configWithSources, exampleFile, NOW, sampleSources } from './ingest-fixtures.js';

describe('ingest with both stores on a loopback S3 server', () => {
  let s3: LoopbackS3;
  let landing: S3ObjectStore;
  let lake: S3ObjectStore;

  beforeAll(async () => {
    s3 = await startLoopbackS3(['landing', 'lake']);
    landing = new S3ObjectStore(s3.client, 'landing');
    lake = new S3ObjectStore(s3.client, 'lake');
  });
  afterAll(() => s3.stop());

  it('reads landing files from S3 and writes the Parquet and manifest to S3', async () => {
    // Prepare
    await landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', await exampleFile('lifecycle-changes.csv'));

    // Act
    await runIngest({ config: configWithSources(sampleSources('crm_lifecycle')), landing, lake, dates: ['2026-03-04'], runId: 's3', now: NOW });

    // Assess
    const bytes = await lake.get('funnel_events/dt=2026-03-04/crm_lifecycle.parquet');
    expect((await decodeParquet(TABLES.funnel_events, bytes ?? new Uint8Array())).length).toBe(4);
    expect((await readManifest(lake, 'funnel_events', '2026-03-04'))?.status).toBe('ok');
  });
});
