import type { ObjectStore } from '../ports/object-store.js';
import { orderById } from './partition-rows.js';

/**
 * Where each snapshot-derived event lives, per snapshot source: `state/<source>/snapshot-index.json`.
 * Needed because a later snapshot can move an event (a Close Date changes) to another `dt`
 * partition, and the old copy must be taken out of its old file. `asOf` (the landing date of the
 * snapshot that last set the event) lets the newest snapshot win when an older date is re-ingested.
 */

export interface IndexedEvent {
  readonly entityId: string;
  readonly dt: string;
  readonly asOf: string;
}

export const snapshotIndexKey = (source: string): string => `state/${source}/snapshot-index.json`;
/**
 * A large snapshot source keeps its index in buckets by entity (see snapshot-spill.ts): this file
 * says how many, and is written after them, so a crash part-way leaves the previous index in use.
 */
export const snapshotIndexBucketsKey = (source: string): string => `state/${source}/snapshot-index-buckets.json`;
export const snapshotIndexBucketKey = (source: string, buckets: number, bucket: number): string => `state/${source}/snapshot-index/${buckets}-${bucket}.json`;

/** The bucket of an entity among `buckets` (a power of two): FNV-1a of its id, so every run agrees. */
export const entityBucket = (entityId: string, buckets: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityId.length; i++) hash = Math.imul(hash ^ entityId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) & (buckets - 1);
};

/** How many buckets the stored index is in, or undefined when it is one file (or none). */
const storedBuckets = async (lake: ObjectStore, source: string): Promise<number | undefined> => {
  const key = snapshotIndexBucketsKey(source);
  const bytes = await lake.get(key);
  if (!bytes) return undefined;
  let stored: { buckets?: unknown };
  try {
    stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as { buckets?: unknown };
  } catch (error) {
    throw new SnapshotIndexError(key, `not valid JSON (${(error as Error).message})`);
  }
  const buckets = stored.buckets;
  if (typeof buckets !== 'number' || !Number.isInteger(buckets) || buckets < 2 || (buckets & (buckets - 1)) !== 0) {
    throw new SnapshotIndexError(key, 'buckets must be a power of two of at least 2');
  }
  return buckets;
};

/** Version 1: one array per event, [event_id, entity_id, dt, asOf], sorted by event_id (still read). */
interface StoredIndexV1 {
  readonly version: 1;
  readonly source: string;
  readonly events: readonly (readonly [string, string, string, string])[];
}

/**
 * Version 2: the same, one array per field (events in event_id order), dates as codes into `dates`:
 * a million events parse into four arrays, not a million small ones.
 */
interface StoredIndexV2 {
  readonly version: 2;
  readonly source: string;
  readonly dates: readonly string[];
  readonly ids: readonly string[];
  readonly entities: readonly string[];
  readonly dts: readonly number[];
  readonly asOfs: readonly number[];
}

export class SnapshotIndexError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`${key}: ${reason}`);
    this.name = 'SnapshotIndexError';
  }
}

/**
 * The index in memory, compact because it holds every event a snapshot source ever derived: one
 * slot per event in parallel arrays (dates as codes), a map from event id to slot and one from
 * entity to its slots. A removed event's slot is left empty.
 */
export class SnapshotIndex {
  private readonly slotOf = new Map<string, number>();
  private readonly ids: (string | undefined)[] = [];
  private readonly entities: string[] = [];
  private readonly dts: number[] = [];
  private readonly asOfs: number[] = [];
  private readonly dates: string[] = [];
  private readonly dateCodes = new Map<string, number>();
  /** An entity's slots: one number for the usual one-slot case, else an array. */
  private readonly byEntity = new Map<string, number | number[]>();

  private constructor(readonly source: string) {}

  /** The whole index of a source, however it is stored. */
  static async load(lake: ObjectStore, source: string): Promise<SnapshotIndex> {
    const index = new SnapshotIndex(source);
    const buckets = await storedBuckets(lake, source);
    if (buckets === undefined) await index.read(lake, snapshotIndexKey(source));
    else for (let bucket = 0; bucket < buckets; bucket++) await index.read(lake, snapshotIndexBucketKey(source, buckets, bucket));
    return index;
  }

  /**
   * The events of the entities in `bucket` of `buckets`, however the index is stored: one file,
   * or buckets of another count (a source whose exports grew or shrank), read one file at a time.
   */
  static async loadBucket(lake: ObjectStore, source: string, bucket: number, buckets: number): Promise<SnapshotIndex> {
    const index = new SnapshotIndex(source);
    const stored = await storedBuckets(lake, source);
    const inBucket = (entityId: string): boolean => entityBucket(entityId, buckets) === bucket;
    if (stored === undefined) await index.read(lake, snapshotIndexKey(source), inBucket);
    else if (stored <= buckets) await index.read(lake, snapshotIndexBucketKey(source, stored, bucket & (stored - 1)), stored === buckets ? undefined : inBucket);
    else for (let from = bucket; from < stored; from += buckets) await index.read(lake, snapshotIndexBucketKey(source, stored, from));
    return index;
  }

