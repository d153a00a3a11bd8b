import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runIngest } from '../../lambdas/ingest/run-ingest.js';
import { configWithSources, exampleFile, lakeFiles, NOW, sampleSources, tempStores, type Stores } from './ingest-fixtures.js';

const DATES = ['2026-03-04', '2026-03-05', '2026-03-06'];
const config = configWithSources(sampleSources('crm_lifecycle', 'crm_opportunities', 'ad_spend', 'web_analytics'));

/** The same exports re-sent on every date (re-sends must replace, spend must not add up across dates), one deal moving. */
const landExports = async (stores: Stores): Promise<void> => {
  for (const date of DATES) {
    await stores.landing.put(`crm_lifecycle/${date}/lifecycle_changes.csv`, await exampleFile('lifecycle-changes.csv'));
    // On the middle date Acme's close date moves a day earlier (its won event moves partition), then back.
    const opportunities = (await exampleFile('salesforce-opportunities.csv')).toString('utf8');
    const moved = opportunities.replace('02/10/2026,03/04/2026,Closed Won', '02/10/2026,03/03/2026,Closed Won');
    expect(moved).not.toBe(opportunities);
    await stores.landing.put(`crm_opportunities/${date}/opportunities.csv`, date === DATES[1] ? moved : opportunities);
    await stores.landing.put(`ad_spend/${date}/spend.csv`, await exampleFile('ad-spend.csv'));
  }
  // Sessions only on the middle date: the other dates' manifests say `missing`.
  await stores.landing.put(`web_analytics/${DATES[1]}/sessions.ndjson`, await exampleFile('web-sessions.ndjson'));
};

describe('one run over several landing dates', () => {
  let oneByOne: Stores;
  let allAtOnce: Stores;
  beforeEach(async () => {
    oneByOne = await tempStores();
    allAtOnce = await tempStores();
    await landExports(oneByOne);
    await landExports(allAtOnce);
  });
  afterEach(async () => {
    await oneByOne.cleanup();
    await allAtOnce.cleanup();
  });

  it.each([
    ['every partition held until the end', undefined],
    ['partitions written out early under a 3-row memory budget', 3],
  ])('leaves the same lake files as ingesting the dates one by one (%s)', async (_, flushRowLimit) => {
    // Prepare
    const run = (stores: Stores, dates: string[]) =>
      runIngest({ config, landing: stores.landing, lake: stores.lake, dates, runId: 'run-1', now: NOW, flushRowLimit });
    const separate = [];
    for (const date of DATES) separate.push(...(await run(oneByOne, [date])).dates);

    // Act
    const together = await run(allAtOnce, DATES);

    // Assess: same results, and byte-identical Parquet files, manifests and snapshot state.
    expect(together.dates).toEqual(separate);
    const expected = await lakeFiles(oneByOne);
    const actual = await lakeFiles(allAtOnce);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    expect([...expected.keys()].some((key) => key.endsWith('.parquet'))).toBe(true);
    for (const [key, bytes] of expected) expect(actual.get(key)?.equals(bytes), key).toBe(true);
  });
});
