import { fileWriter } from 'hyparquet-writer';
import type { TableDefinition } from '../schema/canonical-schema.js';
import { LakeColumns } from './lake-columns.js';
import { asLakeColumns, type HeldRows } from './packed-columns.js';
import { ParquetFileRowGroups, ROW_GROUP_SIZE } from './parquet-codec.js';
import { ParquetRowGroupWriter } from './parquet-row-groups.js';
import { fillEventIds, hexPrefixOf, latestOfEachId } from './partition-rows.js';
import { ownSnappyCompressor } from './snappy-compressor.js';

/**
 * A partition too large to merge in memory (a very busy day, or a small change to such a day's
 * file): its rows arrive as sorted runs on local disk, written as the rows come, and one pass
 * merges the lake file, the runs and the last rows into the new file, a row group at a time. Each
 * row is read and written a fixed number of times, and memory holds a row group per input.
 */

/** Rows per row group of a run file: what the merge holds of each run at a time. */
const RUN_ROW_GROUP = 2_000;

/**
 * Writes `rows` (a change to one partition) to `path` as a run: event ids derived, sorted by
 * event_id, the latest row of each id only. Returns the rows written.
 */
export const writeRun = (held: HeldRows, source: string, path: string): number => {
  const rows = fillEventIds(asLakeColumns(held), source);
  const ids = rows.column('event_id') as string[];
  const keep = latestOfEachId(ids);
  // Synchronous from start to finish: nothing else uses the thread's Snappy state meanwhile.
  const out = new ParquetRowGroupWriter(rows.table, fileWriter(path));
  for (let start = 0; start < keep.length; start += RUN_ROW_GROUP) out.write(rows, keep, start, Math.min(keep.length, start + RUN_ROW_GROUP));
  out.finish();
  return keep.length;
};

export interface SpilledMerge {
  readonly table: TableDefinition;
  /** The landing source the file holds (ids left to derive are derived from it). */
  readonly source: string;
  /** The partition file as it is in the lake, copied to local disk; undefined when there is none. */
  readonly existingPath: string | undefined;
  /** The file's name in messages (its lake key); default "the lake file". */
  readonly existingName?: string;
  /** Runs of the change's earlier rows (writeRun), oldest first. */
  readonly runs: readonly string[];
  /** The change's latest rows, newer than every run. */
  readonly upserts: HeldRows;
  /** event_ids to take out of the lake file. */
  readonly removals?: ReadonlySet<string>;
  /** Where the new file is written (it is left empty of rows when none remain). */
  readonly outPath: string;
}

export interface SpilledMergeResult {
  /** Rows in the new file (0: the partition is left without rows). */
  readonly rows: number;
  /** Distinct event_ids among the runs and the upserts. */
  readonly upserted: number;
}

/** One sorted input of the merge, a block of rows at a time, its ids checked to ascend. */
class SortedInput {
  block: LakeColumns | undefined;
  pos = 0;
  id = '';
  /** The id's hex prefix (hexPrefixOf), compared before the strings: most comparisons end there. */
  key = -1;

  constructor(
    /** Older inputs lose to newer ones: the lake file is 0, then the runs, then the last rows. */
    readonly age: number,
    private readonly name: string,
    private readonly nextBlock: () => Promise<LakeColumns | undefined>,
  ) {}

  /** Moves to the first row; false when the input has none. */
  async start(): Promise<boolean> {
    return this.load();
  }

  /** Moves to the next row; false at the end. Synchronous within a block (a promise only to load the next). */
  advance(): boolean | Promise<boolean> {
    const block = this.block as LakeColumns;
    if (this.pos + 1 < block.length) {
      this.pos += 1;
      return this.check(block.id(this.pos));
    }
    return this.load();
  }

  private async load(): Promise<boolean> {
    const previous = this.block === undefined ? undefined : this.id;
    for (;;) {
      this.block = await this.nextBlock();
      if (this.block === undefined) return false;
      if (this.block.length > 0) break;
    }
    this.pos = 0;
    const id = this.block.id(0);
    if (previous !== undefined && !(previous < id)) throw this.unsorted(id);
    this.id = id;
    this.key = hexPrefixOf(id);
    return true;
  }

  private check(id: string): boolean {
    const key = hexPrefixOf(id);
    if (!(key > this.key && this.key >= 0) && !(this.id < id)) throw this.unsorted(id);
    this.id = id;
    this.key = key;
    return true;
  }

