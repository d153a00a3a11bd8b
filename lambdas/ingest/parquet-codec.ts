import { parquetMetadata, parquetRead, type SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { ColumnDefinition, TableDefinition } from '../schema/canonical-schema.js';
import { LakeColumns } from './lake-columns.js';
import type { LakeRow } from './row-mapper.js';
import { fileSnappyCompressor } from './snappy-compressor.js';

/**
 * Lake rows ⇄ Parquet bytes with the canonical column names and types. Output is a pure function
 * of the rows (no timestamps or versions in the metadata), so re-ingesting gives identical bytes.
 */

const ROW_GROUP_SIZE = 10_000;
/** High-cardinality columns: a dictionary would not pay for itself. */
const PLAIN_COLUMNS = new Set(['event_id', 'entity_id', 'occurred_at']);

const schemaElement = (column: ColumnDefinition): SchemaElement => {
  const repetition_type = column.required ? 'REQUIRED' : 'OPTIONAL';
  switch (column.type) {
    case 'string':
      return { name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
    case 'double':
      return { name: column.name, type: 'DOUBLE', repetition_type };
    case 'bigint':
      return { name: column.name, type: 'INT64', repetition_type };
    case 'timestamp':
      return {
        name: column.name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        repetition_type,
      };
    case 'date':
      return { name: column.name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' }, repetition_type };
  }
};

export const parquetSchemaOf = (table: TableDefinition): SchemaElement[] => [
  { name: 'schema', num_children: table.columns.length },
  ...table.columns.map(schemaElement),
];

/**
 * UTF-8 bytes of each value, as views into one buffer: one native encoding per column instead of
 * one TextEncoder call per value. When the bytes are as many as the characters (ASCII, as the ids
 * are), value boundaries are character offsets; otherwise each value is encoded on its own.
 */
const encodeStrings = (texts: readonly (string | null)[]): (Uint8Array | null)[] => {
  let joined = '';
  for (const text of texts) if (text !== null) joined += text;
  const buffer = Buffer.from(joined, 'utf8');
  if (buffer.length !== joined.length) return texts.map((text) => (text === null ? null : Buffer.from(text, 'utf8')));
  const out = new Array<Uint8Array | null>(texts.length);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string | null;
    if (text === null) {
      out[i] = null;
      continue;
    }
    out[i] = buffer.subarray(at, at + text.length);
    at += text.length;
  }
  return out;
};

/**
 * Values `from[order[start]]` … `from[order[end - 1]]` of one column in the writer's form
 * (dictionary columns as strings: the writer encodes each distinct value once).
 */
const columnValues = (column: ColumnDefinition, from: readonly (string | number | null)[], order: ArrayLike<number> | undefined, start: number, end: number): ColumnSource['data'] => {
  const n = end - start;
  const at = (i: number): string | number | null => from[order === undefined ? start + i : (order[start + i] as number)] as string | number | null;
  if (column.type === 'string') {
    const texts = new Array<string | null>(n);
    for (let i = 0; i < n; i++) texts[i] = at(i) as string | null;
    return PLAIN_COLUMNS.has(column.name) ? encodeStrings(texts) : texts;
  }
  // Numeric columns hold NaN for null (see LakeColumns).
  if (column.type === 'double' || column.type === 'date') {
    const out = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      const v = at(i) as number;
      out[i] = Number.isNaN(v) ? null : v;
    }
    return out;
  }
  const out = new Array<bigint | null>(n);
  for (let i = 0; i < n; i++) {
    const v = at(i) as number;
    out[i] = Number.isNaN(v) ? null : BigInt(v);
  }
  return out;
};

/**
 * Snappy-compressed Parquet of `rows`, in `order` when given (positions into `rows`, as a merge
 * picks them; the caller has sorted them). Written one row group at a time, so a large file never
 * has a second full copy of its rows in the writer's form.
 */
export const encodeParquet = (rows: LakeColumns, order?: ArrayLike<number>): Uint8Array => {
  const table = rows.table;
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: parquetSchemaOf(table),
    codec: 'SNAPPY',
    compressors: { SNAPPY: fileSnappyCompressor() },
    statistics: true,
    createdBy: 'funnel-review ingest',
  });
  const length = order === undefined ? rows.length : order.length;
  for (let start = 0; start < length; start += ROW_GROUP_SIZE) {
    const end = Math.min(length, start + ROW_GROUP_SIZE);
    const columnData: ColumnSource[] = table.columns.map((column, c) => ({
      name: column.name,
      data: columnValues(column, rows.columns[c] as (string | number | null)[], order, start, end),
      // Repeated values (stages, teams, channels …) are dictionary-encoded without the writer
      // sampling each column first to decide; ids and timestamps are plain.
      encoding: PLAIN_COLUMNS.has(column.name) ? 'PLAIN' : column.type === 'string' ? 'RLE_DICTIONARY' : undefined,
      // Min/max of text columns cost a fifth of the encoding and prune nothing: every file is one
      // row group of one day, and its strings span the same values in every file.
      statistics: column.type !== 'string',
    }));
    void parquet.write({ columnData, rowGroupSize: ROW_GROUP_SIZE });
  }
  parquet.finish();
  return writer.getBytes().slice();
};

const DECODE_PARSERS = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  dateFromDays: (days: number) => days,
};

/**
 * A lake file's rows as LakeColumns, read column chunk by column chunk: no object per row, which
 * made merging into a large file (a busy day merged several times as its rows arrive) mostly
 * garbage collection. A column the file lacks (written before the column existed) reads as null.
 */
export const decodeParquetColumns = async (table: TableDefinition, bytes: Uint8Array): Promise<LakeColumns> => {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const length = Number(metadata.num_rows);
  const present = new Set(metadata.schema.map((element) => element.name));
  const at = new Map(table.columns.map((column, c) => [column.name, c]));
  const columns = table.columns.map((column) => new Array<string | number | null>(length).fill(column.type === 'string' ? null : NaN));
  await parquetRead({
    file,
    metadata,
    columns: table.columns.map((c) => c.name).filter((name) => present.has(name)),
    parsers: DECODE_PARSERS,
    onChunk: ({ columnName, columnData, rowStart }) => {
      const c = at.get(columnName) as number;
      const out = columns[c] as (string | number | null)[];
      const numeric = table.columns[c]?.type !== 'string';
      for (let i = 0; i < columnData.length; i++) {
        const value = columnData[i] as string | number | bigint | null | undefined;
        out[rowStart + i] = value === null || value === undefined ? (numeric ? NaN : null) : typeof value === 'bigint' ? Number(value) : value;
      }
    },
  });
  return new LakeColumns(table, columns, length);
};

/** Rows of a lake file written by `encodeParquet` as objects (timestamps as epoch ms, dates as epoch days). */
export const decodeParquet = async (table: TableDefinition, bytes: Uint8Array): Promise<LakeRow[]> => {
  const rows = await decodeParquetColumns(table, bytes);
  return Array.from({ length: rows.length }, (_, i) => rows.row(i));
};
