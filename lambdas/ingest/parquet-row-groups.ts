import type { ColumnChunk, ColumnMetaData, FileMetaData, RowGroup, SchemaElement, Statistics } from 'hyparquet';
import { ByteWriter, type Writer } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import type { ColumnDefinition, TableDefinition } from '../schema/canonical-schema.js';
import type { LakeColumns } from './lake-columns.js';
import { fileSnappyCompressor } from './snappy-compressor.js';

/**
 * Lake rows → Parquet column chunks, a row group at a time. The layout is hyparquet-writer's (one
 * Snappy data page v2 per column chunk, a PLAIN dictionary page first for dictionary columns,
 * statistics on non-text columns, its thrift headers and footer, reused from it), and so are the
 * bytes: `test/ingest/parquet-row-groups.test.ts` compares them. What is ours is the per-value
 * work, written for the lake's five column types: its general path turns every value into the
 * writer's form first (an array per column per row group, a BigInt per timestamp, a TextEncoder
 * call per text value) and was most of the encoder thread's time.
 */

/** High-cardinality columns: a dictionary would not pay for itself. */
export const PLAIN_COLUMNS: ReadonlySet<string> = new Set(['event_id', 'entity_id', 'occurred_at']);

/**
 * Columns written without compression. A derived event_id is 32 hex digits of a hash: Snappy took
 * 34.5 MB of them to 30.7 MB (a million ids, the benchmark's export) and spent a tenth of the
 * encoder thread on it, more than on all other columns together.
 */
export const UNCOMPRESSED_COLUMNS: ReadonlySet<string> = new Set(['event_id']);

const PAR1 = 0x31524150;
const TWO_32 = 4_294_967_296;

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

/** One column chunk's values, in row order: `values[i]` is row `order[start + i]` (or `start + i`). */
type Cell = string | number | null;
const gather = (from: readonly Cell[], order: ArrayLike<number> | undefined, start: number, end: number): Cell[] => {
  const out = new Array<Cell>(end - start);
  if (order === undefined) for (let i = start; i < end; i++) out[i - start] = from[i] as Cell;
  else for (let i = start; i < end; i++) out[i - start] = from[order[i] as number] as Cell;
  return out;
};

/** Definition levels of an optional column (1 present, 0 null: text null, numbers NaN). */
const definitionLevels = (values: readonly Cell[]): { levels: Uint8Array; nulls: number } => {
  const levels = new Uint8Array(values.length);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || (typeof value === 'number' && Number.isNaN(value))) nulls++;
    else levels[i] = 1;
  }
  return { levels, nulls };
};

/** PLAIN BYTE_ARRAY: each value's UTF-8 length (4 bytes, little-endian) then its bytes. */
const plainText = (texts: readonly string[]): Uint8Array => {
  let joined = '';
  for (const text of texts) joined += text;
  const utf8 = Buffer.from(joined, 'latin1');
  // As many UTF-8 bytes as characters: every value is ASCII, its bytes a slice of the Latin-1 copy.
  const ascii = Buffer.byteLength(joined, 'utf8') === joined.length;
  const parts = ascii ? undefined : texts.map((text) => Buffer.from(text, 'utf8'));
  let size = texts.length * 4;
  if (parts === undefined) size += utf8.length;
  else for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let at = 0;
  let from = 0;
  for (let i = 0; i < texts.length; i++) {
    const part = parts?.[i];
    const length = part === undefined ? (texts[i] as string).length : part.length;
    out[at] = length & 0xff;
    out[at + 1] = (length >>> 8) & 0xff;
    out[at + 2] = (length >>> 16) & 0xff;
    out[at + 3] = length >>> 24;
    at += 4;
    if (part !== undefined) out.set(part, at);
    else if (length <= 64) for (let b = 0; b < length; b++) out[at + b] = utf8[from + b] as number;
    else out.set(utf8.subarray(from, from + length), at);
    at += length;
    from += length;
  }
  return out;
};

interface ChunkPlan {
  /** The dictionary page's values, for a dictionary-encoded column. */
  readonly dictionary?: readonly string[];
  /** The data page's values section, before compression. */
  readonly values: Uint8Array;
  readonly levels: Uint8Array | undefined;
  readonly nulls: number;
  readonly statistics?: ChunkStatistics;
}

/** Statistics as hyparquet-writer's footer writer takes them (it also writes a NaN count). */
type ChunkStatistics = Statistics & { nan_count?: bigint };

/** A text column as dictionary indexes (in order of first appearance, as hyparquet-writer numbers them). */
const dictionaryChunk = (values: readonly Cell[]): Pick<ChunkPlan, 'dictionary' | 'values'> => {
  const dictionary: string[] = [];
  const indexOf = new Map<string, number>();
  const indexes = new Int32Array(values.length);
  let count = 0;
  let max = 0;
  let last: string | undefined;
  let lastIndex = 0;
  for (const value of values) {
    if (value === null) continue;
    let index: number;
    // Rows sorted by id still repeat a value often enough that one comparison saves a lookup.
    if (value === last) index = lastIndex;
    else {
      const known = indexOf.get(value as string);
      if (known === undefined) {
        index = dictionary.length;
        dictionary.push(value as string);
        indexOf.set(value as string, index);
      } else index = known;
      last = value as string;
      lastIndex = index;
    }
    if (index > max) max = index;
    indexes[count++] = index;
  }
  return { dictionary, values: dictionaryIndexes(indexes.subarray(0, count), max) };
};

