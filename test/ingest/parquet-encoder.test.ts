import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snappyUncompress } from 'hysnappy';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { LakeColumns } from '../../lambdas/ingest/lake-columns.js';
import { decodeParquet, decodeParquetColumns, encodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import { inThreadEncoder, threadedEncoder, type ParquetEncoder } from '../../lambdas/ingest/parquet-encoder.js';
import { mergePartition } from '../../lambdas/ingest/partition-rows.js';
import { eventRowIds } from '../../lambdas/ingest/event-ids.js';
import type { LakeRow } from '../../lambdas/ingest/row-mapper.js';
import { snappyInstance } from '../../lambdas/ingest/snappy-compressor.js';
import { ENCODER_THREAD_BUNDLE } from '../../lambdas/ingest/worker-bundles.js';
import { bundledWorkerScript } from '../../lambdas/ingest/worker-script.js';
import type { ObjectStore, PutOptions } from '../../lambdas/ports/object-store.js';
import { FUNNEL_EVENTS_TABLE, MARKETING_SPEND_TABLE } from '../../lambdas/schema/canonical-schema.js';

const STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won', 'lost'];

/** Event rows with what the thread boundary must carry intact: nulls, non-ASCII text, many distinct values. */
const eventRows = (count: number, offset = 0): LakeRow[] =>
  Array.from({ length: count }, (_, n) => {
    const i = n + offset;
    return {
      event_id: `${(i * 2_654_435_761) % 4_294_967_296}`.padStart(10, '0'),
      entity_id: i % 11 === 0 ? `Zoë-${i}` : `C-${i}`,
      entity_type: 'lead',
      stage: STAGES[i % STAGES.length] as string,
      occurred_at: Date.UTC(2026, 2, 4, 5) + i * 1000,
      source_team: 'marketing',
      channel: i % 5 === 0 ? null : 'paid_search',
      // More distinct values than a dictionary is sent for, some not ASCII.
      campaign: i % 3 === 0 ? `Campagne été ${i} 🚀` : `Campaign ${i}`,
      segment: 'SMB',
      region: i % 7 === 0 ? null : 'EMEA',
      owner: `Rep ${i % 25}`,
      amount: i % 4 === 0 ? null : i * 10.5,
      currency: i % 4 === 0 ? null : 'USD',
      reason: i % 6 === 5 ? 'Price' : null,
      source: 'crm_lifecycle',
    };
  });

/** A folder lake that counts the writes made through it, on this thread. */
class CountedFolder extends FolderObjectStore {
  writes = 0;

  override async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    this.writes += 1;
    await super.put(key, body, options);
  }

  override async delete(key: string): Promise<void> {
    this.writes += 1;
    await super.delete(key);
  }
}

/** `folder` as a lake no other thread can open (as an S3 client is): no address. */
const onlyThisThread = (folder: FolderObjectStore): ObjectStore => ({
  location: 's3://only-this-thread',
  get: (key) => folder.get(key),
  getStream: (key) => folder.getStream(key),
  put: (key, body, options) => folder.put(key, body, options),
  putStream: (key, body, options) => folder.putStream(key, body, options),
  list: (prefix) => folder.list(prefix),
  delete: (key) => folder.delete(key),
});