  /** Adds the events stored at `key` (of the entities `keep` accepts), if the file exists. */
  private async read(lake: ObjectStore, key: string, keep?: (entityId: string) => boolean): Promise<void> {
    const bytes = await lake.get(key);
    if (!bytes) return;
    let stored: StoredIndexV1 | StoredIndexV2;
    try {
      stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredIndexV1 | StoredIndexV2;
    } catch (error) {
      throw new SnapshotIndexError(key, `not valid JSON (${(error as Error).message})`);
    }
    if (stored.version === 1 && Array.isArray(stored.events)) {
      for (const [id, entityId, dt, asOf] of stored.events) if (!keep || keep(entityId)) this.set(id, { entityId, dt, asOf });
      return;
    }
    if (stored.version !== 2 || ![stored.ids, stored.entities, stored.dts, stored.asOfs, stored.dates].every(Array.isArray)) {
      throw new SnapshotIndexError(key, 'unknown index version');
    }
    const { ids, entities, dts, asOfs, dates } = stored;
    if (entities.length !== ids.length || dts.length !== ids.length || asOfs.length !== ids.length) throw new SnapshotIndexError(key, 'index arrays of different lengths');
    for (let i = 0; i < ids.length; i++) {
      const dt = dates[dts[i] as number];
      const asOf = dates[asOfs[i] as number];
      if (dt === undefined || asOf === undefined) throw new SnapshotIndexError(key, `event ${i + 1}: date code out of range`);
      const entityId = entities[i] as string;
      if (!keep || keep(entityId)) this.set(ids[i] as string, { entityId, dt, asOf });
    }
  }

  /** Events indexed. */
  get size(): number {
    return this.slotOf.size;
  }

  private code(date: string): number {
    let code = this.dateCodes.get(date);
    if (code === undefined) {
      code = this.dates.length;
      this.dates.push(date);
      this.dateCodes.set(date, code);
    }
    return code;
  }

  private eventAt(slot: number): IndexedEvent {
    return { entityId: this.entities[slot] as string, dt: this.dates[this.dts[slot] as number] as string, asOf: this.dates[this.asOfs[slot] as number] as string };
  }

  get(id: string): IndexedEvent | undefined {
    const slot = this.slotOf.get(id);
    return slot === undefined ? undefined : this.eventAt(slot);
  }

  eventsOf(entityId: string): [string, IndexedEvent][] {
    const slots = this.byEntity.get(entityId);
    if (slots === undefined) return [];
    return (typeof slots === 'number' ? [slots] : slots).map((slot) => [this.ids[slot] as string, this.eventAt(slot)]);
  }

  set(id: string, event: IndexedEvent): void {
    const known = this.slotOf.get(id);
    if (known !== undefined && this.entities[known] === event.entityId) {
      this.dts[known] = this.code(event.dt);
      this.asOfs[known] = this.code(event.asOf);
      return;
    }
    if (known !== undefined) this.remove(id);
    const slot = this.ids.length;
    this.ids.push(id);
    this.entities.push(event.entityId);
    this.dts.push(this.code(event.dt));
    this.asOfs.push(this.code(event.asOf));
    this.slotOf.set(id, slot);
    const slots = this.byEntity.get(event.entityId);
    if (slots === undefined) this.byEntity.set(event.entityId, slot);
    else if (typeof slots === 'number') this.byEntity.set(event.entityId, [slots, slot]);
    else slots.push(slot);
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.ids[slot] = undefined;
    const entityId = this.entities[slot] as string;
    const slots = this.byEntity.get(entityId);
    if (slots === slot) this.byEntity.delete(entityId);
    else if (Array.isArray(slots)) {
      const rest = slots.filter((s) => s !== slot);
      this.byEntity.set(entityId, rest.length === 1 ? (rest[0] as number) : rest);
    }
  }

  /** Saves the whole index as one file (and drops the buckets it was in, if it was). */
  async save(lake: ObjectStore): Promise<void> {
    await lake.put(snapshotIndexKey(this.source), this.toJson(), { contentType: 'application/json' });
    const buckets = await storedBuckets(lake, this.source);
    if (buckets === undefined) return;
    await lake.delete(snapshotIndexBucketsKey(this.source));
    for (let bucket = 0; bucket < buckets; bucket++) await lake.delete(snapshotIndexBucketKey(this.source, buckets, bucket));
  }

  /**
   * Saves an index kept in `buckets` buckets, given each bucket's `toJson()`: the buckets, then the
   * file naming their count, then the old layout goes.
   */
  static async saveBuckets(lake: ObjectStore, source: string, buckets: number, bucketJson: (bucket: number) => Promise<string>): Promise<void> {
    const previous = await storedBuckets(lake, source);
    for (let bucket = 0; bucket < buckets; bucket++) {
      await lake.put(snapshotIndexBucketKey(source, buckets, bucket), await bucketJson(bucket), { contentType: 'application/json' });
    }
    await lake.put(snapshotIndexBucketsKey(source), JSON.stringify({ buckets }), { contentType: 'application/json' });
    await lake.delete(snapshotIndexKey(source));
    if (previous !== undefined && previous !== buckets) {
      for (let bucket = 0; bucket < previous; bucket++) await lake.delete(snapshotIndexBucketKey(source, previous, bucket));
    }
  }

  /** The stored form: events in event_id order, one array per field. */
  toJson(): string {
    const ids = [...this.slotOf.keys()];
    const slots = Array.from(orderById(ids), (i) => this.slotOf.get(ids[i] as string) as number);
    // Only the dates still in use, in first-use order of the sorted events: the same index saves the same bytes.
    const dates: string[] = [];
    const codes = new Map<number, number>();
    const recode = (code: number): number => {
      let stored = codes.get(code);
      if (stored === undefined) {
        stored = dates.length;
        dates.push(this.dates[code] as string);
        codes.set(code, stored);
      }
      return stored;
    };
    const dts = slots.map((slot) => recode(this.dts[slot] as number));
    const asOfs = slots.map((slot) => recode(this.asOfs[slot] as number));
    const stored: StoredIndexV2 = {
      version: 2,
      source: this.source,
      dates,
      ids: slots.map((slot) => this.ids[slot] as string),
      entities: slots.map((slot) => this.entities[slot] as string),
      dts,
      asOfs,
    };
    return JSON.stringify(stored);
  }
}
