import { describe, expect, it } from 'vitest';
import { generateSample, SampleOptionsError } from '../../lambdas/sample/generate-sample.js';
import { moneyText } from '../../lambdas/sample/export-formats.js';
import { SeededRandom } from '../../lambdas/sample/seeded-random.js';
import { generateInMemory, generateUncached, rowsOf } from './sample-files.js';

// Four weeks: short enough to generate in a blink, long enough to hold every kind of row.
const SHORT = { from: '2026-03-02', to: '2026-03-29' } as const;

describe('generateSample determinism', () => {
  it('the same seed gives byte-identical files', async () => {
    const first = await generateUncached({ seed: 7, ...SHORT });
    const second = await generateUncached({ seed: 7, ...SHORT });

    expect([...second.files.keys()]).toEqual([...first.files.keys()]);
    for (const [key, content] of first.files) expect(second.files.get(key), key).toBe(content);
  });

  it('a different seed gives different files', async () => {
    const first = await generateInMemory({ seed: 7, ...SHORT });
    const other = await generateInMemory({ seed: 8, ...SHORT });

    const key = 'crm_lifecycle/2026-03-10/lifecycle_changes.csv';
    expect(other.files.get(key)).not.toBe(first.files.get(key));
  });

  it('the same seed draws the same numbers', () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);

    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(Array.from({ length: 5 }, () => b.nextUint32()));
  });
});

