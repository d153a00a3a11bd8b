import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configWithSources, ingest, lakeKeys, partitionRows, sampleSources, sourceResult, tempStores, type Stores } from './ingest-fixtures.js';

const HEADER =
  'Opportunity ID,Opportunity Name,Account Name,Contact Email,Opportunity Owner,Created Date,Close Date,Stage,Won,Closed,Amount,Opportunity Currency,Lead Source,Source Team,Campaign,Segment,Region,Loss Reason';
const csv = (...rows: string[]): string => `${[HEADER, ...rows].join('\n')}\n`;
/** Won deal created 1 March, closed on `close` (MM/dd/yyyy). */
const wonDeal = (close: string): string => `006A,Acme,Acme Inc,jo@acme.example,Sam Patel,03/01/2026,${close},Closed Won,1,1,"12,500.00",USD,Paid Search,Marketing,,,,`;

describe('snapshot rows (crm_opportunities, Salesforce)', () => {
  let stores: Stores;
  const config = configWithSources(sampleSources('crm_opportunities'));
  beforeEach(async () => {
    stores = await tempStores();
  });
  afterEach(async () => {
    await stores.cleanup();
  });

  it('derives an opportunity event at Created Date and a won event at Close Date', async () => {
    // Prepare
    await stores.landing.put('crm_opportunities/2026-03-04/opportunities.csv', csv(wonDeal('03/04/2026')));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess: date-only values are midnight in New York (05:00Z in March before DST).
    expect(sourceResult(result, '2026-03-04', 'crm_opportunities')).toMatchObject({ status: 'ok', rowsRead: 1, rowsWritten: 2 });
    expect(await partitionRows(stores, 'funnel_events', '2026-03-01', 'crm_opportunities')).toMatchObject([
      { entity_id: '006A', entity_type: 'deal', stage: 'opportunity', occurred_at: Date.UTC(2026, 2, 1, 5), amount: 12500, currency: 'USD', source_team: 'marketing', channel: 'paid_search', owner: 'Sam Patel' },
    ]);
    expect(await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_opportunities')).toMatchObject([{ stage: 'won', amount: 12500 }]);
  });

  it('derives a lost event with its loss reason when Closed=1 and Won=0', async () => {
    // Prepare
    await stores.landing.put(
      'crm_opportunities/2026-03-04/opportunities.csv',
      csv('006B,Globex,Globex,li@globex.example,Dana Ortiz,02/15/2026,03/04/2026,Closed Lost,0,1,"4,800.00",USD,Partner Referral,Partner,,,,Chose a competitor'),
    );

    // Act
    await ingest(stores, config, ['2026-03-04']);

    // Assess
    expect(await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_opportunities')).toMatchObject([
      { stage: 'lost', reason: 'Chose a competitor', source_team: 'partner', channel: 'partner_referral' },
    ]);
    expect((await partitionRows(stores, 'funnel_events', '2026-02-15', 'crm_opportunities'))[0]?.reason).toBeNull();
  });

  it('counts a stage that appears in every nightly snapshot once', async () => {
    // Prepare: the same open deal exported on three nights.
    const open = '006C,Initech,Initech,ra@initech.example,Sam Patel,03/01/2026,04/30/2026,Proposal,0,0,"30,000.00",USD,Outbound,Sales,,,,';
    for (const date of ['2026-03-02', '2026-03-03', '2026-03-04']) await stores.landing.put(`crm_opportunities/${date}/opportunities.csv`, csv(open));

    // Act
    await ingest(stores, config, ['2026-03-02', '2026-03-03', '2026-03-04']);

    // Assess
    expect(await lakeKeys(stores, 'funnel_events')).toEqual(['funnel_events/dt=2026-03-01/crm_opportunities.parquet']);
    expect((await partitionRows(stores, 'funnel_events', '2026-03-01', 'crm_opportunities')).length).toBe(1);
  });

  it('moves the won event when a later snapshot moves the Close Date', async () => {
    // Prepare: closed on 4 March, then corrected to 6 March in the next night's export.
    await stores.landing.put('crm_opportunities/2026-03-04/opportunities.csv', csv(wonDeal('03/04/2026')));
    await stores.landing.put('crm_opportunities/2026-03-06/opportunities.csv', csv(wonDeal('03/06/2026')));
    await ingest(stores, config, ['2026-03-04']);

    // Act
    await ingest(stores, config, ['2026-03-06']);

    // Assess: the 4 March file had only the won event, so it is gone.
    expect(await lakeKeys(stores, 'funnel_events')).toEqual([
      'funnel_events/dt=2026-03-01/crm_opportunities.parquet',
      'funnel_events/dt=2026-03-06/crm_opportunities.parquet',
    ]);
    expect(await partitionRows(stores, 'funnel_events', '2026-03-06', 'crm_opportunities')).toMatchObject([{ stage: 'won', occurred_at: Date.UTC(2026, 2, 6, 5) }]);
  });

  it('does not let a re-ingested older snapshot undo a newer one', async () => {
    // Prepare
    await stores.landing.put('crm_opportunities/2026-03-04/opportunities.csv', csv(wonDeal('03/04/2026')));
    await stores.landing.put('crm_opportunities/2026-03-06/opportunities.csv', csv(wonDeal('03/06/2026')));
    await ingest(stores, config, ['2026-03-04', '2026-03-06']);

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    expect(sourceResult(result, '2026-03-04', 'crm_opportunities').staleEntities).toBe(1);
    expect(await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_opportunities')).toEqual([]);
    expect((await partitionRows(stores, 'funnel_events', '2026-03-06', 'crm_opportunities')).length).toBe(1);
  });

  it('retracts a won event when the deal is reopened in a later snapshot', async () => {
    // Prepare
    await stores.landing.put('crm_opportunities/2026-03-04/opportunities.csv', csv(wonDeal('03/04/2026')));
    await stores.landing.put(
      'crm_opportunities/2026-03-05/opportunities.csv',
      csv('006A,Acme,Acme Inc,jo@acme.example,Sam Patel,03/01/2026,03/31/2026,Negotiation,0,0,"12,500.00",USD,Paid Search,Marketing,,,,'),
    );

    // Act
    await ingest(stores, config, ['2026-03-04', '2026-03-05']);

    // Assess
    expect(await lakeKeys(stores, 'funnel_events')).toEqual(['funnel_events/dt=2026-03-01/crm_opportunities.parquet']);
  });
});