  private unsorted(id: string): Error {
    return new Error(`${this.name} is not sorted by event_id with each id once (${JSON.stringify(this.id)} then ${JSON.stringify(id)}): it was not written by this ingest`);
  }
}

/** The inputs ordered by (current id, age): a binary heap, as there may be dozens of runs. */
class InputHeap {
  private readonly items: SortedInput[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): SortedInput | undefined {
    return this.items[0];
  }

  private static before(a: SortedInput, b: SortedInput): boolean {
    if (a.key !== b.key && a.key >= 0 && b.key >= 0) return a.key < b.key;
    return a.id < b.id || (a.id === b.id && a.age < b.age);
  }

  push(input: SortedInput): void {
    const items = this.items;
    let at = items.push(input) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!InputHeap.before(input, items[parent] as SortedInput)) break;
      items[at] = items[parent] as SortedInput;
      at = parent;
    }
    items[at] = input;
  }

  pop(): SortedInput | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && InputHeap.before(items[right] as SortedInput, items[left] as SortedInput) ? right : left;
      if (!InputHeap.before(items[child] as SortedInput, last)) break;
      items[at] = items[child] as SortedInput;
      at = child;
    }
    items[at] = last;
    return top;
  }
}

const fileInput = async (table: TableDefinition, path: string, age: number, name: string): Promise<{ input: SortedInput; close: () => void }> => {
  const file = await ParquetFileRowGroups.open(table, path);
  let next = 0;
  const input = new SortedInput(age, name, async () => (next < file.rowGroups ? file.read(next++) : undefined));
  return { input, close: () => file.close() };
};

/**
 * The partition file after a change held as runs (see the module comment): the same rows, order
 * and bytes as mergePartition would give with every row in memory.
 */
export const mergeSpilled = async ({ table, source, existingPath, existingName, runs, upserts, removals, outPath }: SpilledMerge): Promise<SpilledMergeResult> => {
  const closers: (() => void)[] = [];
  try {
    const inputs: SortedInput[] = [];
    if (existingPath !== undefined) {
      const { input, close } = await fileInput(table, existingPath, 0, existingName ?? 'the lake file');
      closers.push(close);
      inputs.push(input);
    }
    for (const [r, run] of runs.entries()) {
      const { input, close } = await fileInput(table, run, r + 1, `run ${run}`);
      closers.push(close);
      inputs.push(input);
    }
    const last = fillEventIds(asLakeColumns(upserts), source);
    const lastIds = last.column('event_id') as string[];
    let lastBlock: LakeColumns | undefined = last.pick(latestOfEachId(lastIds));
    inputs.push(
      new SortedInput(runs.length + 1, 'the last rows', async () => {
        const block = lastBlock;
        lastBlock = undefined;
        return block;
      }),
    );

    const heap = new InputHeap();
    for (const input of inputs) if (await input.start()) heap.push(input);
    // Its own Snappy state: other files may be encoded on this thread while this one waits on reads.
    const out = new ParquetRowGroupWriter(table, fileWriter(outPath), ownSnappyCompressor());
    let group = new LakeColumns(table);
    let rows = 0;
    let upserted = 0;
    const taken: SortedInput[] = [];
    for (let first = heap.pop(); first !== undefined; first = heap.pop()) {
      // Every input at this id; the newest holds the row that stays.
      taken.length = 0;
      taken.push(first);
      for (let next = heap.peek(); next !== undefined && next.key === first.key && next.id === first.id; next = heap.peek()) taken.push(heap.pop() as SortedInput);
      const winner = taken[taken.length - 1] as SortedInput;
      const changed = winner.age > 0;
      if (changed) upserted += 1;
      // A removal takes out the lake file's row; an upsert of the same id puts it back.
      if (changed || removals === undefined || !removals.has(first.id)) {
        group.copyRow(winner.block as LakeColumns, winner.pos);
        if (group.length === ROW_GROUP_SIZE) {
          out.write(group, undefined, 0, group.length);
          rows += group.length;
          group = new LakeColumns(table);
        }
      }
      for (const input of taken) {
        const more = input.advance();
        if (more === true || (more !== false && (await more))) heap.push(input);
      }
    }
    if (group.length > 0) out.write(group, undefined, 0, group.length);
    rows += group.length;
    out.finish();
    return { rows, upserted };
  } finally {
    for (const close of closers) close();
  }
};
