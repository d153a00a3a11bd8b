import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { LakeColumns } from '../../lambdas/ingest/lake-columns.js';
import { packRows, unpackRows } from '../../lambdas/ingest/packed-columns.js';
import { ParquetRowGroupWriter, parquetSchemaOf, PLAIN_COLUMNS, UNCOMPRESSED_COLUMNS } from '../../lambdas/ingest/parquet-row-groups.js';
import type { LakeRow } from '../../lambdas/ingest/row-mapper.js';
import { fileSnappyCompressor } from '../../lambdas/ingest/snappy-compressor.js';
import { FUNNEL_EVENTS_TABLE, MARKETING_SPEND_TABLE, WEB_SESSIONS_TABLE, type TableDefinition } from '../../lambdas/schema/canonical-schema.js';

const STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won', 'lost'];
const DAY = Math.floor(Date.UTC(2026, 2, 4) / 86_400_000);

/** Every column type with nulls, non-ASCII text, long values, zeros and a column that is all null. */
const eventRows = (count: number): LakeRow[] =>
  Array.from({ length: count }, (_, i) => ({
    event_id: `${(i * 2_654_435_761) % 4_294_967_296}`.padStart(10, '0'),
    entity_id: i % 11 === 0 ? `Zoë-${i}` : `C-${i}`,
    entity_type: i % 2 === 0 ? 'lead' : 'deal',
    stage: STAGES[i % STAGES.length] as string,
    occurred_at: Date.UTC(2026, 2, 4, 5) + i * 1000,
    source_team: 'marketing',
    channel: i % 5 === 0 ? null : 'paid_search',
    campaign: i % 3 === 0 ? `Campagne été ${i % 50} 🚀` : `Campaign ${i % 40} ${'x'.repeat(i % 90)}`,
    segment: 'SMB',
    region: i % 7 === 0 ? null : 'EMEA',
    owner: `Rep ${i % 25}`,
    amount: i % 4 === 0 ? null : i % 9 === 0 ? 0 : i * 10.5,
    currency: i % 4 === 0 ? null : 'USD',
    reason: null,
    source: 'crm_lifecycle',
  }));

/**
 * The same rows through hyparquet-writer's own ParquetWriter, told the encodings ours uses: text
 * columns by dictionary unless listed plain, everything else plain, statistics on non-text columns,
 * Snappy but for the columns listed uncompressed.
 */
const libraryBytes = (table: TableDefinition, rows: LakeColumns, groupSize: number): Uint8Array => {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: parquetSchemaOf(table), codec: 'SNAPPY', compressors: { SNAPPY: fileSnappyCompressor() }, statistics: true, createdBy: 'funnel-review ingest' });
  for (let start = 0; start < rows.length; start += groupSize) {
    const end = Math.min(rows.length, start + groupSize);
    const columnData: ColumnSource[] = table.columns.map((column, c) => {
      const values = (rows.columns[c] as (string | number | null)[]).slice(start, end);
      const plain = PLAIN_COLUMNS.has(column.name) || column.type !== 'string';
      const data =
        column.type === 'string'
          ? values
          : values.map((v) => (Number.isNaN(v) ? null : column.type === 'bigint' || column.type === 'timestamp' ? BigInt(v as number) : (v as number)));
      return { name: column.name, data, encoding: plain ? 'PLAIN' : 'RLE_DICTIONARY', statistics: column.type !== 'string', codec: UNCOMPRESSED_COLUMNS.has(column.name) ? 'UNCOMPRESSED' : undefined };
    });
    void parquet.write({ columnData, rowGroupSize: end - start });
  }
  parquet.finish();
  return writer.getBytes().slice();
};

const ourBytes = (table: TableDefinition, rows: LakeColumns, groupSize: number): Uint8Array => {
  const writer = new ByteWriter();
  const out = new ParquetRowGroupWriter(table, writer);
  for (let start = 0; start < rows.length; start += groupSize) out.write(rows, undefined, start, Math.min(rows.length, start + groupSize));
  out.finish();
  return writer.getBytes().slice();
};

