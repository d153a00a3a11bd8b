import type { SnapshotIndex } from './snapshot-index.js';

/** One event a snapshot derived for an entity, with whatever the caller writes for it. */
export interface EntityEvent<Row> {
  readonly id: string;
  readonly dt: string;
  readonly row: Row;
}

export interface EntityMoves<Row> {
  /** Take `id` out of day `dt` (the entity no longer reports it there). */
  remove(dt: string, id: string): void;
  /** Write `row` into day `dt`. */
  upsert(dt: string, row: Row): void;
}

/**
 * What the latest snapshot row of one entity changes against the index: an event it no longer
 * reports is retracted (a deal reopened), one whose day changed is taken out of its old day, and
 * every event it reports is written where it now belongs (a later event of the same id wins). The
 * index follows. Returns the events written, or 'stale' (nothing changes) when a newer landing date
 * already set the entity.
 */
export const planEntityMoves = <Row>(index: SnapshotIndex, entityId: string, events: readonly EntityEvent<Row>[], date: string, moves: EntityMoves<Row>): number | 'stale' => {
  const known = index.eventsOf(entityId);
  if (known.some(([, event]) => event.asOf > date)) return 'stale';
  const now = new Map<string, EntityEvent<Row>>();
  for (const event of events) now.set(event.id, event);
  for (const [id, event] of known) {
    const current = now.get(id);
    if (current === undefined) {
      moves.remove(event.dt, id);
      index.remove(id);
    } else if (current.dt !== event.dt) moves.remove(event.dt, id);
  }
  for (const [id, event] of now) {
    moves.upsert(event.dt, event.row);
    index.set(id, { entityId, dt: event.dt, asOf: date });
  }
  return now.size;
};
