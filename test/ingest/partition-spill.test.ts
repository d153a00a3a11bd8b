import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LakeColumns } from '../../lambdas/ingest/lake-columns.js';
import { encodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import { inThreadEncoder, threadedEncoder } from '../../lambdas/ingest/parquet-encoder.js';
import { mergePartition } from '../../lambdas/ingest/partition-rows.js';
import { mergeSpilled, writeRun } from '../../lambdas/ingest/partition-spill.js';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import type { LakeRow } from '../../lambdas/ingest/row-mapper.js';
import type { ObjectStore } from '../../lambdas/ports/object-store.js';
import { FUNNEL_EVENTS_TABLE } from '../../lambdas/schema/canonical-schema.js';
import { busyDayExport as dayExport, configWithSources, lakeFiles, NOW, partitionRows, sampleSources, sourceResult, tempStores, type Stores } from './ingest-fixtures.js';

const STAGES = ['lead', 'mql', 'sql', 'opportunity', 'won', 'lost'];

/** Event rows of entity `C-<i>`, ids given (null: derived), a version tag in `owner` to tell which copy won. */
const rows = (ids: readonly (number | null)[], version: string, entityOffset = 0): LakeColumns =>
  LakeColumns.of(
    FUNNEL_EVENTS_TABLE,
    ids.map((id, n): LakeRow => {
      const i = n + entityOffset;
      return {
        event_id: id === null ? null : `ev-${String(id).padStart(6, '0')}`,
        entity_id: i % 13 === 0 ? `Zoë-${i}` : `C-${i}`,
        entity_type: 'lead',
        stage: STAGES[i % STAGES.length] as string,
        occurred_at: Date.UTC(2026, 2, 4, 5) + i * 1000,
        source_team: 'marketing',
        channel: i % 5 === 0 ? null : 'paid_search',
        campaign: `Campaign ${i % 40}`,
        segment: 'SMB',
        region: i % 7 === 0 ? null : 'EMEA',
        owner: version,
        amount: i % 4 === 0 ? null : i * 10.5,
        currency: i % 4 === 0 ? null : 'USD',
        reason: null,
        source: 'crm_lifecycle',
      };
    }),
  );

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('a partition merged from runs on local disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'spill-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The change as mergePartition sees it (every row in memory, in arrival order) and as runs. */
  const scenario = async () => {
    // The lake file: ids 0-24,999 (three row groups). The change: three slices that overlap the
    // file and each other, repeat ids within a slice, and leave some ids to be derived.
    const existing = encodeParquet(rows(range(0, 25_000), 'lake'));
    const slices = [
      rows([...range(20_000, 30_000), 20_500, 29_999], 'first'),
      rows([...range(28_000, 33_000), null, null], 'second', 40_000),
      rows([...range(24_000, 24_010), 1, null], 'last', 50_000),
    ];
    const existingPath = path.join(dir, 'lake.parquet');
    await writeFile(existingPath, existing);
    const runs = [path.join(dir, 'run-1.parquet'), path.join(dir, 'run-2.parquet')];
    const runRows = slices.slice(0, 2).map((slice, r) => writeRun(slice, 'crm_lifecycle', runs[r] as string));
    const all = (slices[0] as LakeColumns).concat(slices[1] as LakeColumns).concat(slices[2] as LakeColumns);
    return { existing, existingPath, runs, runRows, last: slices[2] as LakeColumns, all };
  };

  it('writes the same file, rows and count as merging every row in memory', async () => {
    // Prepare
    const { existing, existingPath, runs, runRows, last, all } = await scenario();
    const removals = new Set(['ev-000002', 'ev-000001', 'ev-000003']);
    const outPath = path.join(dir, 'merged.parquet');

    // Act
    const spilled = await mergeSpilled({ table: FUNNEL_EVENTS_TABLE, source: 'crm_lifecycle', existingPath, runs, upserts: last, removals, outPath });
    const inMemory = await mergePartition({ table: FUNNEL_EVENTS_TABLE, source: 'crm_lifecycle', existing, upserts: all, removals });

    // Assess: a run holds each id once; 33,003 ids in all, 13,004 of them in the change, 2 removed
    // (ev-000001 comes back with the last rows).
    expect(runRows).toEqual([10_000, 5_002]);
    expect(spilled).toEqual({ rows: 33_003 - 2, upserted: 13_004 });
    expect(spilled).toEqual({ rows: inMemory.rows, upserted: inMemory.upserted });
    expect(Buffer.from(await readFile(outPath)).equals(Buffer.from(inMemory.bytes as Uint8Array))).toBe(true);
  });

  it('gives the same file through the encoder thread, and leaves no rows when all are removed', async () => {
    // Prepare
    const { existingPath, runs, last } = await scenario();
    const encoder = threadedEncoder({ minRows: 1 });
    const inThread = path.join(dir, 'in-thread.parquet');
    const threaded = path.join(dir, 'threaded.parquet');
    const onlyFile = path.join(dir, 'only.parquet');
    await writeFile(onlyFile, encodeParquet(rows([7, 8], 'lake')));

    // Act
    try {
      await inThreadEncoder().mergeSpilled({ table: FUNNEL_EVENTS_TABLE, source: 'crm_lifecycle', existingPath, runs, upserts: last, outPath: inThread });
      await encoder.mergeSpilled({ table: FUNNEL_EVENTS_TABLE, source: 'crm_lifecycle', existingPath, runs, upserts: last, outPath: threaded });
      const emptied = await encoder.mergeSpilled({
        table: FUNNEL_EVENTS_TABLE,
        source: 'crm_lifecycle',
        existingPath: onlyFile,
        runs: [],
        upserts: new LakeColumns(FUNNEL_EVENTS_TABLE),
        removals: new Set(['ev-000007', 'ev-000008']),
        outPath: path.join(dir, 'emptied.parquet'),
      });

      // Assess
      expect((await readFile(threaded)).equals(await readFile(inThread))).toBe(true);
      expect(emptied).toEqual({ rows: 0, upserted: 0 });
    } finally {
      await encoder.close();
    }
  });

  it('refuses a lake file that is not sorted by event_id, naming it', async () => {
    // Prepare: a file written in arrival order, not by this ingest's merge.
    const unsorted = path.join(dir, 'unsorted.parquet');
    await writeFile(unsorted, encodeParquet(rows([5, 3, 9], 'lake')));

    // Act
    const merging = mergeSpilled({
      table: FUNNEL_EVENTS_TABLE,
      source: 'crm_lifecycle',
      existingPath: unsorted,
      existingName: 'funnel_events/dt=2026-03-04/crm_lifecycle.parquet',
      runs: [],
      upserts: rows([1], 'new'),
      outPath: path.join(dir, 'out.parquet'),
    });

    // Assess
    await expect(merging).rejects.toThrow(
      'funnel_events/dt=2026-03-04/crm_lifecycle.parquet is not sorted by event_id with each id once ("ev-000005" then "ev-000003"): it was not written by this ingest',
    );
  });
});

