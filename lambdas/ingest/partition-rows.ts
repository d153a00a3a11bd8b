import type { TableDefinition } from '../schema/canonical-schema.js';
import { LakeColumns } from './lake-columns.js';
import { decodeParquet, encodeParquet } from './parquet-codec.js';
import { eventRowId } from './row-mapper.js';

/**
 * Merging a change into a partition file's rows, with no I/O: this runs wherever the file is
 * encoded (see parquet-encoder.ts), the store reads and writes stay with the caller.
 */

/**
 * `ids` in the order of `ids.sort()`, a few times faster for derived ids (uniform hex): bucketed
 * on their first two UTF-16 units, so each sort sees a handful of ids instead of the whole file.
 */
export const sortIds = (ids: readonly string[]): string[] => {
  const buckets = new Map<number, string[]>();
  for (const id of ids) {
    // Ordered like the strings: a shorter prefix (no second unit) before any second unit.
    const key = id.length === 0 ? -1 : id.charCodeAt(0) * 65_537 + (id.length > 1 ? id.charCodeAt(1) + 1 : 0);
    const bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, [id]);
    else bucket.push(id);
  }
  const sorted: string[] = [];
  for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
    const bucket = buckets.get(key) as string[];
    if (bucket.length > 1) bucket.sort();
    for (const id of bucket) sorted.push(id);
  }
  return sorted;
};

/**
 * A partition file's rows while changes are merged into it: rows are appended in arrival order
 * and each event_id points at its latest row, so a later row wins without an object per row.
 */
export class PartitionRows {
  private rows: LakeColumns;
  private readonly slots = new Map<string, number>();

  constructor(table: TableDefinition) {
    this.rows = new LakeColumns(table);
  }

  /** The rows of a partition file (none when there is no file yet). */
  static async of(table: TableDefinition, file: Uint8Array | undefined): Promise<PartitionRows> {
    const rows = new PartitionRows(table);
    if (file) rows.upsert(LakeColumns.of(table, await decodeParquet(table, file)));
    return rows;
  }

  get size(): number {
    return this.slots.size;
  }

  ids(): IterableIterator<string> {
    return this.slots.keys();
  }

  has(id: string): boolean {
    return this.slots.has(id);
  }

  remove(id: string): void {
    this.slots.delete(id);
  }

  /** Adds the rows of `upserts`; returns how many distinct event_ids they carried. */
  upsert(upserts: LakeColumns): number {
    const { rows, slots } = this;
    const before = rows.length;
    if (before === 0) {
      // A new (or emptied) file takes the batch's columns as they are, without copying them.
      this.rows = upserts;
      for (let i = 0; i < upserts.length; i++) slots.set(upserts.id(i), i);
      return slots.size;
    }
    let distinct = 0;
    for (let i = 0; i < upserts.length; i++) {
      const id = upserts.id(i);
      const slot = slots.get(id);
      // An id first seen in this change (new, or replacing an older row) counts once.
      if (slot === undefined || slot < before) distinct += 1;
      slots.set(id, rows.length);
      rows.copyRow(upserts, i);
    }
    // Replaced rows are dead weight: compact once they outnumber the live ones.
    if (rows.length > 2 * slots.size + 1024) this.compact();
    return distinct;
  }

  /** The live rows sorted by event_id, optionally only those whose id passes `keep`. */
  sorted(keep?: (id: string) => boolean): LakeColumns {
    const ids = sortIds(keep ? [...this.slots.keys()].filter(keep) : [...this.slots.keys()]);
    const slots = new Uint32Array(ids.length);
    for (let i = 0; i < ids.length; i++) slots[i] = this.slots.get(ids[i] as string) as number;
    return this.rows.pick(slots);
  }

  private compact(): void {
    const slots = [...this.slots.values()].sort((a, b) => a - b);
    const rows = this.rows.pick(slots);
    for (let i = 0; i < rows.length; i++) this.slots.set(rows.id(i), i);
    this.rows = rows;
  }
}

/**
 * Gives the event rows mapped without an id (a source with no ids of its own) their derived id,
 * eventRowId. Rows that have one keep it.
 */
export const fillEventIds = (rows: LakeColumns, source: string): LakeColumns => {
  if (rows.table.name !== 'funnel_events') return rows;
  const ids = rows.column('event_id');
  const entities = rows.column('entity_id');
  const stages = rows.column('stage');
  const times = rows.column('occurred_at');
  for (let i = 0; i < rows.length; i++) {
    if (ids[i] === null) rows.setId(i, eventRowId(source, entities[i] as string, stages[i] as string, times[i] as number));
  }
  return rows;
};

export interface PartitionMerge {
  readonly table: TableDefinition;
  /** The landing source the file holds (event ids left to derive are derived from it). */
  readonly source: string;
  /** The partition file as it is in the lake, if any. */
  readonly existing: Uint8Array | undefined;
  /** Rows to add or replace, matched on event_id; a later row wins over an earlier one. */
  readonly upserts: LakeColumns;
  /** event_ids to take out. */
  readonly removals?: ReadonlySet<string>;
}

export interface MergedPartition {
  /** The new file, or undefined when no row is left (the file goes). */
  readonly bytes: Uint8Array | undefined;
  /** The new bytes equal the existing file's: nothing to write. */
  readonly unchanged: boolean;
  /** Rows in the file after the change. */
  readonly rows: number;
  /** Distinct event_ids among the upserts. */
  readonly upserted: number;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

/** The partition file after a change: de-duplicated on event_id, sorted by it, Parquet-encoded. */
export const mergePartition = async ({ table, source, existing, upserts, removals }: PartitionMerge): Promise<MergedPartition> => {
  const rows = await PartitionRows.of(table, existing);
  if (removals) for (const id of removals) rows.remove(id);
  const upserted = rows.upsert(fillEventIds(upserts, source));
  const sorted = rows.sorted();
  const bytes = sorted.length === 0 ? undefined : encodeParquet(sorted);
  return { bytes, unchanged: bytes !== undefined && existing !== undefined && sameBytes(existing, bytes), rows: rows.size, upserted };
};
