import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { readManifest } from '../../lambdas/ingest/ingest-manifest.js';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import type { PutOptions } from '../../lambdas/ports/object-store.js';
import { configWithSources, excelCsv, ingest, NOW, partitionRows, sampleSources, tempStores, type Stores } from './ingest-fixtures.js';

const HEADER =
  'Contact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason';
const lifecycleRow = (id: string): string => `${id},,,,,Lead,2026-03-04T15:00:00Z,Marketing,Email,,,,,`;

/** A lake folder whose Parquet writes die half-way, as a process killed mid-run would. */
class CrashingLake extends FolderObjectStore {
  override async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    if (key.endsWith('.parquet')) throw new Error(`simulated crash while writing ${key}`);
    return super.put(key, body, options);
  }
}

describe('manifests and interrupted runs', () => {
  let stores: Stores;
  const config = configWithSources(sampleSources('crm_lifecycle', 'web_analytics'));
  beforeEach(async () => {
    stores = await tempStores();
  });
  afterEach(async () => {
    await stores.cleanup();
  });

  it('marks a dataset missing when its source sent no file that day', async () => {
    // Prepare
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', excelCsv([HEADER, lifecycleRow('C-1')]));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    expect(result.dates[0]?.manifests).toEqual([
      { dataset: 'funnel_events', status: 'ok' },
      { dataset: 'web_sessions', status: 'missing' },
    ]);
    expect(await readManifest(stores.lake, 'web_sessions', '2026-03-04')).toMatchObject({ status: 'missing', totals: { files: 0 } });
  });

  it('returns undefined for a date that was never ingested', async () => {
    // Act
    const manifest = await readManifest(stores.lake, 'funnel_events', '2026-01-01');

    // Assess
    expect(manifest).toBeUndefined();
  });

  it('leaves the previous partition readable when a re-run dies while writing', async () => {
    // Prepare: a good first run, then a re-sent file with one more row.
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', excelCsv([HEADER, lifecycleRow('C-1')]));
    await ingest(stores, config, ['2026-03-04']);
    const before = await stores.lake.get('funnel_events/dt=2026-03-04/crm_lifecycle.parquet');
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', excelCsv([HEADER, lifecycleRow('C-1'), lifecycleRow('C-2')]));
    const crashing = new CrashingLake(stores.lake.location);

    // Act
    const result = await runIngest({ config, landing: stores.landing, lake: crashing, dates: ['2026-03-04'], runId: 'run-2', now: NOW });

    // Assess: the old file is untouched, the manifest says failed, and the next run completes without duplicates.
    expect(result.dates[0]?.sources.find((s) => s.source === 'crm_lifecycle')?.error).toBe(
      'simulated crash while writing funnel_events/dt=2026-03-04/crm_lifecycle.parquet',
    );
    expect(await stores.lake.get('funnel_events/dt=2026-03-04/crm_lifecycle.parquet')).toEqual(before);
    expect((await readManifest(stores.lake, 'funnel_events', '2026-03-04'))?.status).toBe('failed');
    await ingest(stores, config, ['2026-03-04'], 'run-3');
    expect((await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_lifecycle')).map((r) => r.entity_id).sort()).toEqual(['C-1', 'C-2']);
  });
});

describe('landing dates', () => {
  it('refuses a date that is not YYYY-MM-DD before touching any store', async () => {
    // Prepare
    const stores = await tempStores();

    // Act
    const run = ingest(stores, configWithSources(sampleSources('crm_lifecycle')), ['2026-02-30']);

    // Assess
    await expect(run).rejects.toThrow('not a landing date (YYYY-MM-DD): "2026-02-30"');
    await stores.cleanup();
  });
});
