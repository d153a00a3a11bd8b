import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { generateInMemory, money, rowsOf, type GeneratedSample, type Row } from './sample-files.js';

// Ends on Monday 23 Nov 2026, so, worked out by hand on a calendar: the last full Monday-start
// week is 16–22 Nov (2026-W47), the last full month October 2026, the last full quarter Q3 2026.
const TO = '2026-11-23';
const FROM = '2025-12-01';

/** Monday of the week a `YYYY-MM-DD` date falls in. */
const mondayOf = (date: string): string => {
  const day = new Date(`${date}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
};

/** Lifecycle rows without the re-sent duplicates and without the malformed extras. */
const lifecycleChanges = (sample: GeneratedSample): Row[] => {
  const seen = new Set<string>();
  return rowsOf(sample, 'crm_lifecycle').filter((row) => {
    const key = `${row['Contact ID']}|${row['Lifecycle Stage']}|${row['Changed At']}`;
    if (seen.has(key) || row['Contact ID'] === '' || !/Z$/.test(row['Changed At'] ?? '')) return false;
    seen.add(key);
    return true;
  });
};

const countBy = (values: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
};

const topOf = (counts: Map<string, number>): string | undefined => [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];

describe('planted events in the sample (seed 42, through 2026-11-23)', () => {
  let sample: GeneratedSample;
  let changes: Row[];

  beforeAll(async () => {
    sample = await generateInMemory({ seed: 42, from: FROM, to: TO });
    changes = lifecycleChanges(sample);
  });

  it('names the planted periods relative to the end of the range', () => {
    const { planted } = sample.summary;

    expect([planted.acceptanceDrop.id, planted.acceptanceDrop.start, planted.acceptanceDrop.end]).toEqual(['2026-W47', '2026-11-16', '2026-11-22']);
    expect([planted.costPerLeadSpike.id, planted.costPerLeadSpike.channel]).toEqual(['2026-10', 'Paid Social']);
    expect(planted.revenueMiss.id).toBe('2026-Q3');
  });

  it('MQL acceptance in week 2026-W47 is far below the eight weeks before it', () => {
    const hadMql = new Set(changes.filter((row) => row['Lifecycle Stage'] === 'Marketing Qualified Lead').map((row) => row['Contact ID']));
    const decisions = changes.filter(
      (row) => hadMql.has(row['Contact ID']) && (row['Lifecycle Stage'] === 'Sales Qualified Lead' || row['Lifecycle Stage'] === 'Disqualified'),
    );
    const acceptance = (week: string): number => {
      const inWeek = decisions.filter((row) => mondayOf(row.landingDate as string) === week);
      return inWeek.filter((row) => row['Lifecycle Stage'] === 'Sales Qualified Lead').length / inWeek.length;
    };
    const priorWeeks = ['2026-09-21', '2026-09-28', '2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09'];

    const planted = acceptance('2026-11-16');
    const lowestBefore = Math.min(...priorWeeks.map(acceptance));

    expect(planted).toBeLessThan(0.45);
    expect(lowestBefore).toBeGreaterThan(0.5);
  });

  it('"Bad fit: too small" becomes the top rejection reason in the planted week only', () => {
    const reasons = (inWeek: (week: string) => boolean) =>
      countBy(changes.filter((row) => row['Lifecycle Stage'] === 'Disqualified' && inWeek(mondayOf(row.landingDate as string))).map((row) => row.Reason as string));

    expect(topOf(reasons((week) => week === '2026-11-16'))).toBe('Bad fit: too small');
    expect(topOf(reasons((week) => week < '2026-11-16'))).toBe('No budget');
  });

  it('Paid Social cost per lead in October 2026 is about twice that of the three months before', () => {
    const spend = rowsOf(sample, 'ad_spend').filter((row) => row.Channel === 'Paid Social');
    const leads = changes.filter((row) => row['Lifecycle Stage'] === 'Lead' && row['Original Source'] === 'Paid Social');
    // Spend dates are dd-MM-yyyy, so the month is characters 3..9: "10-2026".
    const costPerLead = (month: string): number => {
      const cost = spend.filter((row) => (row.Date as string).slice(3) === month).reduce((sum, row) => sum + money(row.Cost), 0);
      const count = leads.filter((row) => `${(row.landingDate as string).slice(5, 7)}-${(row.landingDate as string).slice(0, 4)}` === month).length;
      return cost / count;
    };
    const before = (costPerLead('07-2026') + costPerLead('08-2026') + costPerLead('09-2026')) / 3;

    const ratio = costPerLead('10-2026') / before;

    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });

  it('Paid Social leads stay flat in October 2026 while its spend doubles', () => {
    const perDay = (month: string, days: number) =>
      changes.filter((row) => row['Lifecycle Stage'] === 'Lead' && row['Original Source'] === 'Paid Social' && (row.landingDate as string).startsWith(month)).length / days;

    expect(perDay('2026-10', 31) / perDay('2026-09', 30)).toBeGreaterThan(0.8);
    expect(perDay('2026-10', 31) / perDay('2026-09', 30)).toBeLessThan(1.25);
  });

  it('revenue in Q3 2026 misses the sample goal by more than 10% while the two quarters before meet it within 10%', () => {
    const goal = SAMPLE_CONFIG_INPUT.goals?.everyQuarter?.revenue as number;
    const won = rowsOf(sample, 'crm_opportunities').filter((row) => row.Stage === 'Closed Won');
    // The latest export of each won opportunity decides its close date (one is corrected later).
    const latest = new Map(won.map((row) => [row['Opportunity ID'], row]));
    const revenue = (months: readonly string[]): number =>
      [...latest.values()].filter((row) => months.includes((row['Close Date'] as string).slice(0, 2)) && (row['Close Date'] as string).endsWith('2026')).reduce((sum, row) => sum + money(row.Amount), 0);

    expect(revenue(['07', '08', '09'])).toBeLessThan(goal * 0.9);
    expect(revenue(['01', '02', '03'])).toBeGreaterThan(goal * 0.9);
    expect(revenue(['04', '05', '06'])).toBeGreaterThan(goal * 0.9);
  });

  it('fewer opportunities open per day in Q3 2026 than in Q2 2026', () => {
    const opened = (months: readonly string[]) =>
      changes.filter((row) => row['Lifecycle Stage'] === 'Opportunity' && months.includes((row.landingDate as string).slice(0, 7))).length;

    // Q2 has 91 days, Q3 92.
    const ratio = opened(['2026-07', '2026-08', '2026-09']) / 92 / (opened(['2026-04', '2026-05', '2026-06']) / 91);

    expect(ratio).toBeLessThan(0.85);
  });

  it('writes between 5 and 15 malformed rows, one of each kind at least, into the files', () => {
    const { malformedRows } = sample.summary.planted;
    const lifecycle = rowsOf(sample, 'crm_lifecycle');
    const opportunities = rowsOf(sample, 'crm_opportunities');

    expect(malformedRows.length).toBeGreaterThanOrEqual(5);
    expect(malformedRows.length).toBeLessThanOrEqual(15);
    expect(new Set(malformedRows.map((row) => row.kind))).toEqual(new Set(['bad_date', 'unknown_stage', 'blank_contact_id', 'negative_amount', 'na_amount']));
    expect(lifecycle.filter((row) => row['Contact ID'] === '').length).toBeGreaterThan(0);
    expect(lifecycle.filter((row) => row['Lifecycle Stage'] === 'Evangelist').length).toBeGreaterThan(0);
    expect(lifecycle.filter((row) => !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(row['Changed At'] ?? '')).length).toBeGreaterThan(0);
    expect(opportunities.filter((row) => row.Amount === '#N/A').length).toBeGreaterThan(0);
    expect(opportunities.filter((row) => (row.Amount ?? '').startsWith('-')).length).toBeGreaterThan(0);
  });

  it('malformed rows are a tiny share of all rows', () => {
    const { rows, planted } = sample.summary;

    expect(planted.malformedRows.length / (rows.crm_lifecycle + rows.crm_opportunities)).toBeLessThan(0.001);
  });

  it('re-exports one won opportunity a few days later with a corrected Close Date', () => {
    const correction = sample.summary.planted.closeDateCorrection;
    expect(correction).toBeDefined();
    const { opportunityId, correctedCloseDate, reexportedOn } = correction as NonNullable<typeof correction>;
    const [year, month, day] = correctedCloseDate.split('-');

    const reexport = rowsOf(sample, 'crm_opportunities').filter((row) => row['Opportunity ID'] === opportunityId && row.landingDate === reexportedOn);

    expect(reexport).toHaveLength(1);
    expect(reexport[0]?.['Close Date']).toBe(`${month}/${day}/${year}`);
    expect(reexport[0]?.Stage).toBe('Closed Won');
  });

  it('about once a week a lifecycle file repeats rows of the day before', () => {
    const { resentDays } = sample.summary.planted;
    const day = resentDays[resentDays.length - 1] as string;
    const lines = (date: string) => new Set((sample.files.get(`crm_lifecycle/${date}/lifecycle_changes.csv`) ?? '').split('\r\n').slice(1).filter((line) => line !== ''));
    const previous = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

    const repeated = [...lines(day)].filter((line) => lines(previous).has(line));

    expect(resentDays.length / sample.summary.days).toBeGreaterThan(0.08);
    expect(resentDays.length / sample.summary.days).toBeLessThan(0.22);
    expect(repeated.length).toBeGreaterThanOrEqual(3);
  });

  it('every lifecycle Customer has its opportunity Closed Won on the same day', () => {
    const customersPerDay = countBy(changes.filter((row) => row['Lifecycle Stage'] === 'Customer').map((row) => row.landingDate as string));
    const correction = sample.summary.planted.closeDateCorrection;
    const isCorrection = (row: Row) => row['Opportunity ID'] === correction?.opportunityId && row.landingDate === correction?.reexportedOn;
    const wonPerDay = countBy(
      rowsOf(sample, 'crm_opportunities')
        .filter((row) => row.Stage === 'Closed Won' && !isCorrection(row))
        .map((row) => row.landingDate as string),
    );

    expect(wonPerDay).toEqual(customersPerDay);
  });
});
