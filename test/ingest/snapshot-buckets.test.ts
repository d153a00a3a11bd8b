import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIngest, type IngestRunResult } from '../../lambdas/ingest/run-ingest.js';
import type { ObjectStore } from '../../lambdas/ports/object-store.js';
import { SnapshotIndex, snapshotIndexBucketsKey, snapshotIndexKey } from '../../lambdas/ingest/snapshot-index.js';
import { snapshotBucketsFor, SpillFiles } from '../../lambdas/ingest/snapshot-spill.js';
import { configWithSources, lakeFiles, NOW, tempStores, type Stores } from './ingest-fixtures.js';

const config = configWithSources({ hubspot: { preset: 'hubspot-contacts' } });
const HEADER =
  'Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Lead Source Team,Original Source,First Conversion,Segment,Country/Region,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date';
const DATES = ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07'];

/**
 * The nightly contacts export of landing date `night` (0–3): more contacts each night, some stage
 * dates moving, some customers reverting (their Customer date cleared), one row per contact
 * repeated with newer values further down (the later row wins), and an unparseable second file.
 */
const contactsExport = (night: number): string => {
  const lines = [HEADER];
  const day = (d: number, hour: number): string => `2026-0${d > 28 ? 3 : 2}-${String(d > 28 ? d - 28 : d).padStart(2, '0')} ${String(hour).padStart(2, '0')}:15`;
  for (let i = 0; i < 120 + night * 15; i++) {
    const start = 1 + (i % 20);
    const moved = i % 7 === night ? 2 : 0;
    const stages = [day(start, i % 24), day(start + 1, 9), i % 3 ? day(start + 3 + moved, 10) : '', i % 4 ? '' : day(start + 5, 11), i % 5 === 0 && !(night >= 2 && i % 10 === 0) ? day(start + 6 + moved, 12) : ''];
    lines.push(`${5000 + i},Ann,Lee,c${i}@example.com,,Rep ${i % 4},${i % 2 ? 'marketing' : 'sales'},Paid Search,Campaign ${i % 3},SMB,Germany,${stages.join(',')}`);
  }
  // The same contact again, later in the file: this row wins.
  lines.push(`5003,Ann,Lee,c3@example.com,,Rep 9,sales,Email Marketing,Campaign 9,SMB,Germany,${day(10, 8)},,,,`);
  return `${lines.join('\n')}\n`;
};

const land = async (stores: Stores): Promise<void> => {
  for (const [night, date] of DATES.entries()) {
    await stores.landing.put(`hubspot/${date}/contacts.csv`, contactsExport(night));
  }
  // A second file, read after the first, that breaks off in a quote: none of its rows may land.
  await stores.landing.put(`hubspot/${DATES[1]}/more-contacts.csv`, `${HEADER}\n9001,Al,Bo,a@example.com,,Rep 1,sales,Paid Search,x,SMB,Germany,2026-02-10 10:00,,,,\n9002,"unclosed\n`);
};

/** The lake without the index files (stored in another layout when bucketed), and the index itself. */
const lakeState = async (stores: Stores): Promise<{ files: Map<string, Buffer>; index: string }> => {
  const files = await lakeFiles(stores);
  for (const key of [...files.keys()]) if (key.startsWith('state/')) files.delete(key);
  return { files, index: (await SnapshotIndex.load(stores.lake, 'hubspot')).toJson() };
};

/** Bytes of each night's landing files. */
const exportSizes = (stores: Stores): Promise<number[]> =>
  Promise.all(DATES.map(async (date) => (await stores.landing.list(`hubspot/${date}/`)).reduce((bytes, o) => bytes + o.size, 0)));

const run = (stores: Stores, dates: string[], snapshotBytesPerBucket?: number): Promise<IngestRunResult> =>
  runIngest({ config, landing: stores.landing, lake: stores.lake, dates, runId: 'run-1', now: NOW, snapshotBytesPerBucket });

