import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_DATE, BENCH_SOURCE } from '../../bench/ingest-child.js';
import { bundleIngestChild, generateLifecycleExport, runIngestChild } from '../../bench/ingest-child-runs.js';

/** Every Parquet file of a lake folder, by key, as its SHA-256. */
const parquetFiles = async (lake: string): Promise<Record<string, string>> => {
  const files: Record<string, string> = {};
  for (const entry of await readdir(lake, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.parquet')) continue;
    const file = path.join(entry.parentPath, entry.name);
    files[path.relative(lake, file)] = createHash('sha256').update(await readFile(file)).digest('hex');
  }
  return files;
};

describe('ingest bundled as the Lambda runs it', () => {
  let dir: string;
  let landing: string;
  const ROWS = 16_000;
  const DAYS = 4;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'funnel-review-bundled-ingest-'));
    landing = path.join(dir, 'landing');
    // 4,000 rows a day: each day's file is merged in the encoder thread (from 2,000 rows).
    await generateLifecycleExport(path.join(landing, BENCH_SOURCE, BENCH_DATE, 'lifecycle_changes.csv'), ROWS, DAYS);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the lake the source code writes: with the encoder thread\'s own bundle, from the ingest bundle alone, and on two shard threads', async () => {
    // Prepare: the Lambda's layout (the encoder thread's bundle beside the ingest's), and the
    // ingest bundle alone, whose threads then run the bundle itself.
    const withEncoderBundle = await bundleIngestChild(path.join(dir, 'lambda'));
    const alone = await bundleIngestChild(path.join(dir, 'alone'), { encoderBundle: false });

    // Act
    const fromSource = await runIngestChild(undefined, { landing, lake: path.join(dir, 'lake-source') }, 1);
    const runs = [
      await runIngestChild(withEncoderBundle, { landing, lake: path.join(dir, 'lake-lambda') }, 1),
      await runIngestChild(alone, { landing, lake: path.join(dir, 'lake-alone') }, 1),
      await runIngestChild(withEncoderBundle, { landing, lake: path.join(dir, 'lake-shards') }, 2),
    ];

    // Assess: every row landed once, in the days the export spans, and every run's files are the
    // source run's, byte for byte (the event ids derived by the bundled WebAssembly included).
    expect(fromSource).toMatchObject({ rowsRead: ROWS, rowsWritten: ROWS, rowsRejected: 0, partitions: DAYS + 1 });
    const expected = await parquetFiles(path.join(dir, 'lake-source'));
    expect(Object.keys(expected)).toHaveLength(DAYS + 1);
    for (const [run, lake] of [
      [runs[0], 'lake-lambda'],
      [runs[1], 'lake-alone'],
      [runs[2], 'lake-shards'],
    ] as const) {
      expect(run, lake).toMatchObject({ rowsRead: ROWS, rowsWritten: ROWS, rowsRejected: 0, partitions: DAYS + 1 });
      expect(await parquetFiles(path.join(dir, lake)), lake).toEqual(expected);
    }
  });
});