describe('a very busy day', () => {
  const config = configWithSources(sampleSources('crm_lifecycle'));
  let spilled: Stores;
  let inMemory: Stores;
  beforeEach(async () => {
    spilled = await tempStores();
    inMemory = await tempStores();
  });
  afterEach(async () => {
    await spilled.cleanup();
    await inMemory.cleanup();
  });

  const KEY = 'crm_lifecycle/2026-03-04/changes.csv';
  /** The landing store read 8 KB at a time: the memory budget is checked between chunks, as on a large export. */
  const inSmallChunks = (store: ObjectStore): ObjectStore =>
    Object.assign(Object.create(store) as ObjectStore, {
      getStream: async (key: string): Promise<Readable> => {
        const bytes = Buffer.concat(await (await store.getStream(key)).toArray());
        return Readable.from(Array.from({ length: Math.ceil(bytes.length / 8_192) }, (_, i) => bytes.subarray(i * 8_192, (i + 1) * 8_192)));
      },
    });
  const ingestDay = (stores: Stores, flushRowLimit: number) =>
    runIngest({ config, landing: inSmallChunks(stores.landing), lake: stores.lake, dates: ['2026-03-04'], runId: 'r', now: NOW, flushRowLimit });

  it('is spilled in sorted runs under a small memory budget and lands as the same file, each event counted once', async () => {
    // Prepare: 1,400 rows of one day (1,200 distinct events) against a 100-row budget.
    const csv = dayExport(1_400);
    await spilled.landing.put(KEY, csv);
    await inMemory.landing.put(KEY, csv);

    // Act
    const small = sourceResult(await ingestDay(spilled, 100), '2026-03-04', 'crm_lifecycle');
    const large = sourceResult(await ingestDay(inMemory, 100_000), '2026-03-04', 'crm_lifecycle');

    // Assess
    expect(small).toMatchObject({ status: 'ok', rowsRead: 1_400, rowsWritten: 1_200, partitions: ['2026-03-04'] });
    expect(large).toMatchObject({ rowsWritten: 1_200 });
    expect((await partitionRows(spilled, 'funnel_events', '2026-03-04', 'crm_lifecycle')).length).toBe(1_200);
    const lakeOf = async (stores: Stores): Promise<Map<string, Buffer>> => new Map([...(await lakeFiles(stores))].filter(([key]) => key.endsWith('.parquet')));
    expect(await lakeOf(spilled)).toEqual(await lakeOf(inMemory));
  });

  it('merges the days a time-sorted export is done with while reading on, a late row for one of them merged in again', async () => {
    // Prepare: 40 days of 60 changes each, oldest first, then 5 late rows for the first day.
    const header = 'Contact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason';
    const line = (n: number, at: number): string =>
      `C-${n},person${n}@example.com,Ann,Lee,,Lead,${new Date(at).toISOString().slice(0, 19)}Z,Marketing,Email,,SMB,EMEA,Rep ${n % 5},`;
    const lines = Array.from({ length: 2_400 }, (_, i) => line(i, Date.UTC(2026, 0, 1, 12) + Math.floor(i / 60) * 86_400_000 + (i % 60) * 1000));
    for (let i = 0; i < 5; i++) lines.push(line(10_000 + i, Date.UTC(2026, 0, 1, 13) + i * 1000));
    const csv = `${header}\r\n${lines.join('\r\n')}\r\n`;
    await spilled.landing.put(KEY, csv);
    await inMemory.landing.put(KEY, csv);
    // When each day file is written, counted in chunks read so far; each chunk arrives a turn of the
    // event loop later, as from a disk or the network (writes in flight go on meanwhile).
    let chunksRead = 0;
    const chunkCounting = (store: ObjectStore): ObjectStore =>
      Object.assign(Object.create(store) as ObjectStore, {
        getStream: async (key: string): Promise<Readable> =>
          Readable.from(
            (async function* () {
              for await (const chunk of await store.getStream(key)) {
                await new Promise((resolve) => setTimeout(resolve, 1));
                chunksRead += 1;
                yield chunk as Buffer;
              }
            })(),
          ),
      });
    const writtenAt = new Map<string, number[]>();
    const written = (key: string): void => void (key.endsWith('.parquet') && writtenAt.set(key, [...(writtenAt.get(key) ?? []), chunksRead]));
    const lake = Object.assign(Object.create(spilled.lake) as ObjectStore, {
      put: (key: string, body: Uint8Array | string, options?: Parameters<ObjectStore['put']>[2]) => (written(key), spilled.lake.put(key, body, options)),
      putStream: (key: string, body: Readable, options?: Parameters<ObjectStore['put']>[2]) => (written(key), spilled.lake.putStream(key, body, options)),
    });

    // Act: a 1,000-row budget (a day's 60 rows are merged, not spilled, when flushed early), read
    // 8 KB at a time; the other lake holds the whole file.
    const small = sourceResult(
      await runIngest({ config, landing: chunkCounting(inSmallChunks(spilled.landing)), lake, dates: ['2026-03-04'], runId: 'r', now: NOW, flushRowLimit: 1_000 }),
      '2026-03-04',
      'crm_lifecycle',
    );
    const large = sourceResult(await ingestDay(inMemory, 100_000), '2026-03-04', 'crm_lifecycle');

    // Assess: the same lake and counts; days written before the last chunk, the first day twice.
    expect(small).toMatchObject({ status: 'ok', rowsRead: 2_405, rowsWritten: 2_405 });
    expect(large).toMatchObject({ rowsWritten: 2_405 });
    const lakeOf = async (stores: Stores): Promise<Map<string, Buffer>> => new Map([...(await lakeFiles(stores))].filter(([key]) => key.endsWith('.parquet')));
    expect(await lakeOf(spilled)).toEqual(await lakeOf(inMemory));
    const firstDay = 'funnel_events/dt=2026-01-01/crm_lifecycle.parquet';
    expect(writtenAt.get(firstDay)).toHaveLength(2);
    expect((writtenAt.get(firstDay) as number[])[0]).toBeLessThan(chunksRead);
    expect([...writtenAt.values()].filter((at) => (at[0] as number) < chunksRead).length).toBeGreaterThan(30);
  });

  it('takes a later change to its large file a row group at a time, with the result of merging in memory', async () => {
    // Prepare: the busy day is in both lakes; then a re-sent export that moves some events' stage.
    const first = dayExport(1_400);
    for (const stores of [spilled, inMemory]) {
      await stores.landing.put(KEY, first);
      await ingestDay(stores, 100_000);
    }
    const later = dayExport(300, 'MQL');
    for (const stores of [spilled, inMemory]) await stores.landing.put('crm_lifecycle/2026-03-04/later.csv', later);

    // Act: a 10-row budget makes the day's file (1,200 rows) large; the other lake merges in memory.
    const small = sourceResult(await ingestDay(spilled, 10), '2026-03-04', 'crm_lifecycle');
    const large = sourceResult(await ingestDay(inMemory, 100_000), '2026-03-04', 'crm_lifecycle');

    // Assess: the re-sent file's events count once more, the new MQL events are added.
    expect(small).toMatchObject({ status: 'ok', rowsWritten: large.rowsWritten });
    const rowsOf = async (stores: Stores) => partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_lifecycle');
    expect((await rowsOf(spilled)).filter((r) => r.stage === 'mql')).toHaveLength(258);
    expect(await rowsOf(spilled)).toEqual(await rowsOf(inMemory));
  });
});
