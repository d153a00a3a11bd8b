import { S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../lambdas/adapters/aws/s3-object-store.js';
import { readManifest } from '../../lambdas/ingest/ingest-manifest.js';
import { decodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import { TABLES } from '../../lambdas/schema/canonical-schema.js';
import { configWithSources, exampleFile, NOW, sampleSources } from './ingest-fixtures.js';

interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => S3rverServer;

describe('ingest with both stores on a loopback S3 server', () => {
  let dir: string;
  let server: S3rverServer;
  let landing: S3ObjectStore;
  let lake: S3ObjectStore;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's3rver-ingest-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'landing', configs: [] }, { name: 'lake', configs: [] }] });
    const { port } = await server.run();
    const client = new S3Client({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    landing = new S3ObjectStore(client, 'landing');
    lake = new S3ObjectStore(client, 'lake');
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

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