/** A dictionary data page's values: the indexes' bit width, then the indexes RLE / bit-packed. */
const dictionaryIndexes = (indexes: Int32Array, max: number): Uint8Array => {
  const bitWidth = Math.ceil(Math.log2(max + 1));
  const page = new ByteWriter();
  page.appendUint8(bitWidth);
  writeRleBitPackedHybrid(page, indexes, bitWidth);
  return page.getBytes();
};

/** A numeric column PLAIN (null as NaN is skipped), with its min, max and null count. */
const numberChunk = (column: ColumnDefinition, values: readonly Cell[]): Pick<ChunkPlan, 'values' | 'statistics'> => {
  const width = column.type === 'date' ? 4 : 8;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  let at = 0;
  let nulls = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const cell of values) {
    const value = cell as number;
    if (Number.isNaN(value)) {
      nulls++;
      continue;
    }
    if (value < min) min = value;
    if (value > max) max = value;
    if (column.type === 'double') view.setFloat64(at, value, true);
    else if (column.type === 'date') view.setInt32(at, value, true);
    else {
      // INT64 from a double (whole, well inside 2^53), as two 32-bit halves: no BigInt per value.
      const high = Math.floor(value / TWO_32);
      view.setUint32(at, value - high * TWO_32, true);
      view.setInt32(at + 4, high, true);
    }
    at += width;
  }
  const statistics: ChunkStatistics = { null_count: BigInt(nulls) };
  if (nulls < values.length) {
    const int64 = column.type === 'bigint' || column.type === 'timestamp';
    // Parquet orders -0 before +0: a zero minimum is written as -0, a zero maximum as +0.
    statistics.min_value = int64 ? BigInt(min) : min === 0 ? -0 : min;
    statistics.max_value = int64 ? BigInt(max) : max === 0 ? 0 : max;
  }
  if (column.type === 'double') statistics.nan_count = 0n;
  return { values: out.subarray(0, at), statistics };
};

/** A null where the schema says REQUIRED: written, the file would contradict its own schema. */
const requiredNull = (column: ColumnDefinition): Error => new Error(`parquet: required column ${column.name} has a null`);

/** One column chunk's pages from its values. */
const planChunk = (column: ColumnDefinition, values: readonly Cell[]): ChunkPlan => {
  const optional = !column.required;
  const { levels, nulls } = optional ? definitionLevels(values) : { levels: undefined, nulls: 0 };
  if (column.type !== 'string') {
    const chunk = numberChunk(column, values);
    if (!optional && chunk.statistics?.null_count !== 0n) throw requiredNull(column);
    return { ...chunk, levels, nulls };
  }
  if (!optional && values.includes(null)) throw requiredNull(column);
  if (PLAIN_COLUMNS.has(column.name)) return { values: plainText((nulls === 0 ? values : values.filter((value) => value !== null)) as string[]), levels, nulls };
  return { ...dictionaryChunk(values), levels, nulls };
};

/**
 * A dictionary column's pages from the codes its rows arrived as (LakeColumns.codesOf): the same
 * dictionary and indexes as dictionaryChunk finds, each code renumbered once rather than each
 * value looked up.
 */
const codedChunk = (column: ColumnDefinition, { codes, dictionary: from }: { readonly codes: Int32Array; readonly dictionary: readonly string[] }, order: ArrayLike<number> | undefined, start: number, end: number): ChunkPlan => {
  const n = end - start;
  const local = new Int32Array(from.length).fill(-1);
  const dictionary: string[] = [];
  const indexes = new Int32Array(n);
  const levels = column.required ? undefined : new Uint8Array(n);
  let count = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const code = codes[order === undefined ? start + i : (order[start + i] as number)] as number;
    if (code < 0) continue;
    if (levels !== undefined) levels[i] = 1;
    let index = local[code] as number;
    if (index < 0) {
      index = local[code] = dictionary.length;
      dictionary.push(from[code] as string);
    }
    if (index > max) max = index;
    indexes[count++] = index;
  }
  if (levels === undefined && count < n) throw requiredNull(column);
  return { dictionary, values: dictionaryIndexes(indexes.subarray(0, count), max), levels, nulls: n - count };
};

/**
 * Writes a table's rows as Parquet, one row group per `write`, to a writer: memory (ByteWriter) or a
 * local file (hyparquet-writer's fileWriter), so a file larger than memory is written as it is merged.
 */
export class ParquetRowGroupWriter {
  private readonly schema: SchemaElement[];
  private readonly rowGroups: RowGroup[] = [];
  private rows = 0;

