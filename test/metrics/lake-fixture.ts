/**
 * Builds a tiny lake for tests: Parquet files written by DuckDB itself into dt=… partitions,
 * with the canonical columns (and no dt column inside the file, as ingest writes them).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { localDate } from '../../lambdas/calendar/fiscal-calendar.js';

export interface FixtureEvent {
  readonly entity: string;
  readonly type: 'lead' | 'deal';
  readonly stage: 'lead' | 'mql' | 'sql' | 'opportunity' | 'won' | 'lost' | 'disqualified';
  /** UTC instant, e.g. `2026-11-02T15:00:00Z`; dt is its local date in the fixture's time zone. */
  readonly at: string;
  readonly team?: string;
  readonly channel?: string;
  readonly amount?: number;
  readonly reason?: string;
}

export interface FixtureSpend {
  readonly date: string;
  readonly channel: string;
  readonly amount: number;
}

const text = (value: string | undefined): string => (value === undefined ? 'NULL' : `'${value.replaceAll("'", "''")}'`);

export async function writeLake(input: {
  readonly timeZone: string;
  readonly events: readonly FixtureEvent[];
  readonly spend?: readonly FixtureSpend[];
  readonly dir?: string;
}): Promise<string> {
  const dir = input.dir ?? (await mkdtemp(path.join(tmpdir(), 'metrics-lake-')));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    if (input.events.length > 0) {
      // Events go through a CSV file: DuckDB reads it far faster than a long VALUES list.
      const csvFile = path.join(dir, 'events.csv');
      const csv = input.events.map((e, index) =>
        [
          `${e.entity}-${e.stage}-${index}`,
          e.entity,
          e.type,
          e.stage,
          e.at.replace('T', ' ').replace('Z', ''),
          e.team ?? 'marketing',
          e.channel ?? '',
          e.amount ?? '',
          e.reason ?? '',
          localDate(new Date(e.at), input.timeZone),
        ].join(','),
      );
      await writeFile(csvFile, ['event_id,entity_id,entity_type,stage,occurred_at,source_team,channel,amount,reason,dt', ...csv].join('\n'));
      // One COPY writes every dt=YYYY-MM-DD folder; the partition column stays out of the files.
      await connection.run(`COPY (
        SELECT event_id, entity_id, entity_type, stage, CAST(occurred_at AS TIMESTAMP) AS occurred_at, source_team,
          NULLIF(channel, '') AS channel, CAST(NULL AS VARCHAR) AS campaign, CAST(NULL AS VARCHAR) AS segment,
          CAST(NULL AS VARCHAR) AS region, CAST(NULL AS VARCHAR) AS owner, CAST(amount AS DOUBLE) AS amount,
          CASE WHEN amount IS NULL THEN CAST(NULL AS VARCHAR) ELSE 'USD' END AS currency,
          NULLIF(reason, '') AS reason, 'fixture' AS source, dt
        FROM read_csv('${csvFile}', header = true, all_varchar = true)
      ) TO '${path.join(dir, 'funnel_events')}' (FORMAT parquet, PARTITION_BY (dt))`);
      await rm(csvFile);
    }
    const spend = input.spend ?? [];
    if (spend.length > 0) {
      const values = spend.map((l, index) => `('s-${index}', DATE '${l.date}', ${text(l.channel)}, ${l.amount}, '${l.date}')`).join(', ');
      await connection.run(`COPY (
        SELECT event_id, date, channel, CAST(NULL AS VARCHAR) AS campaign, CAST(amount AS DOUBLE) AS amount, 'USD' AS currency, 'fixture' AS source, dt
        FROM (VALUES ${values}) AS t (event_id, date, channel, amount, dt)
      ) TO '${path.join(dir, 'marketing_spend')}' (FORMAT parquet, PARTITION_BY (dt))`);
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return dir;
}
