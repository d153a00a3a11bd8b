import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetMetadata, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter, type ColumnSource } from 'hyparquet-writer';
import type { ColumnDefinition, TableDefinition } from '../schema/canonical-schema.js';
import { LakeColumns } from './lake-columns.js';
import type { LakeRow } from './row-mapper.js';
import { fileSnappyCompressor } from './snappy-compressor.js';

/**
 * Lake rows ⇄ Parquet bytes with the canonical column names and types. Output is a pure function
 * of the rows (no timestamps or versions in the metadata), so re-ingesting gives identical bytes.
 */

export const ROW_GROUP_SIZE = 10_000;
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

type ParquetOutput = ConstructorParameters<typeof ParquetWriter>[0]['writer'];

/**
 * Writes a table's rows as Parquet, one row group per `write`, to a writer: memory (ByteWriter) or a
 * local file (hyparquet-writer's fileWriter), so a file larger than memory is written as it is merged.
 */
export class ParquetRowGroupWriter {
  private readonly parquet: ParquetWriter;

  /** `compress`: Snappy, whose state must be this file's alone (see snappy-compressor.ts). */
  constructor(
    readonly table: TableDefinition,
    writer: ParquetOutput,
    compress: (input: Uint8Array) => Uint8Array = fileSnappyCompressor(),
  ) {
    this.parquet = new ParquetWriter({
      writer,
      schema: parquetSchemaOf(table),
      codec: 'SNAPPY',
      compressors: { SNAPPY: compress },
      statistics: true,
      createdBy: 'funnel-review ingest',
    });
  }

  /** Rows `order[start]` … `order[end - 1]` of `rows` (or `start` … `end - 1`) as one row group. */
  write(rows: LakeColumns, order: ArrayLike<number> | undefined, start: number, end: number): void {
    const columnData: ColumnSource[] = this.table.columns.map((column, c) => ({
      name: column.name,
      data: columnValues(column, rows.columns[c] as (string | number | null)[], order, start, end),
      // Repeated values (stages, teams, channels …) are dictionary-encoded without the writer
      // sampling each column first to decide; ids and timestamps are plain.
      encoding: PLAIN_COLUMNS.has(column.name) ? 'PLAIN' : column.type === 'string' ? 'RLE_DICTIONARY' : undefined,
      // Min/max of text columns cost a fifth of the encoding and prune nothing: every file is one
      // row group of one day, and its strings span the same values in every file.
      statistics: column.type !== 'string',
    }));
    void this.parquet.write({ columnData, rowGroupSize: end - start });
  }

  finish(): void {
    this.parquet.finish();
  }
}

/**
 * Snappy-compressed Parquet of `rows`, in `order` when given (positions into `rows`, as a merge
 * picks them; the caller has sorted them). Written one row group at a time, so a large file never
 * has a second full copy of its rows in the writer's form.
 */
export const encodeParquet = (rows: LakeColumns, order?: ArrayLike<number>): Uint8Array => {
  const writer = new ByteWriter();
  const out = new ParquetRowGroupWriter(rows.table, writer);
  const length = order === undefined ? rows.length : order.length;
  for (let start = 0; start < length; start += ROW_GROUP_SIZE) out.write(rows, order, start, Math.min(length, start + ROW_GROUP_SIZE));
  out.finish();
  return writer.getBytes().slice();
};

const DECODE_PARSERS = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  dateFromDays: (days: number) => days,
};

/**
 * Rows `rowStart` … `rowEnd - 1` of a Parquet file as LakeColumns, read column chunk by column
 * chunk: no object per row. A column the file lacks (written before the column existed) reads as null.
 */
const decodeRows = async (table: TableDefinition, file: AsyncBuffer, metadata: FileMetaData, rowStart: number, rowEnd: number): Promise<LakeColumns> => {
  const length = rowEnd - rowStart;
  const present = new Set(metadata.schema.map((element) => element.name));
  const at = new Map(table.columns.map((column, c) => [column.name, c]));
  const columns = table.columns.map((column) => new Array<string | number | null>(length).fill(column.type === 'string' ? null : NaN));
  await parquetRead({
    file,
    metadata,
    rowStart,
    rowEnd,
    columns: table.columns.map((c) => c.name).filter((name) => present.has(name)),
    parsers: DECODE_PARSERS,
    onChunk: ({ columnName, columnData, rowStart: chunkStart }) => {
      const c = at.get(columnName) as number;
      const out = columns[c] as (string | number | null)[];
      const numeric = table.columns[c]?.type !== 'string';
      // A chunk may reach outside the rows asked for.
      const from = Math.max(rowStart, chunkStart);
      const to = Math.min(rowEnd, chunkStart + columnData.length);
      for (let row = from; row < to; row++) {
        const value = columnData[row - chunkStart] as string | number | bigint | null | undefined;
        out[row - rowStart] = value === null || value === undefined ? (numeric ? NaN : null) : typeof value === 'bigint' ? Number(value) : value;
      }
    },
  });
  return new LakeColumns(table, columns, length);
};

/**
 * A lake file's rows as LakeColumns (see decodeRows): merging into a large file (a busy day merged
 * several times as its rows arrive) was mostly garbage collection with an object per row.
 */
export const decodeParquetColumns = async (table: TableDefinition, bytes: Uint8Array): Promise<LakeColumns> => {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  return decodeRows(table, file, metadata, 0, Number(metadata.num_rows));
};

/**
 * A Parquet file on local disk, read a row group at a time: the sorted inputs of a merge too large
 * to hold (see partition-spill.ts). Reads are synchronous: the file is local and each is one range.
 */
export class ParquetFileRowGroups {
  private constructor(
    private readonly table: TableDefinition,
    private readonly fd: number,
    private readonly file: AsyncBuffer,
    private readonly metadata: FileMetaData,
  ) {}

  static async open(table: TableDefinition, filePath: string): Promise<ParquetFileRowGroups> {
    const fd = openSync(filePath, 'r');
    try {
      const file: AsyncBuffer = {
        byteLength: fstatSync(fd).size,
        slice: (start, end = file.byteLength) => {
          const bytes = new Uint8Array(end - start);
          let done = 0;
          while (done < bytes.length) {
            const read = readSync(fd, bytes, done, bytes.length - done, start + done);
            if (read === 0) throw new Error(`${filePath}: ended at byte ${start + done}, ${end - start - done} bytes short`);
            done += read;
          }
          return bytes.buffer;
        },
      };
      return new ParquetFileRowGroups(table, fd, file, await parquetMetadataAsync(file));
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  get rowGroups(): number {
    return this.metadata.row_groups.length;
  }

  /** Row group `index`'s rows. */
  async read(index: number): Promise<LakeColumns> {
    let rowStart = 0;
    for (let g = 0; g < index; g++) rowStart += Number(this.metadata.row_groups[g]?.num_rows ?? 0);
    const rowEnd = rowStart + Number(this.metadata.row_groups[index]?.num_rows ?? 0);
    return decodeRows(this.table, this.file, this.metadata, rowStart, rowEnd);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Rows of a lake file written by `encodeParquet` as objects (timestamps as epoch ms, dates as epoch days). */
export const decodeParquet = async (table: TableDefinition, bytes: Uint8Array): Promise<LakeRow[]> => {
  const rows = await decodeParquetColumns(table, bytes);
  return Array.from({ length: rows.length }, (_, i) => rows.row(i));
};
