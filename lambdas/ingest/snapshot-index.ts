import type { ObjectStore } from '../ports/object-store.js';

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

interface StoredIndex {
  readonly version: 1;
  readonly source: string;
  /** [event_id, entity_id, dt, asOf], sorted by event_id. */
  readonly events: readonly (readonly [string, string, string, string])[];
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

export class SnapshotIndex {
  private readonly byEntity = new Map<string, Set<string>>();

  private constructor(
    readonly source: string,
    readonly events: Map<string, IndexedEvent>,
  ) {
    for (const [id, event] of events) this.link(event.entityId, id);
  }

  static async load(lake: ObjectStore, source: string): Promise<SnapshotIndex> {
    const key = snapshotIndexKey(source);
    const bytes = await lake.get(key);
    if (!bytes) return new SnapshotIndex(source, new Map());
    let stored: StoredIndex;
    try {
      stored = JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredIndex;
    } catch (error) {
      throw new SnapshotIndexError(key, `not valid JSON (${(error as Error).message})`);
    }
    if (stored.version !== 1 || !Array.isArray(stored.events)) throw new SnapshotIndexError(key, 'unknown index version');
    return new SnapshotIndex(source, new Map(stored.events.map(([id, entityId, dt, asOf]) => [id, { entityId, dt, asOf }])));
  }

  private link(entityId: string, id: string): void {
    let ids = this.byEntity.get(entityId);
    if (!ids) {
      ids = new Set();
      this.byEntity.set(entityId, ids);
    }
    ids.add(id);
  }

  eventsOf(entityId: string): [string, IndexedEvent][] {
    return [...(this.byEntity.get(entityId) ?? [])].map((id) => [id, this.events.get(id) as IndexedEvent]);
  }

  set(id: string, event: IndexedEvent): void {
    this.events.set(id, event);
    this.link(event.entityId, id);
  }

  remove(id: string): void {
    const event = this.events.get(id);
    if (!event) return;
    this.events.delete(id);
    this.byEntity.get(event.entityId)?.delete(id);
  }

  async save(lake: ObjectStore): Promise<void> {
    const events = [...this.events.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([id, e]) => [id, e.entityId, e.dt, e.asOf] as const);
    const stored: StoredIndex = { version: 1, source: this.source, events };
    await lake.put(snapshotIndexKey(this.source), JSON.stringify(stored), { contentType: 'application/json' });
  }
}
