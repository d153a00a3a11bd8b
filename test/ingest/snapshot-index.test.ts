import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { SnapshotIndex, snapshotIndexKey } from '../../lambdas/ingest/snapshot-index.js';

const KEY = snapshotIndexKey('hubspot');

describe('snapshot index', () => {
  let dir: string;
  let lake: FolderObjectStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'snapshot-index-'));
    lake = new FolderObjectStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps moves and retractions across a save and a load, and saves the same bytes again', async () => {
    // Prepare: two entities; one event moves to another day, one is retracted.
    const index = await SnapshotIndex.load(lake, 'hubspot');
    index.set('b1', { entityId: 'C-1', dt: '2026-03-01', asOf: '2026-03-01' });
    index.set('a1', { entityId: 'C-1', dt: '2026-03-02', asOf: '2026-03-02' });
    index.set('c2', { entityId: 'C-2', dt: '2026-03-02', asOf: '2026-03-02' });
    index.set('b1', { entityId: 'C-1', dt: '2026-03-03', asOf: '2026-03-04' });
    index.remove('a1');

    // Act
    await index.save(lake);
    const loaded = await SnapshotIndex.load(lake, 'hubspot');
    const first = await lake.get(KEY);
    await loaded.save(lake);

    // Assess
    expect(loaded.size).toBe(2);
    expect(loaded.eventsOf('C-1')).toEqual([['b1', { entityId: 'C-1', dt: '2026-03-03', asOf: '2026-03-04' }]]);
    expect(loaded.eventsOf('C-2')).toEqual([['c2', { entityId: 'C-2', dt: '2026-03-02', asOf: '2026-03-02' }]]);
    expect(loaded.get('a1')).toBeUndefined();
    expect(Buffer.from((await lake.get(KEY)) as Uint8Array).equals(Buffer.from(first as Uint8Array))).toBe(true);
  });

  it('reads an index saved by an earlier version (one array per event)', async () => {
    // Prepare
    const events = [
      ['a1', 'C-1', '2026-03-02', '2026-03-02'],
      ['b1', 'C-1', '2026-03-03', '2026-03-04'],
    ];
    await lake.put(KEY, JSON.stringify({ version: 1, source: 'hubspot', events }));

    // Act
    const index = await SnapshotIndex.load(lake, 'hubspot');

    // Assess
    expect(index.eventsOf('C-1')).toEqual([
      ['a1', { entityId: 'C-1', dt: '2026-03-02', asOf: '2026-03-02' }],
      ['b1', { entityId: 'C-1', dt: '2026-03-03', asOf: '2026-03-04' }],
    ]);
  });

  it('refuses an index it cannot read, naming its key', async () => {
    // Prepare
    await lake.put(KEY, JSON.stringify({ version: 2, source: 'hubspot', dates: ['2026-03-02'], ids: ['a1'], entities: ['C-1'], dts: [3], asOfs: [0] }));

    // Act
    const load = SnapshotIndex.load(lake, 'hubspot');

    // Assess
    await expect(load).rejects.toThrow('state/hubspot/snapshot-index.json: event 1: date code out of range');
  });
});