describe('lake Parquet written a row group at a time', () => {
  it.each([
    ['funnel_events', FUNNEL_EVENTS_TABLE, LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(7_000))],
    [
      'marketing_spend',
      MARKETING_SPEND_TABLE,
      LakeColumns.of(
        MARKETING_SPEND_TABLE,
        Array.from({ length: 500 }, (_, i) => ({ event_id: `s${i}`, date: DAY - (i % 3), channel: `ch${i % 4}`, campaign: i % 5 === 0 ? null : `c${i % 9}`, amount: i % 10 === 0 ? 0 : i * 3.25, currency: 'USD', source: 'ads' })),
      ),
    ],
    [
      'web_sessions',
      WEB_SESSIONS_TABLE,
      LakeColumns.of(WEB_SESSIONS_TABLE, Array.from({ length: 300 }, (_, i) => ({ event_id: `w${i}`, date: DAY, channel: `ch${i % 3}`, sessions: i === 7 ? 0 : 5_000_000_000 + i, source: 'web' }))),
    ],
  ])('gives %s the bytes hyparquet-writer gives the same rows and encodings', (_name, table, rows) => {
    // Act
    const ours = ourBytes(table, rows, 3_000);
    const library = libraryBytes(table, rows, 3_000);

    // Assess
    expect(ours.length).toBeGreaterThan(1_000);
    expect(Buffer.from(ours).equals(Buffer.from(library))).toBe(true);
  });

  it('is read by DuckDB with the types, nulls and values it was written with', async () => {
    // Prepare
    const dir = await mkdtemp(path.join(tmpdir(), 'row-groups-'));
    const rows = eventRows(7_000);
    const file = path.join(dir, 'events.parquet');
    await writeFile(file, ourBytes(FUNNEL_EVENTS_TABLE, LakeColumns.of(FUNNEL_EVENTS_TABLE, rows), 3_000));
    const connection = await (await DuckDBInstance.create(':memory:')).connect();

    // Act
    const read = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, count(channel)::INTEGER AS channels, count(amount)::INTEGER AS amounts, sum(amount) AS total, ` +
        `min(occurred_at)::VARCHAR AS first, max(entity_id) AS last_entity, count(DISTINCT campaign)::INTEGER AS campaigns, typeof(any_value(occurred_at)) AS type ` +
        `FROM read_parquet('${file}')`,
    );
    const codecs = await connection.runAndReadAll(`SELECT DISTINCT path_in_schema AS col, compression FROM parquet_metadata('${file}') ORDER BY col`);
    const eventIds = await connection.runAndReadAll(`SELECT event_id FROM read_parquet('${file}')`);
    await rm(dir, { recursive: true, force: true });

    // Assess
    const amounts = rows.map((r) => r.amount).filter((a): a is number => a !== null);
    expect(read.getRowObjectsJson()[0]).toEqual({
      n: 7_000,
      channels: rows.filter((r) => r.channel !== null).length,
      amounts: amounts.length,
      total: amounts.reduce((a, b) => a + b, 0),
      first: '2026-03-04 05:00:00+00',
      last_entity: [...rows.map((r) => r.entity_id as string)].sort().at(-1),
      campaigns: new Set(rows.map((r) => r.campaign)).size,
      type: 'TIMESTAMP WITH TIME ZONE',
    });
    // Snappy throughout, but for event_id (see UNCOMPRESSED_COLUMNS), whose values read back all the same.
    expect(codecs.getRowObjectsJson()).toEqual(FUNNEL_EVENTS_TABLE.columns.map((c) => ({ col: c.name, compression: c.name === 'event_id' ? 'UNCOMPRESSED' : 'SNAPPY' })).sort((a, b) => (a.col < b.col ? -1 : 1)));
    expect(eventIds.getRowObjectsJson().map((r) => r.event_id)).toEqual(rows.map((r) => r.event_id));
  });

  it('writes rows that crossed threads as dictionary codes the same as their texts, and stops trusting the codes once the rows change', () => {
    // Prepare
    const texts = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(4_000));
    const wire = packRows(texts);
    const coded = unpackRows(FUNNEL_EVENTS_TABLE, wire.columns, wire.length);
    const stage = FUNNEL_EVENTS_TABLE.columns.findIndex((c) => c.name === 'stage');
    const id = FUNNEL_EVENTS_TABLE.columns.findIndex((c) => c.name === 'event_id');
    const order = Array.from({ length: 4_000 }, (_, i) => (i * 7) % 4_000);
    const write = (rows: LakeColumns): Buffer => {
      const writer = new ByteWriter();
      const out = new ParquetRowGroupWriter(FUNNEL_EVENTS_TABLE, writer);
      out.write(rows, order, 0, 2_500);
      out.write(rows, order, 2_500, 4_000);
      out.finish();
      return Buffer.from(writer.getBytes());
    };

    // Act
    const hadCodes = coded.codesOf(stage) !== undefined;
    const same = write(coded).equals(write(texts));
    coded.setId(0, 'replaced');
    const idCodesAfterSetId = coded.codesOf(id);
    coded.copyRow(texts, 1);
    const stageCodesAfterAppend = coded.codesOf(stage);

    // Assess
    expect(hadCodes).toBe(true);
    expect(same).toBe(true);
    expect(idCodesAfterSetId).toBeUndefined();
    expect(stageCodesAfterAppend).toBeUndefined();
  });

  it('refuses a null in a required column rather than write a file that says otherwise, and writes no rows as hyparquet-writer does', () => {
    // Prepare
    const rows = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(10));
    const withoutTime = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(10).map((row, i) => (i === 3 ? { ...row, occurred_at: null } : row)));
    const withoutStage = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(10).map((row, i) => (i === 5 ? { ...row, stage: null } : row)));
    const write = (from: LakeColumns) => () => new ParquetRowGroupWriter(FUNNEL_EVENTS_TABLE, new ByteWriter()).write(from, undefined, 0, from.length);

    // Act + Assess
    expect(write(rows)).not.toThrow();
    expect(Buffer.from(ourBytes(FUNNEL_EVENTS_TABLE, new LakeColumns(FUNNEL_EVENTS_TABLE), 3_000)).equals(Buffer.from(libraryBytes(FUNNEL_EVENTS_TABLE, new LakeColumns(FUNNEL_EVENTS_TABLE), 3_000)))).toBe(true);
    expect(write(withoutTime)).toThrow('required column occurred_at has a null');
    expect(write(withoutStage)).toThrow('required column stage has a null');
  });
});