describe('partition files merged and encoded in the encoder thread', () => {
  let threaded: ParquetEncoder | undefined;
  const folders: string[] = [];
  const newFolder = (): string => {
    const folder = mkdtempSync(path.join(tmpdir(), 'funnel-review-encoder-'));
    folders.push(folder);
    return folder;
  };
  afterEach(async () => {
    await threaded?.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('writes a merged file into a folder lake itself, leaves an unchanged one alone and deletes an emptied one', async () => {
    // Prepare
    threaded = threadedEncoder({ minRows: 0 });
    const lake = new CountedFolder(newFolder());
    const key = 'funnel_events/dt=2026-03-04/crm_lifecycle.parquet';
    const file = path.join(lake.location, ...key.split('/'));
    const change = { table: FUNNEL_EVENTS_TABLE, source: 'crm_lifecycle', existing: undefined, upserts: LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(3_000)) };
    const expected = await inThreadEncoder().merge(change);

    // Act
    const written = await threaded.mergeInto(change, { lake, key });
    const existing = readFileSync(file);
    const before = statSync(file);
    const again = await threaded.mergeInto({ ...change, existing, upserts: LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(3_000)) }, { lake, key });
    const after = statSync(file);
    const ids = new Set(eventRows(3_000).map((row) => row.event_id as string));
    const emptied = await threaded.mergeInto({ ...change, existing, upserts: new LakeColumns(FUNNEL_EVENTS_TABLE), removals: ids }, { lake, key });

    // Assess: the thread wrote, not this one; the file is the one this thread would have made.
    expect(written).toEqual({ rows: 3_000, upserted: 3_000 });
    expect(existing.equals(Buffer.from(expected.bytes ?? []))).toBe(true);
    expect(again).toEqual({ rows: 3_000, upserted: 3_000 });
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(emptied).toEqual({ rows: 0, upserted: 0 });
    expect(await lake.get(key)).toBeUndefined();
    expect(lake.writes).toBe(0);
  });

  it('hands the merged file back for a lake only this thread can reach, and writes it here', async () => {
    // Prepare
    threaded = threadedEncoder({ minRows: 0 });
    const folder = new CountedFolder(newFolder());
    const key = 'funnel_events/dt=2026-03-04/crm_lifecycle.parquet';
    const change = { table: FUNNEL_EVENTS_TABLE, source: 'crm_lifecycle', existing: undefined, upserts: LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(3_000)) };

    // Act
    const written = await threaded.mergeInto(change, { lake: onlyThisThread(folder), key });

    // Assess
    expect(written).toEqual({ rows: 3_000, upserted: 3_000 });
    expect(folder.writes).toBe(1);
    expect(Buffer.from((await folder.get(key)) ?? []).equals(Buffer.from((await inThreadEncoder().merge(change)).bytes ?? [1]))).toBe(true);
  });

  it('encodes the same bytes as this thread', async () => {
    // Prepare
    threaded = threadedEncoder({ minRows: 0 });
    const rows = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(5_000));

    // Act
    const bytes = await threaded.encode(rows);

    // Assess
    expect(Buffer.from(bytes).equals(Buffer.from(encodeParquet(rows)))).toBe(true);
    expect(await decodeParquet(FUNNEL_EVENTS_TABLE, bytes)).toEqual(eventRows(5_000));
  });

  it('merges a change into an existing file as this thread does: later rows win, removals go, re-sent rows count once', async () => {
    // Prepare
    threaded = threadedEncoder({ minRows: 0 });
    const existing = encodeParquet(LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(300)));
    const resent = eventRows(200, 250).map((row) => ({ ...row, owner: 'Rep moved' }));
    // Rows from a source without ids get theirs where they are merged.
    const unnamed = eventRows(3, 1_000).map((row): LakeRow => ({ ...row, event_id: null }));
    const change = {
      table: FUNNEL_EVENTS_TABLE,
      source: 'crm_lifecycle',
      existing,
      upserts: LakeColumns.of(FUNNEL_EVENTS_TABLE, [...resent, ...unnamed, ...resent, ...unnamed]),
      removals: new Set([eventRows(1, 7)[0]?.event_id as string]),
    };

    // Act
    const merged = await threaded.merge(change);

    // Assess
    const expected = await inThreadEncoder().merge(change);
    expect(merged).toMatchObject({ rows: 452, upserted: 203, unchanged: false });
    expect(Buffer.from(merged.bytes ?? []).equals(Buffer.from(expected.bytes ?? [1]))).toBe(true);
    const decoded = await decodeParquet(FUNNEL_EVENTS_TABLE, merged.bytes ?? new Uint8Array());
    expect(decoded.filter((row) => row.owner === 'Rep moved')).toHaveLength(200);
    expect(decoded.map((row) => row.event_id)).toEqual(decoded.map((row) => row.event_id).sort());
    const derived = eventRowIds('crm_lifecycle', unnamed.map((row) => row.entity_id), unnamed.map((row) => row.stage), unnamed.map((row) => row.occurred_at), unnamed.map((_, i) => i));
    expect(decoded.filter((row) => derived.includes(row.event_id as string))).toHaveLength(3);
  });

  it('reports a merge that changes nothing as unchanged, and one that leaves no row as no file', async () => {
    // Prepare
    threaded = threadedEncoder({ minRows: 0 });
    const spend: LakeRow[] = [{ event_id: 'a', date: 20_516, channel: 'email', campaign: null, amount: 12.5, currency: 'USD', source: 'ad_spend' }];
    const existing = encodeParquet(LakeColumns.of(MARKETING_SPEND_TABLE, spend));

    // Act
    const again = await threaded.merge({ table: MARKETING_SPEND_TABLE, source: 'ad_spend', existing, upserts: LakeColumns.of(MARKETING_SPEND_TABLE, spend) });
    const emptied = await threaded.merge({ table: MARKETING_SPEND_TABLE, source: 'ad_spend', existing, upserts: new LakeColumns(MARKETING_SPEND_TABLE), removals: new Set(['a']) });

    // Assess
    expect(again).toMatchObject({ unchanged: true, rows: 1, upserted: 1 });
    expect(emptied).toEqual({ bytes: undefined, unchanged: false, rows: 0, upserted: 0 });
    expect(await mergePartition({ table: MARKETING_SPEND_TABLE, source: 'ad_spend', existing, upserts: new LakeColumns(MARKETING_SPEND_TABLE), removals: new Set(['a']) })).toEqual(emptied);
  });
});

