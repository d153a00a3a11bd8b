import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../lambdas/adapters/aws/s3-object-store.js';
import { readManifest } from '../../lambdas/ingest/ingest-manifest.js';
import { decodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import { TABLES } from '../../lambdas/schema/canonical-schema.js';
import { startLoopbackS3, type LoopbackS3 } from '../support/loopback-s3.js';
import { busyDayExport, configWithSources, exampleFile, NOW, sampleSources, tempStores } from './ingest-fixtures.js';

describe('ingest with both stores on a loopback S3 server', () => {
  let s3: LoopbackS3;
  let landing: S3ObjectStore;
  let lake: S3ObjectStore;

  beforeAll(async () => {
    s3 = await startLoopbackS3(['landing', 'lake', 'busy-landing', 'busy-lake']);
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

  it('merges a busy day from sorted runs, then a later change to its large file, as a folder lake merges them in memory', async () => {
    // Prepare: the same exports in S3 and in a folder; the S3 run holds 100 rows, then 10.
    const landing = new S3ObjectStore(s3.client, 'busy-landing');
    const lake = new S3ObjectStore(s3.client, 'busy-lake');
    const folder = await tempStores();
    const config = configWithSources(sampleSources('crm_lifecycle'));
    const exports = [
      ['crm_lifecycle/2026-03-05/changes.csv', busyDayExport(1_400)],
      ['crm_lifecycle/2026-03-05/later.csv', busyDayExport(300, 'MQL')],
    ] as const;
    const key = 'funnel_events/dt=2026-03-04/crm_lifecycle.parquet';

    // Act
    try {
      const written: number[][] = [[], []];
      for (const [n, [file, csv]] of exports.entries()) {
        await landing.put(file, csv);
        await folder.landing.put(file, csv);
        const budget = n === 0 ? 100 : 10;
        const onS3 = await runIngest({ config, landing, lake, dates: ['2026-03-05'], runId: 's3', now: NOW, flushRowLimit: budget });
        const inFolder = await runIngest({ config, landing: folder.landing, lake: folder.lake, dates: ['2026-03-05'], runId: 'folder', now: NOW });
        for (const [i, result] of [onS3, inFolder].entries()) written[i]?.push(result.dates[0]?.sources[0]?.rowsWritten ?? -1);
      }

      // Assess: 1,200 distinct events, then the re-sent 1,200 and 258 new ones.
      expect(written).toEqual([
        [1_200, 1_458],
        [1_200, 1_458],
      ]);
      expect(Buffer.from((await lake.get(key)) ?? []).equals(Buffer.from((await folder.lake.get(key)) ?? [1]))).toBe(true);
    } finally {
      await folder.cleanup();
    }
  });
});
