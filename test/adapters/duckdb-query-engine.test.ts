import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine, filesScannedFromProfile } from '../../lambdas/adapters/local/duckdb-query-engine.js';
import { QueryFailedError } from '../../lambdas/adapters/query-errors.js';

/** One funnel_events row with every canonical column, as ingest writes it. */
const funnelEvent = (eventId: string, stage: string, occurredAt: string, amount: number | null): string =>
  `SELECT '${eventId}' AS event_id, 'deal-1' AS entity_id, 'deal' AS entity_type, '${stage}' AS stage,
     TIMESTAMPTZ '${occurredAt}' AS occurred_at, 'marketing' AS source_team, 'paid_search' AS channel,
     NULL::VARCHAR AS campaign, 'mid-market' AS segment, 'emea' AS region, 'team-a' AS owner,
     ${amount === null ? 'NULL' : amount}::DOUBLE AS amount, 'USD' AS currency, NULL::VARCHAR AS reason, 'crm' AS source`;

const spendLine = (date: string, amount: number): string =>
  `SELECT 'spend-${date}' AS event_id, DATE '${date}' AS date, 'paid_search' AS channel, 'brand' AS campaign,
     ${amount}::DOUBLE AS amount, 'USD' AS currency, 'ads' AS source`;

let writer: DuckDBConnection;
let writerInstance: DuckDBInstance;
const tempDirs: string[] = [];
const engines: DuckDbQueryEngine[] = [];

const writeParquet = async (lakeDir: string, key: string, select: string): Promise<void> => {
  const file = path.join(lakeDir, key);
  await mkdir(path.dirname(file), { recursive: true });
  await writer.run(`COPY (${select}) TO '${file}' (FORMAT parquet)`);
};

const newLake = async (): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'duckdb-engine-'));
  tempDirs.push(dir);
  return dir;
};

const openEngine = async (lakeDir: string): Promise<DuckDbQueryEngine> => {
  const engine = await DuckDbQueryEngine.open({ lakeDir });
  engines.push(engine);
  return engine;
};

/** Three days of funnel events and two days of spend; no web sessions yet. */
const filledLake = async (): Promise<string> => {
  const lakeDir = await newLake();
  await writeParquet(lakeDir, 'funnel_events/dt=2026-11-01/crm.parquet', funnelEvent('e1', 'lead', '2026-11-01 09:30:00+00', null));
  await writeParquet(lakeDir, 'funnel_events/dt=2026-11-02/crm.parquet', funnelEvent('e2', 'won', '2026-11-02 02:00:00+00', 1200.5));
  await writeParquet(lakeDir, 'funnel_events/dt=2026-11-03/crm.parquet', funnelEvent('e3', 'lost', '2026-11-03 17:45:00+00', 300));
  await writeParquet(lakeDir, 'marketing_spend/dt=2026-11-01/ads.parquet', spendLine('2026-11-01', 100));
  await writeParquet(lakeDir, 'marketing_spend/dt=2026-11-02/ads.parquet', spendLine('2026-11-02', 50.25));
  return lakeDir;
};

