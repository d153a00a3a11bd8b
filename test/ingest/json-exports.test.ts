import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configWithSources, ingest, partitionRows, sourceResult, tempStores, type Stores } from './ingest-fixtures.js';

/** Stage changes pulled from a CRM's API as one JSON array (or NDJSON), fields named as the API names them. */
const apiSource = (type: 'json' | 'ndjson') => ({
  dataset: 'funnel_events' as const,
  shape: 'events' as const,
  format: { type },
  columns: { entity_id: 'contactId', stage: 'lifecycleStage', occurred_at: 'changedAt', source_team: 'team', amount: 'dealAmount', currency: 'currency' },
  constants: { entity_type: 'lead' },
  valueMaps: { stage: { lead: 'lead', marketingqualifiedlead: 'mql' }, source_team: { Marketing: 'marketing', Sales: 'sales' } },
  drop: ['email'],
});

const ELEMENTS = [
  { contactId: 'C-1', email: 'ann@example.com', lifecycleStage: 'lead', changedAt: '2026-03-04T14:00:00Z', team: 'Marketing' },
  { contactId: 'C-1', email: 'ann@example.com', lifecycleStage: 'marketingqualifiedlead', changedAt: '2026-03-04T15:00:00Z', team: 'Marketing', dealAmount: 1200.5, currency: 'USD' },
  { contactId: 'C-2', lifecycleStage: 'nurture', changedAt: '2026-03-04T16:00:00Z', team: 'Sales' },
  'C-3,lead',
  { contactId: 'C-4', lifecycleStage: 'lead', changedAt: '2026-03-04T17:00:00Z', team: 'Sales' },
];

describe('JSON exports', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await tempStores();
  });
  afterEach(async () => {
    await stores.cleanup();
  });

  it('lands the objects of a JSON array and rejects bad elements by their position', async () => {
    // Prepare
    const config = configWithSources({ crm_api: apiSource('json') });
    await stores.landing.put('crm_api/2026-03-04/changes.json', JSON.stringify(ELEMENTS, null, 2));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    const source = sourceResult(result, '2026-03-04', 'crm_api');
    expect(source).toMatchObject({ status: 'ok', rowsRead: 5, rowsWritten: 3, rowsRejected: 2 });
    expect(source.sampleRejections).toEqual([
      'crm_api/2026-03-04/changes.json line 3: stage: "nurture" is not a known stage (map it in valueMaps.stage)',
      'crm_api/2026-03-04/changes.json line 4: (record): not a JSON object',
    ]);
    const rows = await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_api');
    expect(rows.map((r) => `${r.entity_id} ${r.stage}`).sort()).toEqual(['C-1 lead', 'C-1 mql', 'C-4 lead']);
    expect(rows.find((r) => r.stage === 'mql')).toMatchObject({ amount: 1200.5, currency: 'USD', source_team: 'marketing' });
    expect(JSON.stringify(rows)).not.toContain('ann@example.com');
  });

  it('lands the same rows from NDJSON as from a JSON array', async () => {
    // Prepare: the same elements, one per line.
    const config = configWithSources({ crm_api: apiSource('ndjson') });
    await stores.landing.put('crm_api/2026-03-04/changes.ndjson', ELEMENTS.map((element) => JSON.stringify(element)).join('\n'));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    expect(sourceResult(result, '2026-03-04', 'crm_api')).toMatchObject({ status: 'ok', rowsRead: 5, rowsWritten: 3, rowsRejected: 2 });
  });

  it('quarantines a JSON array that breaks off, naming how far it got, and lands nothing of it', async () => {
    // Prepare: the export was cut off inside its fourth element.
    const config = configWithSources({ crm_api: apiSource('json') });
    const text = JSON.stringify(ELEMENTS);
    await stores.landing.put('crm_api/2026-03-04/changes.json', text.slice(0, text.indexOf('C-4') + 3));

    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    const source = sourceResult(result, '2026-03-04', 'crm_api');
    expect(source.status).toBe('failed');
    expect(source.error).toMatch(/^unparseable file: crm_api\/2026-03-04\/changes\.json: not valid JSON after 4 array elements: /);
    expect(source.quarantinedFiles).toContain('quarantine/crm_api/2026-03-04/changes.json.failed.json');
    expect(await partitionRows(stores, 'funnel_events', '2026-03-04', 'crm_api')).toEqual([]);
  });
});
