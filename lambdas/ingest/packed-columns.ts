import { isAscii } from 'node:buffer';
import type { TableDefinition } from '../schema/canonical-schema.js';
import { LakeColumns } from './lake-columns.js';
import { putAscii } from './ascii-bytes.js';
import { PLAIN_COLUMNS } from './parquet-row-groups.js';
import type { LakeCells } from './row-mapper.js';

/**
 * Rows of one lake table held in typed arrays, outside the JavaScript heap: numbers as doubles,
 * repeated strings as codes into a small dictionary, other strings as UTF-8 bytes. Rows waiting
 * to be merged live through many young-generation collections, and held as JS arrays of
 * strings they were copied at each one (about a fifth of the reading thread's time on a large export);
 * typed arrays are not scanned. The same arrays are what crosses to the encoder thread,
 * transferred rather than copied (structured cloning a million strings cost more than encoding them).
 */
export type WireColumn =
  | { readonly kind: 'numbers'; readonly values: Float64Array }
  | { readonly kind: 'codes'; readonly codes: Int32Array; readonly dictionary: readonly string[] }
  /** `ends[i]` is where value i's UTF-8 ends in `bytes`, -1 for null. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly ends: Int32Array };

/** Packed rows as they are posted to a thread: `transfer` lists the buffers to move with them. */
export interface WireRows {
  readonly columns: readonly WireColumn[];
  readonly length: number;
  readonly transfer: ArrayBuffer[];
}

/** Distinct values past which a string column is held as bytes instead of codes. */
export const MAX_DICTIONARY = 4_096;
const INITIAL_ROWS = 256;

/**
 * Row capacity after `rows`: four times while small, twice past QUADRUPLE_BELOW. Growing by four
 * copies each value a third as often as doubling (with hundreds of days filling at once, growth was
 * a twentieth of the reading thread); a large day's columns grow by half their size at most.
 */
const QUADRUPLE_BELOW = 16_384;
const nextCapacity = (rows: number): number => rows * (rows < QUADRUPLE_BELOW ? 4 : 2);

/** `array` with room for `needed` values, in memory left unzeroed (every value is written before it is read). */
const grown = <T extends Float64Array | Int32Array>(array: T, needed: number): T => {
  if (needed <= array.length) return array;
  const length = Math.max(needed, nextCapacity(array.length));
  const Typed = array.constructor as { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number };
  const next = new Typed(Buffer.allocUnsafeSlow(length * Typed.BYTES_PER_ELEMENT).buffer as ArrayBuffer, 0, length);
  next.set(array);
  return next;
};

const grownBytes = (bytes: Buffer, needed: number): Buffer => {
  if (needed <= bytes.length) return bytes;
  const next = Buffer.allocUnsafeSlow(Math.max(needed, bytes.length * 2));
  bytes.copy(next);
  return next;
};

/**
 * Writes `value` as UTF-8 at `at` in `bytes` (room for it made by the caller); returns the bytes
 * written. A short ASCII value (an entity id) is copied char by char: the call into Buffer#write
 * cost more than the copy, once per row.
 */
const writeUtf8 = (bytes: Buffer, value: string, at: number): number => {
  const end = value.length <= 32 ? putAscii(bytes, value, at) : -1;
  return end >= 0 ? end - at : bytes.write(value, at);
};

/**
 * One string column being appended to: codes while its values repeat, bytes once they do not.
 * A column written without a dictionary (PLAIN_COLUMNS: ids, nearly one value per row) is bytes
 * from the start: as codes, each day's dictionary and map held a string per row, which the
 * reading thread's young-generation collections copied until they were promoted (about half of
 * their time on the benchmark), for codes the encoder has no use for.
 */
class StringColumn {
  private codes: Int32Array | undefined;
  private readonly dictionary: string[] = [];
  private readonly codeOf = new Map<string, number>();
  private bytes: Buffer | undefined;
  private ends: Int32Array | undefined;
  /** Bytes used in `bytes`. */
  private used = 0;
  /** The last value coded, and its code: consecutive rows often repeat a team, channel or owner. */
  private lastValue: string | null = null;
  private lastCode = -1;