  /** `compress`: Snappy, whose state must be this file's alone (see snappy-compressor.ts). */
  constructor(
    readonly table: TableDefinition,
    private readonly writer: Writer,
    private readonly compress: (input: Uint8Array) => Uint8Array = fileSnappyCompressor(),
  ) {
    this.schema = parquetSchemaOf(table);
    writer.appendUint32(PAR1);
  }

  /** Rows `order[start]` … `order[end - 1]` of `rows` (or `start` … `end - 1`) as one row group. */
  write(rows: LakeColumns, order: ArrayLike<number> | undefined, start: number, end: number): void {
    // No rows, no row group (as hyparquet-writer): a reader would find a group of nothing.
    if (end <= start) return;
    const groupStart = this.writer.offset;
    const columns: ColumnChunk[] = [];
    let totalBytes = 0n;
    this.table.columns.forEach((column, c) => {
      const coded = column.type === 'string' && !PLAIN_COLUMNS.has(column.name) ? rows.codesOf(c) : undefined;
      const plan = coded === undefined ? planChunk(column, gather(rows.columns[c] as Cell[], order, start, end)) : codedChunk(column, coded, order, start, end);
      const chunk = this.writeChunk(column, this.schema[c + 1] as SchemaElement, plan, end - start);
      totalBytes += chunk.meta_data?.total_uncompressed_size ?? 0n;
      columns.push(chunk);
    });
    this.rows += end - start;
    this.rowGroups.push({ columns, total_byte_size: totalBytes, num_rows: BigInt(end - start), total_compressed_size: BigInt(this.writer.offset - groupStart) });
    void this.writer.flush?.();
  }

  finish(): void {
    const metadata: Omit<FileMetaData, 'metadata_length'> = { version: 2, created_by: 'funnel-review ingest', schema: this.schema, num_rows: BigInt(this.rows), row_groups: this.rowGroups };
    writeMetadata(this.writer, metadata as FileMetaData);
    this.writer.appendUint32(PAR1);
    void this.writer.finish();
  }

  private writeChunk(column: ColumnDefinition, element: SchemaElement, plan: ChunkPlan, rows: number): ColumnChunk {
    const { writer } = this;
    const chunkStart = writer.offset;
    let uncompressed = 0;
    let dictionaryOffset: bigint | undefined;
    const compress = UNCOMPRESSED_COLUMNS.has(column.name) ? undefined : this.compress;
    if (plan.dictionary !== undefined) {
      dictionaryOffset = BigInt(writer.offset);
      const page = plainText(plan.dictionary);
      const compressed = compress === undefined ? page : compress(page);
      const headerStart = writer.offset;
      writePageHeader(writer, {
        type: 'DICTIONARY_PAGE',
        uncompressed_page_size: page.length,
        compressed_page_size: compressed.length,
        dictionary_page_header: { num_values: plan.dictionary.length, encoding: 'PLAIN' },
      });
      uncompressed += writer.offset - headerStart + page.length;
      writer.appendBytes(compressed);
    }

    const encoding = plan.dictionary !== undefined ? 'RLE_DICTIONARY' : 'PLAIN';
    const dataOffset = BigInt(writer.offset);
    const levelBytes = new ByteWriter();
    const levelsLength = plan.levels === undefined ? 0 : writeRleBitPackedHybrid(levelBytes, plan.levels, 1);
    const compressed = compress === undefined ? plan.values : compress(plan.values);
    const headerStart = writer.offset;
    writePageHeader(writer, {
      type: 'DATA_PAGE_V2',
      uncompressed_page_size: levelsLength + plan.values.length,
      compressed_page_size: levelsLength + compressed.length,
      data_page_header_v2: {
        num_values: rows,
        num_nulls: plan.nulls,
        num_rows: rows,
        encoding,
        definition_levels_byte_length: levelsLength,
        repetition_levels_byte_length: 0,
        // As hyparquet-writer: with codec UNCOMPRESSED, "compressed" by the identity.
        is_compressed: true,
      },
    });
    uncompressed += writer.offset - headerStart + levelsLength + plan.values.length;
    if (levelsLength > 0) writer.appendBytes(levelBytes.getBytes());
    writer.appendBytes(compressed);

    const meta: ColumnMetaData = {
      type: element.type as ColumnMetaData['type'],
      encodings: plan.dictionary !== undefined ? ['PLAIN', 'RLE_DICTIONARY'] : ['PLAIN'],
      path_in_schema: [column.name],
      codec: compress === undefined ? 'UNCOMPRESSED' : 'SNAPPY',
      num_values: BigInt(rows),
      total_compressed_size: BigInt(writer.offset - chunkStart),
      total_uncompressed_size: BigInt(uncompressed),
      data_page_offset: dataOffset,
      dictionary_page_offset: dictionaryOffset,
      // Min/max of text columns cost a fifth of the encoding and prune nothing: every file is one
      // day, and its strings span the same values in every file.
      statistics: plan.statistics,
      encoding_stats: plan.statistics === undefined ? undefined : [{ page_type: 'DATA_PAGE_V2', encoding, count: 1 }],
    };
    return { meta_data: meta, file_offset: BigInt(chunkStart) };
  }
}
