import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import { configWithSources, NOW, exampleFile, excelCsv, ingest, lakeKeys, partitionRows, sampleSources, sourceResult, tempStores, type Stores } from './ingest-fixtures.js';

const HEADER =
  'Contact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason';

describe('event rows (crm_lifecycle)', () => {
  let stores: Stores;
  const config = configWithSources(sampleSources('crm_lifecycle'));
  beforeEach(async () => {
    stores = await tempStores();
  });
  afterEach(async () => {
    await stores.cleanup();
  });

  it('writes one canonical event per row of the example export', async () => {
    // Prepare
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', await exampleFile('lifecycle-changes.csv'));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess: 4 rows, all on 2026-03-04 in New York (13:22Z = 08:22 EST, 18:30Z = 13:30 EST).
    const source = sourceResult(result, '2026-03-04', 'crm_lifecycle');
    expect(source).toMatchObject({ status: 'ok', rowsRead: 4, rowsWritten: 4, rowsRejected: 0 });
    const rows = await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_lifecycle');
    const ann = rows.filter((r) => r.entity_id === 'C-1001').map((r) => r.stage).sort();
    expect(ann).toEqual(['lead', 'mql']);
    expect(rows.find((r) => r.entity_id === 'C-1003')).toMatchObject({
      stage: 'disqualified',
      occurred_at: Date.UTC(2026, 2, 4, 18, 30),
      source_team: 'unknown',
      channel: 'organic_search',
      reason: 'No budget',
      entity_type: 'lead',
      source: 'crm_lifecycle',
    });
    expect(rows.find((r) => r.entity_id === 'C-1001' && r.stage === 'lead')).toMatchObject({
      source_team: 'marketing',
      channel: 'paid_search',
      campaign: 'Spring Launch, US',
      owner: 'Dana Ortiz',
    });
  });

  it('puts an event in the dt partition of its date in the reporting time zone', async () => {
    // Prepare: 02:30Z on 5 March is 21:30 on 4 March in New York.
    await stores.landing.put('crm_lifecycle/2026-03-05/lifecycle_changes.csv', excelCsv([HEADER, 'C-9,,,,,Lead,2026-03-05T02:30:00Z,Sales,Direct,,,,,']));

    // Act
    await ingest(stores, config, ['2026-03-05']);

    // Assess
    expect(await lakeKeys(stores, 'funnel_events')).toEqual(['funnel_events/dt=2026-03-04/crm_lifecycle.parquet']);
  });

  it('counts a row repeated by the next day\'s overlapping export once', async () => {
    // Prepare: day 2 repeats day 1's last row and adds one.
    const repeated = 'C-1,,,,,Marketing Qualified Lead,2026-03-04T15:00:00Z,Marketing,Email,,,,,';
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', excelCsv([HEADER, 'C-1,,,,,Lead,2026-03-04T14:00:00Z,Marketing,Email,,,,,', repeated]));
    await stores.landing.put('crm_lifecycle/2026-03-05/lifecycle_changes.csv', excelCsv([HEADER, repeated, 'C-2,,,,,Lead,2026-03-05T15:00:00Z,Sales,Outbound,,,,,']));

    // Act
    await ingest(stores, config, ['2026-03-04', '2026-03-05']);

    // Assess
    expect((await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_lifecycle')).length).toBe(2);
    expect((await partitionRows(stores, 'funnel_events', '2026-03-05', 'crm_lifecycle')).length).toBe(1);
  });

  it('re-ingesting the same date gives byte-identical Parquet', async () => {
    // Prepare
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', await exampleFile('lifecycle-changes.csv'));
    await ingest(stores, config, ['2026-03-04'], 'run-1');
    const first = await stores.lake.get('funnel_events/dt=2026-03-04/crm_lifecycle.parquet');

    // Act
    await ingest(stores, config, ['2026-03-04'], 'run-2');

    // Assess
    const second = await stores.lake.get('funnel_events/dt=2026-03-04/crm_lifecycle.parquet');
    expect(second).toEqual(first);
  });

  it('keeps personal data columns out of the Parquet files', async () => {
    // Prepare
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', await exampleFile('lifecycle-changes.csv'));

    // Act
    await ingest(stores, config, ['2026-03-04']);

    // Assess: neither the values nor the column names appear anywhere in the file.
    const bytes = Buffer.from((await stores.lake.get('funnel_events/dt=2026-03-04/crm_lifecycle.parquet')) ?? []);
    for (const personal of ['ann.lee@example.com', '@example.com', '555 0101', 'Email', 'Phone Number', 'First Name', 'Chen']) {
      expect(bytes.includes(personal)).toBe(false);
    }
  });

  it('gives the same lake when memory pressure merges partitions early', async () => {
    // Prepare: six rows over three days, one repeated; at most two rows are held before merging.
    const rows = [
      'C-1,,,,,Lead,2026-03-02T15:00:00Z,Marketing,Email,,,,,',
      'C-2,,,,,Lead,2026-03-03T15:00:00Z,Marketing,Email,,,,,',
      'C-3,,,,,Lead,2026-03-04T15:00:00Z,Marketing,Email,,,,,',
      'C-4,,,,,Lead,2026-03-02T16:00:00Z,Marketing,Email,,,,,',
      'C-1,,,,,Lead,2026-03-02T15:00:00Z,Marketing,Email,,,,,',
      'C-5,,,,,Lead,2026-03-03T16:00:00Z,Marketing,Email,,,,,',
    ];
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', excelCsv([HEADER, ...rows]));

    // Act
    await runIngest({ config, landing: stores.landing, lake: stores.lake, dates: ['2026-03-04'], runId: 'r', now: NOW, flushRowLimit: 2 });

    // Assess
    const ids = async (dt: string): Promise<unknown[]> => (await partitionRows(stores, 'funnel_events', dt, 'crm_lifecycle')).map((r) => r.entity_id).sort();
    expect(await ids('2026-03-02')).toEqual(['C-1', 'C-4']);
    expect(await ids('2026-03-03')).toEqual(['C-2', 'C-5']);
    expect(await ids('2026-03-04')).toEqual(['C-3']);
  });
});