  constructor(asBytes: boolean) {
    if (asBytes) {
      this.bytes = Buffer.allocUnsafeSlow(INITIAL_ROWS * 16);
      this.ends = new Int32Array(INITIAL_ROWS);
    } else this.codes = new Int32Array(INITIAL_ROWS);
  }

  push(value: string | null, row: number): void {
    if (this.codes !== undefined) {
      let code = -1;
      if (value === this.lastValue) code = this.lastCode;
      else if (value !== null) {
        const known = this.codeOf.get(value);
        if (known !== undefined) code = known;
        else if (this.dictionary.length < MAX_DICTIONARY) {
          code = this.dictionary.length;
          this.dictionary.push(value);
          this.codeOf.set(value, code);
        } else {
          this.toBytes(row);
          this.pushBytes(value, row);
          return;
        }
      }
      this.codes[row] = code;
      this.lastValue = value;
      this.lastCode = code;
      return;
    }
    this.pushBytes(value, row);
  }

  private pushBytes(value: string | null, row: number): void {
    const ends = this.ends as Int32Array;
    if (value === null) {
      ends[row] = -1;
      return;
    }
    // Room for the worst case (3 UTF-8 bytes per UTF-16 unit), then the exact count written.
    const bytes = (this.bytes = grownBytes(this.bytes as Buffer, this.used + value.length * 3));
    this.used += writeUtf8(bytes, value, this.used);
    ends[row] = this.used;
  }

  /** Rewrites the first `rows` codes as bytes: the column turned out to hold many distinct values. */
  private toBytes(rows: number): void {
    const codes = this.codes as Int32Array;
    this.codes = undefined;
    this.bytes = Buffer.allocUnsafeSlow(Math.max(1024, rows * 16));
    this.ends = new Int32Array(codes.length);
    for (let row = 0; row < rows; row++) {
      const code = codes[row] as number;
      this.pushBytes(code < 0 ? null : (this.dictionary[code] as string), row);
    }
    this.dictionary.length = 0;
    this.codeOf.clear();
  }

  /** Makes room for `rows` rows. */
  reserve(rows: number): void {
    if (this.codes !== undefined) this.codes = grown(this.codes, rows);
    else this.ends = grown(this.ends as Int32Array, rows);
  }

  truncate(rows: number): void {
    const ends = this.ends;
    if (ends === undefined) return;
    let row = rows - 1;
    while (row >= 0 && (ends[row] as number) < 0) row--;
    this.used = row < 0 ? 0 : (ends[row] as number);
  }

  wire(rows: number): WireColumn {
    if (this.codes !== undefined) return { kind: 'codes', codes: this.codes.subarray(0, rows), dictionary: this.dictionary };
    const bytes = this.bytes as Buffer;
    return { kind: 'bytes', bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, this.used), ends: (this.ends as Int32Array).subarray(0, rows) };
  }
}

/** One numeric column: NaN for null, as LakeColumns holds it. */
class NumberColumn {
  private values = new Float64Array(INITIAL_ROWS);

  push(value: number | null, row: number): void {
    this.values[row] = value === null ? NaN : value;
  }

  reserve(rows: number): void {
    this.values = grown(this.values, rows);
  }

  truncate(): void {}

  wire(rows: number): WireColumn {
    return { kind: 'numbers', values: this.values.subarray(0, rows) };
  }
}

/** Rows appended in arrival order, as LakeColumns, but held packed (see WireColumn). */
export class PackedColumns {
  private readonly columns: (StringColumn | NumberColumn)[];
  length = 0;
  /** Rows every column has room for. */
  private capacity = INITIAL_ROWS;
  /** Whether the arrays were handed over (see wire). */
  private handedOver = false;

  constructor(readonly table: TableDefinition) {
    this.columns = table.columns.map((column) => (column.type === 'string' ? new StringColumn(PLAIN_COLUMNS.has(column.name)) : new NumberColumn()));
  }

  /** Appends a row given as its values in column order (see LakeCells). */
  pushCells(cells: LakeCells): void {
    if (this.handedOver) this.refuseIfHandedOver();
    const { columns, length } = this;
    if (length === this.capacity) {
      this.capacity = nextCapacity(this.capacity);
      for (const column of columns) column.reserve(this.capacity);
    }
    for (let c = 0; c < columns.length; c++) (columns[c] as StringColumn).push(cells[c] as string | null, length);
    this.length = length + 1;
  }