const counts = (result: IngestRunResult) =>
  result.dates.map((d) => d.sources.map(({ source, status, rowsRead, rowsWritten, rowsRejected, staleEntities, partitions }) => ({ source, status, rowsRead, rowsWritten, rowsRejected, staleEntities, partitions })));

describe('a large snapshot export, diffed a bucket of entities at a time', () => {
  let inMemory: Stores;
  let bucketed: Stores;
  beforeEach(async () => {
    inMemory = await tempStores();
    bucketed = await tempStores();
    await land(inMemory);
    await land(bucketed);
  });
  afterEach(async () => {
    await inMemory.cleanup();
    await bucketed.cleanup();
  });

  it('writes the lake and the index the in-memory diff writes, date by date, as the bucket count changes', async () => {
    // Prepare: the nights' exports are 16–23 KB: in memory, then 32 buckets, 8, in memory again;
    // an older night again in 16.
    const perBucket = [undefined, 1_000, 4_000, undefined];
    expect((await exportSizes(bucketed)).map((bytes, night) => snapshotBucketsFor(bytes, perBucket[night]))).toEqual([1, 32, 8, 1]);
    const spillsBefore = (await readdir(tmpdir())).filter((name) => name.startsWith('funnel-review-spill-')).length;

    // Act: each date alone, then an older date again (its entities are stale).
    const want: IngestRunResult[] = [];
    const got: IngestRunResult[] = [];
    for (const [night, date] of DATES.entries()) {
      want.push(await run(inMemory, [date]));
      got.push(await run(bucketed, [date], perBucket[night]));
      // Assess
      expect(await lakeState(bucketed)).toEqual(await lakeState(inMemory));
    }
    want.push(await run(inMemory, [DATES[1] as string]));
    got.push(await run(bucketed, [DATES[1] as string], 2_000));

    // Assess
    expect(counts(got[4] as IngestRunResult)[0]?.[0]?.staleEntities).toBeGreaterThan(0);
    expect(got.map(counts)).toEqual(want.map(counts));
    expect(await lakeState(bucketed)).toEqual(await lakeState(inMemory));
    expect(await bucketed.lake.get(snapshotIndexBucketsKey('hubspot'))).toBeDefined();
    expect(await bucketed.lake.get(snapshotIndexKey('hubspot'))).toBeUndefined();
    expect((await readdir(tmpdir())).filter((name) => name.startsWith('funnel-review-spill-'))).toHaveLength(spillsBefore);
  });

  it('matches the in-memory diff within a run over several dates, and the index returns to one file when exports shrink', async () => {
    // Prepare: the first two nights' exports are under 19.5 KB (diffed in memory, held in the run's
    // cache), the last two over it (two buckets: the run writes what it holds for the source first).
    expect((await exportSizes(bucketed)).map((bytes) => snapshotBucketsFor(bytes, 19_500))).toEqual([1, 1, 2, 2]);

    // Act
    const want = await run(inMemory, DATES);
    const got = await run(bucketed, DATES, 19_500);

    // Assess
    expect(counts(got)).toEqual(counts(want));
    expect(await lakeState(bucketed)).toEqual(await lakeState(inMemory));
    expect(await bucketed.lake.get(snapshotIndexBucketsKey('hubspot'))).toBeDefined();

    // Act: the first night again, small enough to diff in memory (its entities are stale now).
    const again = await run(bucketed, [DATES[0] as string]);

    // Assess: the index is one file again, and still the same.
    expect(counts(again)[0]?.[0]?.staleEntities).toBeGreaterThan(0);
    expect((await lakeState(bucketed)).index).toEqual((await lakeState(inMemory)).index);
    expect(await bucketed.lake.get(snapshotIndexBucketsKey('hubspot'))).toBeUndefined();
    expect(await bucketed.lake.get(snapshotIndexKey('hubspot'))).toBeDefined();
  });

  it("reports the source failed on every date of the run when what the run held cannot be written before a bucketed date", async () => {
    // Prepare: a lake that refuses the source's partition files (the first two nights are held in the run until then).
    const refusing: ObjectStore = {
      location: bucketed.lake.location,
      get: (key) => bucketed.lake.get(key),
      getStream: (key) => bucketed.lake.getStream(key),
      put: async (key, body, options) => {
        if (key.endsWith('/hubspot.parquet')) throw new Error(`lake refused ${key}`);
        return bucketed.lake.put(key, body, options);
      },
      putStream: (key, body, options) => bucketed.lake.putStream(key, body, options),
      list: (prefix) => bucketed.lake.list(prefix),
      delete: (key) => bucketed.lake.delete(key),
    };

    // Act
    const result = await runIngest({ config, landing: bucketed.landing, lake: refusing, dates: DATES, runId: 'run-1', now: NOW, snapshotBytesPerBucket: 19_500 });

    // Assess
    expect(result.dates.map((d) => d.sources.map((r) => r.status))).toEqual(DATES.map(() => ['failed']));
    expect(result.dates[0]?.sources[0]?.error).toMatch(/lake refused funnel_events\/dt=\d{4}-\d{2}-\d{2}\/hubspot\.parquet/);
    expect(await bucketed.lake.get(snapshotIndexKey('hubspot'))).toBeUndefined();
    expect(await bucketed.lake.get(snapshotIndexBucketsKey('hubspot'))).toBeUndefined();
  });
});

