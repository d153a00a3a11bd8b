import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configWithSources, exampleFile, ingest, partitionRows, sampleSources, sourceResult, tempStores, type Stores } from './ingest-fixtures.js';

describe('presets on their example files', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await tempStores();
  });
  afterEach(async () => {
    await stores.cleanup();
  });

  it('hubspot-contacts derives one event per "Became a … Date" that is filled in', async () => {
    // Prepare
    const config = configWithSources({ hubspot: { preset: 'hubspot-contacts' } });
    await stores.landing.put('hubspot/2026-03-04/contacts.csv', await exampleFile('hubspot-contacts.csv'));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess: contact 51 → 3 stages, 52 → 5, 53 → 1.
    expect(sourceResult(result, '2026-03-04', 'hubspot')).toMatchObject({ status: 'ok', rowsRead: 3, rowsWritten: 9, rowsRejected: 0 });
    const onFourth = await partitionRows(stores, 'funnel_events', '2026-03-04', 'hubspot');
    expect(onFourth.map((r) => `${r.entity_id}:${r.stage}`).sort()).toEqual(['51:sql', '52:won', '53:lead']);
    // 10:30 New York wall clock = 15:30Z.
    expect(onFourth.find((r) => r.entity_id === '51')).toMatchObject({ occurred_at: Date.UTC(2026, 2, 4, 15, 30), channel: 'paid_search', source_team: 'marketing', entity_type: 'lead' });
  });

  it('hubspot-deals derives won and lost from the deal stage', async () => {
    // Prepare
    const config = configWithSources({ deals: { preset: 'hubspot-deals' } });
    await stores.landing.put('deals/2026-03-04/deals.csv', await exampleFile('hubspot-deals.csv'));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess: three opportunities, one won, one lost; the open deal has no outcome.
    expect(sourceResult(result, '2026-03-04', 'deals')).toMatchObject({ status: 'ok', rowsWritten: 5 });
    const closed = await partitionRows(stores, 'funnel_events', '2026-03-04', 'deals');
    expect(closed.map((r) => [r.entity_id, r.stage, r.amount, r.reason])).toEqual(
      expect.arrayContaining([
        ['9001', 'won', 12500, null],
        ['9002', 'lost', 4800, 'Chose a competitor'],
      ]),
    );
    expect(closed).toHaveLength(2);
  });

  it('salesforce-opportunities reads the report export with the preset alone', async () => {
    // Prepare
    const config = configWithSources({ sfdc: { preset: 'salesforce-opportunities' } });
    await stores.landing.put('sfdc/2026-03-04/opportunities.csv', await exampleFile('salesforce-opportunities.csv'));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    expect(sourceResult(result, '2026-03-04', 'sfdc')).toMatchObject({ status: 'ok', rowsRead: 3, rowsWritten: 5 });
    const closed = await partitionRows(stores, 'funnel_events', '2026-03-04', 'sfdc');
    expect(closed.map((r) => r.stage).sort()).toEqual(['lost', 'won']);
  });

  it('the sample config ingests the example spend (semicolons, dd-MM-yyyy, 1,234.50) and sessions (NDJSON)', async () => {
    // Prepare
    const config = configWithSources(sampleSources('ad_spend', 'web_analytics'));
    await stores.landing.put('ad_spend/2026-03-04/spend.csv', await exampleFile('ad-spend.csv'));
    await stores.landing.put('web_analytics/2026-03-04/sessions.ndjson', await exampleFile('web-sessions.ndjson'));

    // Act
    await ingest(stores, config, ['2026-03-04']);

    // Assess: 4 March 2026 is day 20516 since 1970-01-01.
    const spend = await partitionRows(stores, 'marketing_spend', '2026-03-04', 'ad_spend');
    expect(spend.map((r) => [r.date, r.channel, r.campaign, r.amount, r.currency])).toEqual(
      expect.arrayContaining([
        [20516, 'paid_search', 'Spring Launch', 1234.5, 'USD'],
        [20516, 'paid_social', 'Spring Launch', 980, 'USD'],
        [20516, 'events', null, 2000, 'USD'],
      ]),
    );
    const sessions = await partitionRows(stores, 'web_sessions', '2026-03-04', 'web_analytics');
    expect(sessions.map((r) => [r.channel, r.sessions]).sort()).toEqual([
      ['direct', 455],
      ['organic_search', 1234],
      ['paid_search', 812],
    ]);
  });
});