  /** Drops the rows from `length` on. */
  truncate(length: number): void {
    this.refuseIfHandedOver();
    if (length >= this.length) return;
    for (const column of this.columns) column.truncate(length);
    this.length = length;
  }

  /**
   * The rows as arrays that can be transferred to another thread: views of the arrays they were
   * pushed into, not copies (copying every flushed day's arrays was about a tenth of the reading
   * thread's time on the benchmark's 366 days). The rows are handed over: nothing can be added to
   * or taken from them after.
   */
  wire(): WireRows {
    this.refuseIfHandedOver();
    this.handedOver = true;
    const columns = this.columns.map((column) => column.wire(this.length));
    return { columns, length: this.length, transfer: transferOf(columns) };
  }

  /** Transferred arrays read as empty and ignore writes: a use after wire would lose rows silently. */
  private refuseIfHandedOver(): void {
    if (this.handedOver) throw new Error('packed rows used after they were handed over (PackedColumns.wire)');
  }

  /** The rows as LakeColumns, for merging on this thread (handed over too, see wire). */
  toLakeColumns(): LakeColumns {
    const { columns, length } = this.wire();
    return unpackRows(this.table, columns, length);
  }
}

const transferOf = (columns: readonly WireColumn[]): ArrayBuffer[] => [
  ...new Set(columns.map((wire) => (wire.kind === 'numbers' ? wire.values.buffer : wire.kind === 'codes' ? wire.codes.buffer : wire.bytes.buffer) as ArrayBuffer)),
];

/** LakeColumns in wire form (the rows of a partition that were not held packed). */
export const packRows = (rows: LakeColumns): WireRows => {
  const packed = new PackedColumns(rows.table);
  const cells: LakeCells = new Array(rows.columns.length);
  for (let i = 0; i < rows.length; i++) {
    for (let c = 0; c < cells.length; c++) {
      const value = (rows.columns[c] as LakeCells)[i] as string | number | null;
      cells[c] = typeof value === 'number' && Number.isNaN(value) ? null : value;
    }
    packed.pushCells(cells);
  }
  return packed.wire();
};

/** Wire columns back into LakeColumns (on the thread that received them). */
export const unpackRows = (table: TableDefinition, columns: readonly WireColumn[], length: number): LakeColumns => {
  const unpacked = columns.map((wire): (string | number | null)[] => {
    if (wire.kind === 'numbers') {
      // A loop, not Array.from: that goes through the iterator, an object per value.
      const numbers = new Array<number>(length);
      for (let i = 0; i < length; i++) numbers[i] = wire.values[i] as number;
      return numbers;
    }
    const out = new Array<string | null>(length);
    if (wire.kind === 'codes') {
      for (let i = 0; i < length; i++) {
        const code = wire.codes[i] as number;
        out[i] = code < 0 ? null : (wire.dictionary[code] as string);
      }
      return out;
    }
    const text = Buffer.from(wire.bytes.buffer, wire.bytes.byteOffset, wire.bytes.byteLength);
    // All ASCII (ids, usually): one Latin-1 string, each value a slice of it, not a call each.
    const ascii = isAscii(text) ? text.toString('latin1') : undefined;
    let start = 0;
    for (let i = 0; i < length; i++) {
      const end = wire.ends[i] as number;
      if (end < 0) {
        out[i] = null;
        continue;
      }
      out[i] = ascii !== undefined ? ascii.slice(start, end) : text.toString('utf8', start, end);
      start = end;
    }
    return out;
  });
  const rows = new LakeColumns(table, unpacked, length);
  columns.forEach((wire, c) => {
    if (wire.kind === 'codes') rows.setCodes(c, wire.codes, wire.dictionary);
  });
  return rows;
};

/** Rows either way they are held. */
export type HeldRows = LakeColumns | PackedColumns;

export const asLakeColumns = (rows: HeldRows): LakeColumns => (rows instanceof PackedColumns ? rows.toLakeColumns() : rows);
