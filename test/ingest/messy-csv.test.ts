import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configWithSources, exampleFile, ingest, partitionRows, sampleSources, sourceResult, tempStores, type Stores } from './ingest-fixtures.js';

/** Semicolons (detected, not configured), BOM, CRLF, DD-MM-YYYY HH:mm, decimal commas. */
const messySource = {
  dataset: 'funnel_events' as const,
  shape: 'events' as const,
  format: { type: 'csv' as const },
  columns: {
    entity_id: 'Contact ID',
    stage: 'Lifecycle Stage',
    occurred_at: 'Changed At',
    source_team: 'Lead Source Team',
    channel: 'Original Source',
    amount: 'Deal Amount',
    currency: 'Currency',
  },
  constants: { entity_type: 'lead' },
  valueMaps: {
    stage: { Lead: 'lead', MQL: 'mql', Opportunity: 'opportunity' },
    source_team: { Marketing: 'marketing', Sales: 'sales' },
  },
  dates: { format: 'DD-MM-YYYY HH:mm' },
  numbers: { decimal: ',' as const, thousands: '.' as const },
  drop: ['Email'],
};
const FILE = 'messy/2026-03-04/lifecycle-semicolons.csv';

describe('messy CSV exports', () => {
  let stores: Stores;
  const config = configWithSources({ messy: messySource });
  beforeEach(async () => {
    stores = await tempStores();
    await stores.landing.put(FILE, await exampleFile('messy/lifecycle-semicolons.csv'));
  });
  afterEach(async () => {
    await stores.cleanup();
  });

  it('lands the good rows and rejects the bad ones', async () => {
    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess: 10 records (the all-blank line is skipped), 3 good, 7 rejected.
    expect(sourceResult(result, '2026-03-04', 'messy')).toMatchObject({ status: 'ok', rowsRead: 10, rowsWritten: 3, rowsRejected: 7 });
    const rows = await partitionRows(stores, 'funnel_events', '2026-03-04', 'messy');
    expect(rows.map((r) => r.entity_id).sort()).toEqual(['L-1', 'L-2', 'L-4']);
  });

  it('reads blanks, "unknown" and #N/A in text columns as missing values', async () => {
    // Act
    await ingest(stores, config, ['2026-03-04']);

    // Assess
    const rows = await partitionRows(stores, 'funnel_events', '2026-03-04', 'messy');
    expect(rows.find((r) => r.entity_id === 'L-2')).toMatchObject({ stage: 'mql', source_team: 'unknown', channel: null, amount: null, currency: null });
  });

  it('parses DD-MM-YYYY HH:mm in the source zone and thousands separators', async () => {
    // Act
    await ingest(stores, config, ['2026-03-04']);

    // Assess: 04-03-2026 09:15 New York (EST, UTC-5) = 14:15Z; "12.500,00" = 12500.
    const rows = await partitionRows(stores, 'funnel_events', '2026-03-04', 'messy');
    expect(rows.find((r) => r.entity_id === 'L-1')?.occurred_at).toBe(Date.UTC(2026, 2, 4, 14, 15));
    expect(rows.find((r) => r.entity_id === 'L-4')).toMatchObject({ amount: 12500, currency: 'USD', channel: 'outbound' });
  });

  it('quarantines each bad row with its file, line, field and reason', async () => {
    // Act
    const result = await ingest(stores, config, ['2026-03-04']);

    // Assess
    expect(sourceResult(result, '2026-03-04', 'messy').quarantinedFiles).toEqual(['quarantine/messy/2026-03-04/lifecycle-semicolons.csv.rejected.ndjson']);
    const text = Buffer.from((await stores.lake.get('quarantine/messy/2026-03-04/lifecycle-semicolons.csv.rejected.ndjson')) ?? []).toString();
    const messages = text.trim().split('\n').map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages).toEqual([
      `${FILE} line 4: currency: "EUR" is not the reporting currency USD (no FX conversion)`,
      `${FILE} line 6: entity_id: required value is missing`,
      `${FILE} line 7: stage: "Nurture" is not a known stage (map it in valueMaps.stage)`,
      `${FILE} line 8: occurred_at: "31-02-2026 08:00" is not a date in format DD-MM-YYYY HH:mm`,
      `${FILE} line 9: source_team: "Alliances" is not a known source team (map it in valueMaps.source_team)`,
      `${FILE} line 10: amount: -50,00 is negative`,
      `${FILE} line 12: amount: "#N/A" is not a number (a spreadsheet error in the export)`,
    ]);
  });

  it('keeps the dropped personal data out of the quarantine too', async () => {
    // Act
    await ingest(stores, config, ['2026-03-04']);

    // Assess
    const text = Buffer.from((await stores.lake.get('quarantine/messy/2026-03-04/lifecycle-semicolons.csv.rejected.ndjson')) ?? []).toString();
    expect(text).not.toContain('@example.com');
  });

  it('quarantines a file that cannot be parsed whole, and other sources go on', async () => {
    // Prepare
    const both = configWithSources({ messy: messySource, ...sampleSources('web_analytics') });
    await stores.landing.put('messy/2026-03-04/broken.csv', await exampleFile('messy/unterminated-quote.csv'));
    await stores.landing.put('web_analytics/2026-03-04/sessions.ndjson', await exampleFile('web-sessions.ndjson'));

    // Act
    const result = await ingest(stores, both, ['2026-03-04']);

    // Assess
    const messy = sourceResult(result, '2026-03-04', 'messy');
    expect(messy.status).toBe('failed');
    expect(messy.error).toMatch(/^unparseable file: messy\/2026-03-04\/broken\.csv line \d+: /);
    expect(messy.quarantinedFiles).toContain('quarantine/messy/2026-03-04/broken.csv.failed.json');
    expect(sourceResult(result, '2026-03-04', 'web_analytics')).toMatchObject({ status: 'ok', rowsWritten: 3 });
    expect(result.ok).toBe(false);
  });

  it('quarantines a file whose header lacks a required column', async () => {
    // Prepare
    await stores.landing.put('messy/2026-03-05/renamed.csv', 'Contact;Lifecycle Stage;Changed At\nL-1;Lead;05-03-2026 10:00\n');

    // Act
    const result = await ingest(stores, config, ['2026-03-05']);

    // Assess
    expect(sourceResult(result, '2026-03-05', 'messy').error).toBe('unparseable file: messy/2026-03-05/renamed.csv line 1: missing required column "Contact ID"');
  });

  it('reports the line a record starts on when a quoted cell spans lines', async () => {
    // Prepare: the record on line 3 carries a two-line campaign; the bad record after it starts on line 5.
    const text = ['Contact ID;Lifecycle Stage;Changed At;Campaign', 'L-1;Lead;04-03-2026 09:00;x', 'L-2;Lead;04-03-2026 09:30;"two', 'lines"', 'L-3;Nurture;04-03-2026 10:00;y', ''].join('\n');
    await stores.landing.put('messy/2026-03-06/multiline.csv', text);

    // Act
    const result = await ingest(stores, config, ['2026-03-06']);

    // Assess
    expect(sourceResult(result, '2026-03-06', 'messy').sampleRejections).toEqual([
      'messy/2026-03-06/multiline.csv line 5: stage: "Nurture" is not a known stage (map it in valueMaps.stage)',
    ]);
  });
});