describe('spill files', () => {
  it('give back every line as appended: non-ASCII, longer than a buffer or written as it comes, across flushes and files', async () => {
    // Prepare: a 100 KB buffer, lines of every size up to 270 KB (past the 64 KB first buffer) and
    // a few of 800 KB (written as they come, between buffered ones), two files.
    const spill = new SpillFiles(100_000);
    const expected = new Map<string, string[]>([['rows-a', []], ['rows-b', []]]);
    try {
      for (let i = 0; i < 400; i++) {
        const name = i % 3 === 0 ? 'rows-b' : 'rows-a';
        const line = i % 97 === 0 ? `${i}\t${'é'.repeat(400_000)}` : `${i}\t${'Zoë – 東京 '.repeat(i % 7 === 0 ? 9_000 : i % 50)}`;
        spill.append(name, line);
        expected.get(name)?.push(line);
      }

      // Act
      const read = new Map<string, string[]>();
      for (const name of ['rows-a', 'rows-b']) {
        const lines: string[] = [];
        for await (const line of spill.lines(name)) lines.push(line);
        read.set(name, lines);
      }

      // Assess
      expect(spill.names('rows-')).toEqual(['a', 'b']);
      expect(read).toEqual(expected);
    } finally {
      spill.remove();
    }
  });

  it('take back what was appended since the last commit, on disk or still buffered', async () => {
    // Prepare: a 10-character buffer, so most lines reach the disk at once.
    const spill = new SpillFiles(10);
    const linesOf = async (name: string): Promise<string[]> => {
      const lines: string[] = [];
      for await (const line of spill.lines(name)) lines.push(line);
      return lines;
    };
    try {
      spill.append('entities-0', 'kept one');
      spill.append('entities-1', 'kept two');
      spill.commit();
      spill.append('entities-0', 'dropped, on disk');
      spill.append('entities-2', 'dropped, a new file');
      spill.append('entities-1', 'short');

      // Act
      spill.rollback();
      spill.append('entities-1', 'kept three');

      // Assess
      expect(spill.names('entities-')).toEqual(['0', '1']);
      expect(await linesOf('entities-0')).toEqual(['kept one']);
      expect(await linesOf('entities-1')).toEqual(['kept two', 'kept three']);
      expect(await linesOf('entities-2')).toEqual([]);
    } finally {
      spill.remove();
    }
  });
});
