import type { TableDefinition } from '../schema/canonical-schema.js';
import type { LakeRow } from './row-mapper.js';

type Cell = string | number | null;

interface CodedColumn {
  readonly codes: Int32Array;
  readonly dictionary: readonly string[];
  /** The column array the codes were noted for. */
  readonly values: Cell[];
}

/**
 * Rows of one lake table held as one array per column, in the table's column order. A batch of
 * a million events is then fifteen arrays rather than a million objects that live long enough
 * for the garbage collector to promote and trace them (most of ingest's cost when rows were
 * kept as objects). Numeric columns hold NaN for null, so they stay arrays of unboxed doubles.
 */
export class LakeColumns {
  readonly columns: Cell[][];
  private readonly names: readonly string[];
  private readonly numeric: readonly boolean[];
  private readonly idColumn: Cell[];
  private readonly idAt: number;
  /** Dictionary codes some text columns arrived as (see codesOf), by column index. */
  private coded: Map<number, CodedColumn> | undefined;
  length = 0;

  constructor(
    readonly table: TableDefinition,
    columns?: Cell[][],
    length = 0,
  ) {
    this.names = table.columns.map((c) => c.name);
    this.numeric = table.columns.map((c) => c.type !== 'string');
    this.columns = columns ?? table.columns.map(() => []);
    this.length = length;
    this.idAt = this.names.indexOf('event_id');
    if (this.idAt < 0) throw new Error(`table ${table.name} has no event_id column`);
    this.idColumn = this.columns[this.idAt] as Cell[];
  }

  static of(table: TableDefinition, rows: Iterable<LakeRow>): LakeColumns {
    const columns = new LakeColumns(table);
    for (const row of rows) columns.push(row);
    return columns;
  }

  push(row: LakeRow): void {
    const { columns, names, numeric } = this;
    for (let c = 0; c < columns.length; c++) {
      const value = row[names[c] as string];
      (columns[c] as Cell[]).push(value === null || value === undefined ? (numeric[c] ? NaN : null) : value);
    }
    this.length += 1;
  }

  /** Appends a row given as its values in column order (see LakeCells). */
  pushCells(cells: readonly Cell[]): void {
    const { columns, numeric } = this;
    for (let c = 0; c < columns.length; c++) {
      const value = cells[c] as Cell;
      (columns[c] as Cell[]).push(value === null ? (numeric[c] ? NaN : null) : value);
    }
    this.length += 1;
  }

  /** Appends row `i` of `from` (a batch of the same table). */
  copyRow(from: LakeColumns, i: number): void {
    const { columns } = this;
    for (let c = 0; c < columns.length; c++) (columns[c] as Cell[]).push((from.columns[c] as Cell[])[i] as Cell);
    this.length += 1;
  }

  /** Drops the rows from `length` on (an unparseable file's rows, read before it failed). */
  truncate(length: number): void {
    if (length >= this.length) return;
    for (const column of this.columns) column.length = length;
    this.length = length;
  }

  id(i: number): string {
    return this.idColumn[i] as string;
  }

  setId(i: number, id: string): void {
    this.idColumn[i] = id;
    // Codes noted for the ids (all null, when the rows came without ids) no longer describe them.
    if (this.coded !== undefined) this.coded.delete(this.idAt);
  }

  /**
   * Notes that column `c` holds `dictionary[codes[i]]` (null for -1) at row i, as rows that crossed
   * from another thread packed (see packed-columns.ts) do: the Parquet writer then numbers its
   * dictionary from the codes rather than looking each text up.
   */
  setCodes(c: number, codes: Int32Array, dictionary: readonly string[]): void {
    (this.coded ??= new Map()).set(c, { codes, dictionary, values: this.columns[c] as Cell[] });
  }

  /** Column `c`'s codes, while they still describe it: any row added, dropped or replaced voids them. */
  codesOf(c: number): { readonly codes: Int32Array; readonly dictionary: readonly string[] } | undefined {
    const coded = this.coded?.get(c);
    return coded !== undefined && coded.values === this.columns[c] && coded.codes.length === this.length && coded.values.length === this.length ? coded : undefined;
  }

  /** The values of a column by name (numbers NaN for null). */
  column(name: string): readonly Cell[] {
    const at = this.names.indexOf(name);
    if (at < 0) throw new Error(`table ${this.table.name} has no column ${name}`);
    return this.columns[at] as Cell[];
  }

  /** Row `i` as an object, nulls as null. */
  row(i: number): LakeRow {
    const row: LakeRow = {};
    for (let c = 0; c < this.columns.length; c++) {
      const value = (this.columns[c] as Cell[])[i] as Cell;
      row[this.names[c] as string] = typeof value === 'number' && Number.isNaN(value) ? null : value;
    }
    return row;
  }

  /** These rows, then those of `other` (the same table), as a new batch. */
  concat(other: LakeColumns): LakeColumns {
    return new LakeColumns(
      this.table,
      this.columns.map((column, c) => column.concat(other.columns[c] as Cell[])),
      this.length + other.length,
    );
  }

  /** The rows at `indices`, in that order. */
  pick(indices: ArrayLike<number>): LakeColumns {
    const n = indices.length;
    const picked = this.columns.map((from) => {
      const to = new Array<Cell>(n);
      for (let i = 0; i < n; i++) to[i] = from[indices[i] as number] as Cell;
      return to;
    });
    return new LakeColumns(this.table, picked, n);
  }
}