beforeAll(async () => {
  writerInstance = await DuckDBInstance.create(':memory:');
  writer = await writerInstance.connect();
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

afterAll(async () => {
  writer.closeSync();
  writerInstance.closeSync();
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('DuckDbQueryEngine', () => {
  it('reads the partitions selected by bound parameters, with dt as a string', async () => {
    const engine = await openEngine(await filledLake());

    const result = await engine.query(
      'events_by_day',
      'SELECT event_id, dt FROM funnel_events WHERE dt BETWEEN ? AND ? ORDER BY dt',
      ['2026-11-02', '2026-11-03'],
    );

    expect(result.rows).toEqual([
      { event_id: 'e2', dt: '2026-11-02' },
      { event_id: 'e3', dt: '2026-11-03' },
    ]);
  });

  it('returns counts, sums and decimals as numbers', async () => {
    const engine = await openEngine(await filledLake());

    const { rows } = await engine.query(
      'totals',
      'SELECT count(*) AS events, sum(amount) AS amount, CAST(1.25 AS DECIMAL(10, 2)) AS share, CAST(7 AS HUGEINT) AS big FROM funnel_events',
    );

    // 1200.5 + 300; the lead's NULL amount is ignored by sum.
    expect(rows).toEqual([{ events: 3, amount: 1500.5, share: 1.25, big: 7 }]);
  });

  it('returns dates as YYYY-MM-DD, timestamps as UTC ISO strings and NULL as null', async () => {
    const engine = await openEngine(await filledLake());

    const { rows } = await engine.query(
      'typed_values',
      "SELECT occurred_at, CAST(occurred_at AS DATE) AS utc_day, amount, campaign FROM funnel_events WHERE event_id = 'e2' OR event_id = 'e1' ORDER BY event_id",
    );

    // e2 happened at 02:00Z: still 2 Nov in UTC, which a machine zone west of UTC would shift to 1 Nov.
    expect(rows).toEqual([
      { occurred_at: '2026-11-01T09:30:00.000Z', utc_day: '2026-11-01', amount: null, campaign: null },
      { occurred_at: '2026-11-02T02:00:00.000Z', utc_day: '2026-11-02', amount: 1200.5, campaign: null },
    ]);
  });

  it('reads DATE columns of marketing_spend as strings', async () => {
    const engine = await openEngine(await filledLake());

    const { rows } = await engine.query('spend', 'SELECT date, amount FROM marketing_spend ORDER BY date');

    expect(rows).toEqual([
      { date: '2026-11-01', amount: 100 },
      { date: '2026-11-02', amount: 50.25 },
    ]);
  });

  it('runs every session in UTC', async () => {
    const engine = await openEngine(await filledLake());

    const { rows } = await engine.query('zone', "SELECT current_setting('TimeZone') AS zone");

    expect(rows).toEqual([{ zone: 'UTC' }]);
  });

  it('serves a table without files as an empty view with the canonical columns', async () => {
    const engine = await openEngine(await newLake());

    const { rows } = await engine.query(
      'fresh_lake',
      `SELECT (SELECT count(*) FROM funnel_events WHERE dt = ?) AS events,
              (SELECT count(*) FROM marketing_spend) AS spend_lines,
              (SELECT count(*) FROM web_sessions WHERE channel = 'organic') AS session_rows`,
      ['2026-11-01'],
    );

    expect(rows).toEqual([{ events: 0, spend_lines: 0, session_rows: 0 }]);
  });

  it('gives the empty view the same column types as a table with files', async () => {
    const engine = await openEngine(await newLake());

    const { rows } = await engine.query(
      'empty_types',
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'funnel_events' AND column_name IN ('occurred_at', 'amount', 'dt') ORDER BY column_name",
    );

    expect(rows).toEqual([
      { column_name: 'amount', data_type: 'DOUBLE' },
      { column_name: 'dt', data_type: 'VARCHAR' },
      { column_name: 'occurred_at', data_type: 'TIMESTAMP WITH TIME ZONE' },
    ]);
  });

  it('gives a filled table the same column types as the empty view', async () => {
    const engine = await openEngine(await filledLake());

    const { rows } = await engine.query(
      'filled_types',
      "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'funnel_events' AND column_name IN ('occurred_at', 'amount', 'dt') ORDER BY column_name",
    );

    expect(rows).toEqual([
      { column_name: 'amount', data_type: 'DOUBLE' },
      { column_name: 'dt', data_type: 'VARCHAR' },
      { column_name: 'occurred_at', data_type: 'TIMESTAMP WITH TIME ZONE' },
    ]);
  });

  it('reads a timestamp written without the UTC flag as the same UTC instant', async () => {
    const lakeDir = await newLake();
    await writeParquet(
      lakeDir,
      'funnel_events/dt=2026-11-02/crm.parquet',
      funnelEvent('e2', 'won', '2026-11-02 02:00:00+00', 1).replace("TIMESTAMPTZ '2026-11-02 02:00:00+00'", "TIMESTAMP '2026-11-02 02:00:00'"),
    );
    const engine = await openEngine(lakeDir);

    const { rows } = await engine.query('naive_timestamp', 'SELECT occurred_at FROM funnel_events');

    expect(rows).toEqual([{ occurred_at: '2026-11-02T02:00:00.000Z' }]);
  });

  it('picks up a table whose first file arrives after the engine opened', async () => {
    const lakeDir = await newLake();
    const engine = await openEngine(lakeDir);
    await engine.query('before_ingest', 'SELECT count(*) AS n FROM web_sessions');
    await writeParquet(
      lakeDir,
      'web_sessions/dt=2026-11-01/analytics.parquet',
      "SELECT 'ws-1' AS event_id, DATE '2026-11-01' AS date, 'organic' AS channel, 42::BIGINT AS sessions, 'analytics' AS source",
    );

    const { rows } = await engine.query('after_ingest', 'SELECT sessions, dt FROM web_sessions');

    expect(rows).toEqual([{ sessions: 42, dt: '2026-11-01' }]);
  });

  it('reports duckdb stats with an elapsed time', async () => {
    const engine = await openEngine(await filledLake());

    const { stats } = await engine.query('stats', 'SELECT 1 AS one');

    expect(stats.engine).toBe('duckdb');
    expect(stats.queryId).toBeUndefined();
    expect(stats.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('turns an SQL error into a QueryFailedError naming the query', async () => {
    const engine = await openEngine(await filledLake());

    const failure = engine.query('broken_metric', 'SELECT no_such_column FROM funnel_events');

    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({
      name: 'QueryFailedError',
      queryName: 'broken_metric',
      message: expect.stringContaining('Query "broken_metric" failed: Binder Error'),
    });
  });

  it('runs concurrent queries on separate connections', async () => {
    const engine = await openEngine(await filledLake());
    const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-01', '2026-11-02', '2026-11-03'];

    const results = await Promise.all(
      days.map((day) => engine.query<{ event_id: string }>(`day_${day}`, 'SELECT event_id FROM funnel_events WHERE dt = ?', [day])),
    );

    expect(results.map((result) => result.rows[0]?.event_id)).toEqual(['e1', 'e2', 'e3', 'e1', 'e2', 'e3']);
  });

  it('counts the Parquet files a query reads after partition pruning', async () => {
    const engine = await openEngine(await filledLake());

    const scanned = await engine.explainFilesScanned('SELECT count(*) FROM funnel_events WHERE dt BETWEEN ? AND ?', [
      '2026-11-02',
      '2026-11-03',
    ]);

    expect(scanned.files).toBe(2);
    expect(scanned.filesMatched).toBe(3);
  });

  it('reports the bytes read again for a repeated query when the file cache is off', async () => {
    const lakeDir = await filledLake();
    const engine = await DuckDbQueryEngine.open({ lakeDir, fileCache: false });
    engines.push(engine);
    const sql = 'SELECT sum(amount) AS amount FROM funnel_events';

    const first = await engine.explainFilesScanned(sql);
    const second = await engine.explainFilesScanned(sql);

    expect(first.bytesRead).toBeGreaterThan(0);
    expect(second.bytesRead).toBe(first.bytesRead);
  });
});

describe('filesScannedFromProfile', () => {
  it('sums the files over every scan in the profile', () => {
    const profile = {
      total_bytes_read: 2048,
      children: [
        {
          extra_info: {},
          children: [
            { extra_info: { 'Scanning Files': '2/30', 'Total Files Read': '2' } },
            { extra_info: { 'Scanning Files': '7/10', 'Total Files Read': '7' } },
          ],
        },
      ],
    };

    expect(filesScannedFromProfile(profile)).toEqual({ files: 9, filesMatched: 40, bytesRead: 2048 });
  });
});
