import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIngest, type IngestRunResult } from '../../lambdas/ingest/run-ingest.js';
import { configWithSources, exampleFile, lakeFiles, NOW, sampleSources, tempStores, type Stores } from './ingest-fixtures.js';

const DATES = ['2026-03-04', '2026-03-05', '2026-03-06'];
const config = configWithSources(sampleSources('crm_lifecycle', 'crm_opportunities', 'ad_spend'));
const HEADER = 'Contact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason';
const STAGES = ['Lead', 'Marketing Qualified Lead', 'Sales Qualified Lead', 'Opportunity', 'Customer'];

/**
 * A month of lifecycle changes, with rows of every kind a worker must agree on: good rows over
 * 30 days, bad timestamps (no day to place them by), bad rows that do have a day, a re-sent row.
 */
const lifecycleExport = (date: string): string => {
  const lines = [HEADER];
  for (let i = 0; i < 600; i++) {
    const day = String(1 + (i % 30)).padStart(2, '0');
    const at = `2026-02-${day === '29' || day === '30' ? '28' : day}T${String(i % 24).padStart(2, '0')}:15:00Z`;
    lines.push(`C-${1000 + Math.floor(i / 3)},p${i}@example.com,Ann,Lee,,${STAGES[i % STAGES.length]},${at},Marketing,Paid Search,"Spring, US",SMB,EMEA,Dana,`);
    if (i % 97 === 0) lines.push(`C-${2000 + i},x@example.com,X,Y,,Lead,not-a-date,Sales,Email,,SMB,EMEA,Dana,`);
    if (i % 89 === 0) lines.push(`C-${3000 + i},x@example.com,X,Y,,Champion,${at},Sales,Email,,SMB,EMEA,Dana,`);
    if (i % 83 === 0) lines.push(`,x@example.com,X,Y,,Lead,${at},Sales,Email,,SMB,EMEA,Dana,`);
  }
  lines.push(lines[5] as string);
  // The last landing date's export also moves on to March.
  if (date === DATES[2]) lines.push(`C-9999,z@example.com,Z,Z,,Lead,2026-03-05T10:00:00Z,Sales,Email,,SMB,EMEA,Dana,`);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
};

const landExports = async (stores: Stores): Promise<void> => {
  for (const date of DATES) {
    await stores.landing.put(`crm_lifecycle/${date}/lifecycle_changes.csv`, lifecycleExport(date));
    await stores.landing.put(`crm_opportunities/${date}/opportunities.csv`, await exampleFile('salesforce-opportunities.csv'));
    await stores.landing.put(`ad_spend/${date}/spend.csv`, await exampleFile('ad-spend.csv'));
  }
  // One file that cannot be parsed at all: every thread must quarantine it the same way.
  await stores.landing.put(`crm_lifecycle/${DATES[1]}/broken.csv`, `${HEADER}\r\nC-1,"unclosed,Ann\r\n`);
};

/** Two lakes over the same landed exports, fresh for each test: a reference run and the run under test. */
const landedPair = (): { readonly reference: () => Stores; readonly tested: () => Stores } => {
  let pair: Stores[] = [];
  beforeEach(async () => {
    pair = [await tempStores(), await tempStores()];
    for (const stores of pair) await landExports(stores);
  });
  afterEach(async () => {
    for (const stores of pair) await stores.cleanup();
  });
  return { reference: () => pair[0] as Stores, tested: () => pair[1] as Stores };
};

const expectSameLake = async (expected: Stores, actual: Stores): Promise<void> => {
  const want = await lakeFiles(expected);
  const got = await lakeFiles(actual);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [key, bytes] of want) expect(got.get(key)?.toString('base64'), key).toBe(bytes.toString('base64'));
};

describe('ingest on several worker threads', () => {
  const stores = landedPair();

  it.each([
    ['two threads, all dates in one run', 2, DATES, undefined],
    ['three threads, a 50-row memory budget', 3, DATES, 50],
    ['two threads, one date', 2, [DATES[1] as string], undefined],
  ])('writes the same lake, quarantine, manifests and counts as one thread (%s)', async (_, threads, dates, flushRowLimit) => {
    // Prepare
    const run = (stores: Stores, count: number): Promise<IngestRunResult> =>
      runIngest({ config, landing: stores.landing, lake: stores.lake, dates, runId: 'run-1', now: NOW, flushRowLimit, threads: count });
    const expected = await run(stores.reference(), 1);

    // Act
    const actual = await run(stores.tested(), threads);

    // Assess: the run found rejections of every kind, and the threads changed nothing a user sees.
    const lifecycle = expected.dates.flatMap((d) => d.sources.filter((s) => s.source === 'crm_lifecycle'));
    expect(lifecycle.every((s) => s.rowsRejected >= 20 && s.rowsWritten > 500)).toBe(true);
    expect(lifecycle.some((s) => s.status === 'failed' && s.error?.includes('broken.csv'))).toBe(true);
    expect(actual).toEqual(expected);
    await expectSameLake(stores.reference(), stores.tested());
  }, 60_000);

  it('reports progress from the threads', async () => {
    // Prepare
    const seen: string[] = [];

    // Act
    const result = await runIngest({
      config,
      landing: stores.tested().landing,
      lake: stores.tested().lake,
      dates: [DATES[0] as string],
      runId: 'run-1',
      now: NOW,
      threads: 2,
      onProgress: (p) => seen.push(`${p.date} ${p.source} ${p.rows}`),
    });

    // Assess: each source's final count, once (from one thread, not one per thread).
    const finals = result.dates.flatMap((d) => d.sources.map((s) => `${d.date} ${s.source} ${s.rowsRead}`));
    expect(finals).toHaveLength(3);
    expect(seen.sort()).toEqual(finals.sort());
  }, 60_000);
});

describe('ingest with partition files merged and encoded in a worker thread', () => {
  const stores = landedPair();

  it.each([
    ['all dates in one run', [DATES], undefined],
    ['date by date, merging into the files already there', DATES.map((date) => [date]), undefined],
    ['date by date, a 50-row memory budget', DATES.map((date) => [date]), 50],
  ])('writes the same lake, quarantine, manifests and counts as encoding in-thread (%s)', async (_, runs, flushRowLimit) => {
    // Prepare
    const run = async (stores: Stores, encoderThreadMinRows: number): Promise<IngestRunResult[]> => {
      const results: IngestRunResult[] = [];
      for (const dates of runs) {
        results.push(await runIngest({ config, landing: stores.landing, lake: stores.lake, dates, runId: 'run-1', now: NOW, flushRowLimit, encoderThreadMinRows }));
      }
      return results;
    };
    const expected = await run(stores.reference(), Infinity);

    // Act: every partition, however small, goes through the encoder thread.
    const actual = await run(stores.tested(), 0);

    // Assess
    const written = expected.flatMap((r) => r.dates.flatMap((d) => d.sources.map((s) => s.rowsWritten)));
    expect(written.reduce((a, b) => a + b, 0)).toBeGreaterThan(1_000);
    expect(actual).toEqual(expected);
    await expectSameLake(stores.reference(), stores.tested());
  }, 60_000);
});
