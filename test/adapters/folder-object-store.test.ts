import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FolderObjectStore, InvalidObjectKeyError } from '../../lambdas/adapters/local/folder-object-store.js';
import { ObjectExistsError } from '../../lambdas/ports/object-store.js';

const text = (bytes: Uint8Array | undefined): string | undefined => (bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8'));

describe('FolderObjectStore', () => {
  let dir: string;
  let store: FolderObjectStore;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'folder-store-'));
    store = new FolderObjectStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('maps a key to a file under the root folder', async () => {
    // Act
    await store.put('funnel_events/dt=2026-03-04/crm.parquet', 'bytes');

    // Assess
    expect(await readdir(path.join(dir, 'funnel_events', 'dt=2026-03-04'))).toEqual(['crm.parquet']);
    expect(text(await store.get('funnel_events/dt=2026-03-04/crm.parquet'))).toBe('bytes');
  });

  it('returns undefined for a missing key', async () => {
    // Act
    const missing = await store.get('nope/nothing.json');

    // Assess
    expect(missing).toBeUndefined();
  });

  it('lists keys under a prefix, sorted', async () => {
    // Prepare
    for (const key of ['b/2.txt', 'a/x/1.txt', 'a/0.txt', 'ab/3.txt']) await store.put(key, key);

    // Act
    const listed = await store.list('a/');

    // Assess
    expect(listed).toEqual([
      { key: 'a/0.txt', size: 7 },
      { key: 'a/x/1.txt', size: 9 },
    ]);
  });

  it('lists by a prefix that ends inside a name or is a whole key, and by a missing folder', async () => {
    // Prepare
    for (const key of ['f/dt=1/s.parquet', 'f/dt=1/s.parquet.bak', 'f/dt=10/s.parquet', 'f/dt=2/s.parquet']) await store.put(key, 'x');

    // Act
    const [days, exact, missing] = await Promise.all([store.list('f/dt=1'), store.list('f/dt=2/s.parquet'), store.list('g/dt=1/')]);

    // Assess
    expect(days.map((o) => o.key)).toEqual(['f/dt=1/s.parquet', 'f/dt=1/s.parquet.bak', 'f/dt=10/s.parquet']);
    expect(exact).toEqual([{ key: 'f/dt=2/s.parquet', size: 1 }]);
    expect(missing).toEqual([]);
  });

  it('refuses to overwrite with ifNoneMatch', async () => {
    // Prepare
    await store.put('deliveries/w/2026-W10/sales.json', 'first');

    // Act
    const second = store.put('deliveries/w/2026-W10/sales.json', 'second', { ifNoneMatch: true });

    // Assess
    await expect(second).rejects.toBeInstanceOf(ObjectExistsError);
    expect(text(await store.get('deliveries/w/2026-W10/sales.json'))).toBe('first');
    expect(await readdir(path.join(dir, 'deliveries/w/2026-W10'))).toEqual(['sales.json']);
  });

  it('lets exactly one of two racing create-only puts win', async () => {
    // Act
    const outcomes = await Promise.allSettled([store.put('lock.json', 'a', { ifNoneMatch: true }), store.put('lock.json', 'b', { ifNoneMatch: true })]);

    // Assess
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('keeps the old object and leaves no temp file when a streamed write fails half-way', async () => {
    // Prepare
    await store.put('big/export.csv', 'old');
    const failing = new Readable({
      read() {
        this.push('partial new content');
        this.destroy(new Error('connection reset'));
      },
    });

    // Act
    const write = store.putStream('big/export.csv', failing);

    // Assess
    await expect(write).rejects.toThrow('connection reset');
    expect(text(await store.get('big/export.csv'))).toBe('old');
    expect(await readdir(path.join(dir, 'big'))).toEqual(['export.csv']);
  });

  it('streams an object back', async () => {
    // Prepare
    await store.putStream('landing/a.csv', Readable.from(['a,b\n', '1,2\n']));

    // Act
    const chunks: Buffer[] = [];
    for await (const chunk of await store.getStream('landing/a.csv')) chunks.push(chunk as Buffer);

    // Assess
    expect(Buffer.concat(chunks).toString()).toBe('a,b\n1,2\n');
  });

  it('rejects keys that would escape the root folder', async () => {
    // Act
    const escape = store.put('../outside.txt', 'x');

    // Assess
    await expect(escape).rejects.toBeInstanceOf(InvalidObjectKeyError);
  });

  it('deletes an object, and deleting a missing one is not an error', async () => {
    // Prepare
    await store.put('a.txt', 'x');

    // Act
    await store.delete('a.txt');
    await store.delete('a.txt');

    // Assess
    expect(await store.get('a.txt')).toBeUndefined();
  });
});