describe('a partition file', () => {
  it('has the same bytes whatever was encoded before it', () => {
    // Prepare
    const rows = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(4_000));
    const first = Buffer.from(encodeParquet(rows));

    // Act: the same rows again after other files of many sizes, as a run writes them.
    const again: Buffer[] = [];
    for (let n = 0; n < 30; n++) {
      encodeParquet(LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(500 + n * 331, n * 7_919)));
      again.push(Buffer.from(encodeParquet(rows)));
    }

    // Assess
    expect(again.filter((bytes) => !bytes.equals(first))).toHaveLength(0);
  });

  it('reads back column by column as the rows it was written from, over several row groups; a column the file lacks reads as null', async () => {
    // Prepare: three row groups of rows with nulls in every kind of column, and a file written before `reason` existed.
    const rows = LakeColumns.of(FUNNEL_EVENTS_TABLE, eventRows(25_000));
    const older = { ...FUNNEL_EVENTS_TABLE, columns: FUNNEL_EVENTS_TABLE.columns.filter((c) => c.name !== 'reason') };
    const olderRows = LakeColumns.of(older, eventRows(300));

    // Act
    const decoded = await decodeParquetColumns(FUNNEL_EVENTS_TABLE, encodeParquet(rows));
    const decodedOlder = await decodeParquetColumns(FUNNEL_EVENTS_TABLE, encodeParquet(olderRows));

    // Assess: the same cells as written, and as the row reader gives them.
    expect(decoded.length).toBe(25_000);
    expect(decoded.columns).toEqual(rows.columns);
    expect(decoded.columns).toEqual(LakeColumns.of(FUNNEL_EVENTS_TABLE, await decodeParquet(FUNNEL_EVENTS_TABLE, encodeParquet(rows))).columns);
    expect(decodedOlder.column('reason').every((value) => value === null)).toBe(true);
    expect(decodedOlder.column('stage')).toEqual(olderRows.column('stage'));
  });

  it('starts each file from a fresh Snappy table: reset, an instance compresses as a new one; used, it now and then does not', () => {
    // Prepare: pages of a few sizes and alphabets, from a seeded generator.
    let seed = 7;
    const next = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) >>> 16) & 255;
    const pages = Array.from({ length: 300 }, () => {
      const length = 100 + ((next() * 37) % 9_000);
      const alphabet = 2 + (next() % 60);
      return Uint8Array.from({ length }, () => 48 + (next() % alphabet));
    });
    const used = snappyInstance();
    const reset = snappyInstance();

    // Act
    const fresh = pages.map((page) => Buffer.from(snappyInstance().compress(page)));
    const afterOthers = pages.map((page) => Buffer.from(used.compress(page)));
    const afterReset = pages.map((page) => {
      reset.reset();
      return Buffer.from(reset.compress(page));
    });

    // Assess: the kept table changes a page's bytes now and then (valid Snappy still); a reset never.
    expect(afterOthers.filter((bytes, i) => !bytes.equals(fresh[i] as Buffer)).length).toBeGreaterThan(0);
    expect(afterReset.filter((bytes, i) => !bytes.equals(fresh[i] as Buffer))).toHaveLength(0);
    afterOthers.forEach((bytes, i) => expect(Buffer.from(snappyUncompress(bytes, (pages[i] as Uint8Array).length)).equals(Buffer.from(pages[i] as Uint8Array))).toBe(true));
  });
});

describe('the encoder thread\'s script in a bundle', () => {
  it('is its own bundle next to the ingest bundle when there is one, else the ingest bundle itself', () => {
    // Prepare
    const bundle = new URL('file:///var/task/index.mjs');

    // Act, Assess
    expect(bundledWorkerScript(bundle, ENCODER_THREAD_BUNDLE, () => true).href).toBe('file:///var/task/encoder-thread.mjs');
    expect(bundledWorkerScript(bundle, ENCODER_THREAD_BUNDLE, () => false)).toBe(bundle);
    expect(bundledWorkerScript(bundle, undefined, () => true)).toBe(bundle);
  });
});
