import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../lambdas/ingest/ingest-manifest.js';
import { configWithSources, exampleFile, ingest, sampleSources, tempStores, type Stores } from './ingest-fixtures.js';

describe('the lake as DuckDB reads it', () => {
  let stores: Stores;
  let query: (sql: string) => Promise<Record<string, unknown>[]>;

  beforeAll(async () => {
    stores = await tempStores();
    const config = configWithSources(sampleSources('crm_lifecycle', 'crm_opportunities', 'ad_spend', 'web_analytics'));
    await stores.landing.put('crm_lifecycle/2026-03-04/lifecycle_changes.csv', await exampleFile('lifecycle-changes.csv'));
    await stores.landing.put('crm_opportunities/2026-03-04/opportunities.csv', await exampleFile('salesforce-opportunities.csv'));
    await stores.landing.put('ad_spend/2026-03-04/spend.csv', await exampleFile('ad-spend.csv'));
    await stores.landing.put('web_analytics/2026-03-04/sessions.ndjson', await exampleFile('web-sessions.ndjson'));
    await ingest(stores, config, ['2026-03-04']);
    const connection = await (await DuckDBInstance.create(':memory:')).connect();
    query = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  });
  afterAll(async () => {
    await stores.cleanup();
  });

  const glob = (dataset: string): string => path.join(stores.lake.location, dataset, '*', '*.parquet');

  it('counts funnel events per dt and source with hive_partitioning', async () => {
    // Act
    const rows = await query(
      `SELECT CAST(dt AS VARCHAR) AS dt, source, count(*) AS n FROM read_parquet('${glob('funnel_events')}', hive_partitioning = true) GROUP BY ALL ORDER BY dt, source`,
    );

    // Assess: lifecycle 4 rows on 03-04; Salesforce: 3 opportunities (02-10, 02-15, 03-01) + won and lost on 03-04.
    expect(rows).toEqual([
      { dt: '2026-02-10', source: 'crm_opportunities', n: '1' },
      { dt: '2026-02-15', source: 'crm_opportunities', n: '1' },
      { dt: '2026-03-01', source: 'crm_opportunities', n: '1' },
      { dt: '2026-03-04', source: 'crm_lifecycle', n: '4' },
      { dt: '2026-03-04', source: 'crm_opportunities', n: '2' },
    ]);
  });

  it('reads the canonical column types', async () => {
    // Act
    const columns = await query(`DESCRIBE SELECT * FROM read_parquet('${glob('funnel_events')}', hive_partitioning = true)`);

    // Assess: dt comes from the path, not from inside the file.
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.column_type]));
    expect(types).toMatchObject({ event_id: 'VARCHAR', occurred_at: 'TIMESTAMP WITH TIME ZONE', amount: 'DOUBLE', dt: 'DATE' });
    const inFile = await query(`DESCRIBE SELECT * FROM read_parquet('${glob('funnel_events')}', hive_partitioning = false)`);
    expect(inFile.map((c) => c.column_name)).not.toContain('dt');
  });

  it('reads spend as dates and doubles, sessions as bigints', async () => {
    // Act
    const spend = await query(`SELECT CAST(date AS VARCHAR) AS date, sum(amount) AS total FROM read_parquet('${glob('marketing_spend')}', hive_partitioning = true) GROUP BY ALL`);
    const sessions = await query(`SELECT typeof(sessions) AS t, sum(sessions) AS total FROM read_parquet('${glob('web_sessions')}', hive_partitioning = true) GROUP BY ALL`);

    // Assess: 1,234.50 + 980.00 + 2,000.00; 1234 + 812 + 455.
    expect(spend).toEqual([{ date: '2026-03-04', total: 4214.5 }]);
    expect(sessions).toEqual([{ t: 'BIGINT', total: '2501' }]);
  });

  it('writes a manifest per dataset with counts and file checksums', async () => {
    // Act
    const manifest = await readManifest(stores.lake, 'funnel_events', '2026-03-04');

    // Assess
    expect(manifest).toMatchObject({ dataset: 'funnel_events', date: '2026-03-04', status: 'ok', runId: 'run-1', totals: { rowsRead: 7, rowsWritten: 9, rowsRejected: 0, files: 2 } });
    expect(manifest?.sources.map((s) => s.files[0]?.sha256)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/), expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });
});
