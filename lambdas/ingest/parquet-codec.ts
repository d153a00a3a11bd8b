import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parquetMetadata, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import type { TableDefinition } from '../schema/canonical-schema.js';
import { LakeColumns } from './lake-columns.js';
import { ParquetRowGroupWriter } from './parquet-row-groups.js';
import type { LakeRow } from './row-mapper.js';

/**
 * Lake rows ⇄ Parquet bytes with the canonical column names and types. Output is a pure function
 * of the rows (no timestamps or versions in the metadata), so re-ingesting gives identical bytes.
 */

export const ROW_GROUP_SIZE = 10_000;

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
