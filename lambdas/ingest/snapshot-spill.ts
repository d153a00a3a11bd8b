import { appendFileSync, createReadStream, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { constants, createGunzip, gzipSync } from 'node:zlib';
import type { ObjectStore } from '../ports/object-store.js';
import { TABLES } from '../schema/canonical-schema.js';
import type { Batch, BatchStats } from './ingest-shard.js';
import { LakeColumns } from './lake-columns.js';
import type { PartitionApplier } from './lake-partition.js';
import type { ResolvedSource } from './resolve-source.js';
import type { EntitySnapshot, LakeCells } from './row-mapper.js';
import { entityBucket, SnapshotIndex } from './snapshot-index.js';
import { planEntityMoves, type EntityEvent } from './snapshot-moves.js';

/**
 * A snapshot export too large to diff in memory is diffed a bucket of entities at a time, through
 * files in the local temp folder (a Lambda's /tmp): the entities as read, each bucket's moves, each
 * day's removals and rows, each bucket's updated index. Memory then holds one bucket of entities
 * and its part of the index, or one day's partition, never the whole export or index.
 */

/** Export bytes per bucket: a date whose snapshot files are larger is diffed in buckets. */
export const SNAPSHOT_BYTES_PER_BUCKET = 16 * 1024 * 1024;
const MAX_BUCKETS = 4_096;

/** Buckets for `bytes` of export (a power of two; 1: diff in memory). */
export const snapshotBucketsFor = (bytes: number, bytesPerBucket = SNAPSHOT_BYTES_PER_BUCKET): number => {
  let buckets = 1;
  while (bytes > buckets * bytesPerBucket && buckets < MAX_BUCKETS) buckets *= 2;
  return buckets;
};

/** Bytes of lines held before they are appended to their files. */
const BUFFER_BYTES = 16 * 1024 * 1024;
/** A file's first buffer; it doubles as lines need. */
const FIRST_BUFFER_BYTES = 64 * 1024;
/**
 * A line that may take more bytes than this (an index bucket is one line of megabytes) is written
 * as it comes, not buffered: a buffer grown for it would have stayed resident for its file.
 */
const LONG_LINE_BYTES = 1024 * 1024;

/**
 * The spill file of a day's moves and rows: days are grouped by the first digit of their day of
 * the month (…-0x, …-1x, …-2x, …-3x), a prefix of the date, so groups in name order hold the days
 * in date order. A file per day meant hundreds of files each taking a few KB at every flush, a gzip
 * member and an open apiece (a tenth of a large snapshot's time); a group of at most ten days
 * still holds a small part of the events.
 */
const dayGroupOf = (dt: string): string => dt.slice(0, 9);

/** Lines of a day-group file, by day, in date order: each line is the day, then what follows it. */
const linesByDay = async (spill: SpillFiles, name: string): Promise<[string, string[]][]> => {
  const days = new Map<string, string[]>();
  for await (const line of spill.lines(name)) {
    const dt = line.slice(0, 10);
    const lines = days.get(dt);
    if (lines === undefined) days.set(dt, [line.slice(10)]);
    else lines.push(line.slice(10));
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
};

/** A spill file's lines not yet on disk, as UTF-8 bytes, each ended by a line feed. */
interface LineBuffer {
  bytes: Buffer;
  used: number;
}

/**
 * Named line files in a temp folder of their own, appended through buffers. What was appended
 * since the last `commit` can be taken back (`rollback`: an unparseable file's entities).
 *
 * Lines wait for their file as bytes outside the JavaScript heap, each buffer kept for the file's
 * next lines once written. Held as strings until 16 MB of them were flushed, they
 * outlived the young-generation collections that copied them, twice each before promoting them:
 * the scavenges of a 300,000-contact export took about 3 s of its 25.
 */
export class SpillFiles {
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'funnel-review-spill-'));

  constructor(private readonly bufferBytes = BUFFER_BYTES) {}

  private readonly buffers = new Map<string, LineBuffer>();
  private buffered = 0;
  /** Bytes of each file on disk, and at the last commit. */
  private readonly sizes = new Map<string, number>();
  private committed = new Map<string, number>();

  append(name: string, line: string): void {
    if (line.length * 3 > LONG_LINE_BYTES) {
      // After what is buffered for the file, so that its lines stay in order.
      this.flushFile(name);
      this.write(name, Buffer.from(`${line}\n`));
      return;
    }
    let buffer = this.buffers.get(name);
    if (buffer === undefined) {
      buffer = { bytes: Buffer.allocUnsafeSlow(FIRST_BUFFER_BYTES), used: 0 };
      this.buffers.set(name, buffer);
    }
    // Room for the worst case (3 UTF-8 bytes per UTF-16 unit) and the line feed.
    const needed = buffer.used + line.length * 3 + 1;
    if (needed > buffer.bytes.length) {
      const bytes = Buffer.allocUnsafeSlow(Math.max(needed, 2 * buffer.bytes.length));
      buffer.bytes.copy(bytes, 0, 0, buffer.used);
      buffer.bytes = bytes;
    }
    const written = buffer.bytes.write(line, buffer.used) + 1;
    buffer.bytes[buffer.used + written - 1] = 0x0a;
    buffer.used += written;
    this.buffered += written;
    if (this.buffered > this.bufferBytes) this.flush();
  }

  commit(): void {
    this.flush();
    this.committed = new Map(this.sizes);
  }

  rollback(): void {
    for (const buffer of this.buffers.values()) buffer.used = 0;
    this.buffered = 0;
    for (const [name, size] of this.sizes) {
      const kept = this.committed.get(name) ?? 0;
      if (size === kept) continue;
      truncateSync(this.pathOf(name), kept);
      this.sizes.set(name, kept);
    }
  }

  /** The names starting with `prefix` that hold lines, without the prefix, sorted. */
  names(prefix: string): string[] {
    const names = new Set<string>();
    for (const [name, size] of this.sizes) if (size > 0) names.add(name);
    for (const [name, buffer] of this.buffers) if (buffer.used > 0) names.add(name);
    return [...names]
      .filter((name) => name.startsWith(prefix))
      .map((name) => name.slice(prefix.length))
      .sort();
  }

  async *lines(name: string): AsyncGenerator<string> {
    this.flush();
    // A file is read once its writing is done: its buffer goes.
    this.buffers.delete(name);
    if (!this.sizes.get(name)) return;
    // A file is gzip members back to back, one per flush: gunzip reads them as one stream.
    const reader = createInterface({ input: createReadStream(this.pathOf(name)).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of reader) yield line;
  }

  remove(): void {
    this.buffers.clear();
    this.buffered = 0;
    rmSync(this.dir, { recursive: true, force: true });
  }

  private flush(): void {
    for (const name of this.buffers.keys()) this.flushFile(name);
  }

  /** Writes what is buffered for file `name`, and empties its buffer. */
  private flushFile(name: string): void {
    const buffer = this.buffers.get(name);
    if (buffer === undefined || buffer.used === 0) return;
    this.write(name, buffer.bytes.subarray(0, buffer.used));
    this.buffered -= buffer.used;
    buffer.used = 0;
  }

  /** Appends `lines` (each ended by a line feed) to file `name` as one gzip member. */
  private write(name: string, lines: Uint8Array): void {
    // Compressed: the lines repeat the same attributes, and a Lambda's /tmp is sized in advance.
    const bytes = gzipSync(lines, { level: constants.Z_BEST_SPEED });
    appendFileSync(this.pathOf(name), bytes);
    this.sizes.set(name, (this.sizes.get(name) ?? 0) + bytes.length);
  }

  private pathOf(name: string): string {
    return path.join(this.dir, name);
  }
}

/**
 * The snapshot batch of a large export (see snapshotBatch in ingest-shard.ts for the in-memory
 * one, which this matches file for file): each entity's events go to its bucket's file as read;
 * at the date's end each bucket is compared with its part of the index, every day's removals are
 * written, then every day's rows, then the index buckets. Writes go straight to the lake.
 */
export const spilledSnapshotBatch = (apply: PartitionApplier, lake: ObjectStore, source: ResolvedSource, date: string, buckets: number): Batch => {
  const table = TABLES[source.dataset];
  const idAt = table.columns.findIndex((c) => c.name === 'event_id');
  const spill = new SpillFiles();
  const stats: BatchStats = { rowsWritten: 0, partitions: new Set(), staleEntities: 0 };

  const diffBuckets = async (): Promise<void> => {
    for (let bucket = 0; bucket < buckets; bucket++) {
      // The newest file's row of an entity wins, as lines are read in the order they were added.
      // Each entity's events are held as their line and parsed when it is diffed: parsed, a
      // bucket's events were some hundred thousand small arrays kept until the bucket's end, which
      // the old generation's collections traced again and again.
      const latest = new Map<string, string>();
      for await (const line of spill.lines(`entities-${bucket}`)) {
        const tab = line.indexOf('\t');
        latest.set(JSON.parse(line.slice(0, tab)) as string, line.slice(tab + 1));
      }
      const index = await SnapshotIndex.loadBucket(lake, source.id, bucket, buckets);
      for (const entityId of [...latest.keys()].sort()) {
        const events = (JSON.parse(latest.get(entityId) as string) as [string, LakeCells][]).map(([dt, cells]): EntityEvent<LakeCells> => ({ id: cells[idAt] as string, dt, row: cells }));
        const written = planEntityMoves(index, entityId, events, date, {
          // Ids as JSON: a source's event id could hold a line break.
          remove: (dt, id) => spill.append(`removals-${dayGroupOf(dt)}`, dt + JSON.stringify(id)),
          upsert: (dt, cells) => spill.append(`rows-${dayGroupOf(dt)}`, dt + JSON.stringify(cells)),
        });
        if (written === 'stale') stats.staleEntities += 1;
        else stats.rowsWritten += written;
      }
      spill.append(`index-${bucket}`, index.toJson());
    }
  };

  return {
    stats,
    add(record) {
      const { entityId, events } = record as EntitySnapshot;
      // The id, a tab, the events: JSON escapes every tab, so the first one ends the id.
      spill.append(`entities-${entityBucket(entityId, buckets)}`, `${JSON.stringify(entityId)}\t${JSON.stringify(events.map((event) => [event.dt, event.cells]))}`);
    },
    async commitFile() {
      spill.commit();
    },
    discardFile() {
      spill.rollback();
    },
    async relieve() {},
    async drain() {
      spill.remove();
    },
    async finish() {
      try {
        if (spill.names('entities-').length === 0) return;
        await diffBuckets();
        // Removals first, as in memory: a crash part-way can lose a moved event until the re-run, never count it twice.
        for (const group of spill.names('removals-')) {
          for (const [dt, ids] of await linesByDay(spill, `removals-${group}`)) {
            const removals = new Set(ids.map((id) => JSON.parse(id) as string));
            await apply({ dataset: source.dataset, dt, source: source.id, upserts: new LakeColumns(table), removals });
            stats.partitions.add(dt);
          }
        }
        for (const group of spill.names('rows-')) {
          for (const [dt, lines] of await linesByDay(spill, `rows-${group}`)) {
            const upserts = new LakeColumns(table);
            for (const line of lines) upserts.pushCells(JSON.parse(line) as LakeCells);
            lines.length = 0;
            await apply({ dataset: source.dataset, dt, source: source.id, upserts });
            stats.partitions.add(dt);
          }
        }
        await SnapshotIndex.saveBuckets(lake, source.id, buckets, async (bucket) => {
          for await (const json of spill.lines(`index-${bucket}`)) return json;
          throw new Error(`snapshot spill: index bucket ${bucket} missing`);
        });
      } finally {
        spill.remove();
      }
    },
  };
};