describe('generateSample files', () => {
  it('writes one file per source and day under landing keys <source>/<date>/<file>', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });

    expect(sample.files.size).toBe(4 * 28);
    expect([...sample.files.keys()].filter((key) => key.includes('/2026-03-02/')).sort()).toEqual([
      'ad_spend/2026-03-02/spend.csv',
      'crm_lifecycle/2026-03-02/lifecycle_changes.csv',
      'crm_opportunities/2026-03-02/opportunities.csv',
      'web_analytics/2026-03-02/sessions.ndjson',
    ]);
    expect(sample.summary.filesWritten).toBe(4 * 28);
  });

  it('writes the lifecycle export with a BOM, CRLF line ends and the HubSpot-style header', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const text = sample.files.get('crm_lifecycle/2026-03-04/lifecycle_changes.csv') as string;

    expect(text.startsWith('\uFEFFContact ID,Email,First Name,Last Name,Phone Number,Lifecycle Stage,Changed At,Lead Source Team,Original Source,Campaign,Segment,Region,Contact Owner,Reason\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('writes opportunities with US dates, 1/0 flags and quoted amounts with thousands separators', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const text = sample.files.get('crm_opportunities/2026-03-16/opportunities.csv') as string;
    const rows = rowsOf(sample, 'crm_opportunities');

    expect(text.split('\n')[0]).toBe(
      'Opportunity ID,Opportunity Name,Account Name,Contact Email,Opportunity Owner,Created Date,Close Date,Stage,Won,Closed,Amount,Opportunity Currency,Lead Source,Source Team,Campaign,Segment,Region,Loss Reason',
    );
    expect(text).toMatch(/,"\d{1,3}(,\d{3})+\.\d{2}",USD,/);
    const wellFormed = rows.filter((row) => /^\d/.test(row.Amount ?? ''));
    expect(wellFormed.every((row) => /^\d{2}\/\d{2}\/\d{4}$/.test(row['Created Date'] ?? '') && /^\d{2}\/\d{2}\/\d{4}$/.test(row['Close Date'] ?? ''))).toBe(true);
    expect(new Set(wellFormed.map((row) => `${row.Stage}:${row.Won}${row.Closed}`))).toEqual(
      new Set(['Prospecting:00', 'Proposal:00', 'Negotiation:00', 'Closed Won:11', 'Closed Lost:01']),
    );
  });

  it('writes spend with semicolons, dd-MM-yyyy dates and thousands separators for paid channels only', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const text = sample.files.get('ad_spend/2026-03-04/spend.csv') as string;
    const rows = rowsOf(sample, 'ad_spend');

    expect(text.split('\n')[0]).toBe('Date;Channel;Campaign;Cost;Currency;Impressions;Clicks');
    expect(new Set(rows.map((row) => row.Channel))).toEqual(new Set(['Paid Search', 'Paid Social', 'Events', 'Email', 'Partner Referral']));
    expect(rows.filter((row) => row.landingDate === '2026-03-04').every((row) => row.Date === '04-03-2026')).toBe(true);
    expect(rows.some((row) => /^\d{1,3}(,\d{3})+\.\d{2}$/.test(row.Cost ?? ''))).toBe(true);
  });

  it('writes web sessions as one JSON line per channel and day', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const lines = (sample.files.get('web_analytics/2026-03-04/sessions.ndjson') as string).trim().split('\n');

    expect(lines.map((line) => JSON.parse(line) as { date: string; channel: string; sessions: number })).toEqual(
      expect.arrayContaining([{ date: '2026-03-04', channel: 'Organic Search', sessions: expect.any(Number) }]),
    );
  });

  it('files each change under the New York date it happened on', async () => {
    // 8 Mar 2026 is the spring-forward Sunday in New York (UTC-5 before, UTC-4 after).
    const sample = await generateInMemory({ seed: 3, ...SHORT });
    const newYork = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' });
    const localDate = (utc: string) => newYork.format(new Date(utc));
    const rows = rowsOf(sample, 'crm_lifecycle').filter((row) => /Z$/.test(row['Changed At'] ?? ''));
    const previousDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

    // Re-sent rows sit in the next day's file; everything else is on its own local date.
    const misplaced = rows.filter((row) => {
      const local = localDate(row['Changed At'] as string);
      return local !== row.landingDate && local !== previousDay(row.landingDate as string);
    });
    const sameDay = rows.filter((row) => localDate(row['Changed At'] as string) === row.landingDate);

    expect(misplaced).toEqual([]);
    expect(sameDay.length / rows.length).toBeGreaterThan(0.97);
  });

  it('weekdays get about four times the new leads of weekend days', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const leads = rowsOf(sample, 'crm_lifecycle').filter((row) => row['Lifecycle Stage'] === 'Lead');
    const perDay = (weekend: boolean) => {
      const days = new Set<string>();
      let count = 0;
      for (const row of leads) {
        const day = new Date(`${row.landingDate}T00:00:00Z`).getUTCDay();
        if ((day === 0 || day === 6) !== weekend) continue;
        days.add(row.landingDate as string);
        count += 1;
      }
      return count / days.size;
    };

    expect(perDay(false)).toBeGreaterThan(60);
    expect(perDay(false)).toBeLessThan(120);
    expect(perDay(false) / perDay(true)).toBeGreaterThan(3);
    expect(perDay(false) / perDay(true)).toBeLessThan(5.5);
  });

  it('marks about 70% of leads as marketing-sourced, 20% sales and 10% partner', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const leads = rowsOf(sample, 'crm_lifecycle').filter((row) => row['Lifecycle Stage'] === 'Lead');
    const share = (team: string) => leads.filter((row) => row['Lead Source Team'] === team).length / leads.length;

    expect(share('Marketing')).toBeCloseTo(0.69, 1);
    expect(share('Sales')).toBeCloseTo(0.2, 1);
    expect(share('Partner')).toBeCloseTo(0.1, 1);
  });

  it('keeps personal data fake: example.com addresses and 555-01xx numbers', async () => {
    const sample = await generateInMemory({ seed: 1, ...SHORT });
    const rows = rowsOf(sample, 'crm_lifecycle');

    expect(rows.every((row) => (row.Email ?? '').endsWith('@example.com'))).toBe(true);
    expect(rows.every((row) => /^\+1 555-01\d{2}$/.test(row['Phone Number'] ?? ''))).toBe(true);
    expect(rows.every((row) => /^rep-\d{2}$/.test(row['Contact Owner'] ?? ''))).toBe(true);
  });

  it('scales volume with the scale option', async () => {
    const one = await generateInMemory({ seed: 1, ...SHORT });
    const three = await generateInMemory({ seed: 1, ...SHORT, scale: 3 });

    expect(three.summary.stageChanges.lead / one.summary.stageChanges.lead).toBeCloseTo(3, 0);
  });

  it('refuses a range that ends before it starts, before writing anything', async () => {
    const written: string[] = [];

    const attempt = generateSample({ seed: 1, from: '2026-03-10', to: '2026-03-01' }, async (key) => {
      written.push(key);
    });

    await expect(attempt).rejects.toThrow(new SampleOptionsError('from 2026-03-10 is after to 2026-03-01'));
    expect(written).toEqual([]);
  });

  it('refuses a date that does not exist', async () => {
    await expect(generateSample({ seed: 1, from: '2026-02-30', to: '2026-03-01' }, async () => undefined)).rejects.toThrow(
      'from "2026-02-30" is not a date in the form YYYY-MM-DD',
    );
  });
});

describe('moneyText', () => {
  it('prints two decimals with thousands separators', () => {
    expect([moneyText(12_500), moneyText(1_234.5), moneyText(999.994), moneyText(-4_500)]).toEqual(['12,500.00', '1,234.50', '999.99', '-4,500.00']);
  });
});
