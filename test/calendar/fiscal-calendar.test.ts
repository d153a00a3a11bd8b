import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import {
  addDays,
  calendarSettings,
  CalendarInputError,
  daysBetween,
  eachDay,
  elapsedShare,
  latestFullPeriod,
  localDate,
  nextPeriod,
  periodById,
  periodContaining,
  PeriodIdError,
  previousPeriod,
  quarterToDate,
  samePeriodLastYear,
  trailingPeriods,
} from '../../lambdas/calendar/fiscal-calendar.js';
import type { CalendarSettings } from '../../lambdas/calendar/period-types.js';

const ISO: CalendarSettings = {
  timeZone: 'UTC',
  weekStart: 'monday',
  fiscalYearStartMonth: 1,
  fiscalYearNaming: 'end',
};
const SUNDAY: CalendarSettings = { ...ISO, weekStart: 'sunday' };
const fiscal = (fiscalYearStartMonth: number, fiscalYearNaming: 'start' | 'end'): CalendarSettings => ({
  ...ISO,
  fiscalYearStartMonth,
  fiscalYearNaming,
});
const span = (period: { id: string; start: string; end: string }) => [period.id, period.start, period.end];

describe('day arithmetic', () => {
  it('adds days across a leap day and a year end', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('adds a day across a DST change without skipping a date', () => {
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
  });

  it('counts the days between two dates', () => {
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-04-01', '2026-03-01')).toBe(-31);
  });

  it('lists every day inclusive across a year end', () => {
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('lists no days when the end is before the start', () => {
    expect(eachDay('2026-01-02', '2026-01-01')).toEqual([]);
  });

  it('rejects a malformed date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(CalendarInputError);
    expect(() => addDays('26-2-3', 1)).toThrow('"26-2-3" is not a local date in the form YYYY-MM-DD');
  });
});

describe('localDate', () => {
  it('keeps the evening before the spring-forward change on the previous day in New York', () => {
    // 2026-03-08 05:00Z is midnight EST (UTC-5).
    expect(localDate(new Date('2026-03-08T04:59:59Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDate(new Date('2026-03-08T05:00:00Z'), 'America/New_York')).toBe('2026-03-08');
  });

  it('uses the daylight offset after the spring-forward change in New York', () => {
    // From 2026-03-08 02:00 local the offset is EDT (UTC-4): midnight of 03-09 is 04:00Z.
    expect(localDate(new Date('2026-03-09T03:59:59Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDate(new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-09');
  });

  it('uses the standard offset after the fall-back change in New York', () => {
    // Midnight of 11-01 is still EDT (04:00Z); midnight of 11-02 is EST (05:00Z).
    expect(localDate(new Date('2026-11-01T03:59:59Z'), 'America/New_York')).toBe('2026-10-31');
    expect(localDate(new Date('2026-11-01T04:00:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDate(new Date('2026-11-02T04:59:59Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDate(new Date('2026-11-02T05:00:00Z'), 'America/New_York')).toBe('2026-11-02');
  });

  it('follows Berlin from CET to CEST on 2026-03-29', () => {
    // Midnight of 03-29 is CET (UTC+1, 23:00Z the day before); midnight of 03-30 is CEST (22:00Z).
    expect(localDate(new Date('2026-03-28T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(localDate(new Date('2026-03-28T23:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(localDate(new Date('2026-03-29T22:00:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
  });

  it('follows Berlin from CEST back to CET on 2026-10-25', () => {
    expect(localDate(new Date('2026-10-25T22:59:59Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(localDate(new Date('2026-10-25T23:00:00Z'), 'Europe/Berlin')).toBe('2026-10-26');
  });

  it('places the UTC year end on the right side in zones east and west of UTC', () => {
    expect(localDate(new Date('2026-12-31T23:00:00Z'), 'Europe/Berlin')).toBe('2027-01-01');
    expect(localDate(new Date('2027-01-01T04:59:59Z'), 'America/New_York')).toBe('2026-12-31');
  });

  it('starts the new year in Auckland at 11:00Z under NZDT', () => {
    expect(localDate(new Date('2026-12-31T10:59:59Z'), 'Pacific/Auckland')).toBe('2026-12-31');
    expect(localDate(new Date('2026-12-31T11:00:00Z'), 'Pacific/Auckland')).toBe('2027-01-01');
  });

  it('uses NZST (UTC+12) in Auckland after daylight time ends on 2026-04-05', () => {
    expect(localDate(new Date('2026-04-05T11:59:59Z'), 'Pacific/Auckland')).toBe('2026-04-05');
    expect(localDate(new Date('2026-04-05T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-04-06');
  });

  it('rejects an unknown time zone', () => {
    expect(() => localDate(new Date('2026-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(CalendarInputError);
  });
});

describe('ISO weeks (Monday start)', () => {
  it('finds the week of a mid-week day with its label', () => {
    expect(periodContaining('weekly', '2026-11-18', ISO)).toEqual({
      cadence: 'weekly',
      id: '2026-W47',
      label: 'Week 47 · 16–22 Nov 2026',
      start: '2026-11-16',
      end: '2026-11-22',
      days: 7,
    });
  });

  it('labels a week spanning two months', () => {
    expect(periodById('weekly', '2026-W49', ISO).label).toBe('Week 49 · 30 Nov–6 Dec 2026');
  });

  it('starts 2026-W01 on Monday 2025-12-29', () => {
    const week = periodContaining('weekly', '2025-12-31', ISO);
    expect(span(week)).toEqual(['2026-W01', '2025-12-29', '2026-01-04']);
    expect(week.label).toBe('Week 1 · 29 Dec 2025–4 Jan 2026');
  });

  it('puts 2021-01-01 in 2020-W53', () => {
    expect(span(periodContaining('weekly', '2021-01-01', ISO))).toEqual(['2020-W53', '2020-12-28', '2021-01-03']);
  });

  it('puts 2026-12-31 in 2026-W53, since 2026 starts on a Thursday', () => {
    expect(span(periodContaining('weekly', '2026-12-31', ISO))).toEqual(['2026-W53', '2026-12-28', '2027-01-03']);
  });

  it('parses a week id back to the same week', () => {
    expect(span(periodById('weekly', '2020-W53', ISO))).toEqual(['2020-W53', '2020-12-28', '2021-01-03']);
    expect(span(periodById('weekly', '2026-W01', ISO))).toEqual(['2026-W01', '2025-12-29', '2026-01-04']);
  });

  it('rejects week 53 of a 52-week year', () => {
    expect(() => periodById('weekly', '2025-W53', ISO)).toThrow(PeriodIdError);
    expect(() => periodById('weekly', '2025-W53', ISO)).toThrow('ISO week-year 2025 has weeks 1 to 52');
  });

  it('rejects week 53 of a year whose 1 January still belongs to the previous ISO year', () => {
    // 2027-01-01 is a Friday in 2026-W53; 2027 itself starts on a Friday and has 52 weeks.
    expect(() => periodById('weekly', '2027-W53', ISO)).toThrow('ISO week-year 2027 has weeks 1 to 52');
  });

  it('moves to the next and previous week across the ISO year end', () => {
    const w53 = periodById('weekly', '2026-W53', ISO);
    expect(nextPeriod(w53, ISO).id).toBe('2027-W01');
    expect(previousPeriod(periodById('weekly', '2026-W01', ISO), ISO).id).toBe('2025-W52');
  });
});

describe('Sunday weeks', () => {
  it('runs Sunday to Saturday, numbered by the ISO week of its Monday', () => {
    const week = periodContaining('weekly', '2026-11-18', SUNDAY);
    expect(span(week)).toEqual(['2026-W47', '2026-11-15', '2026-11-21']);
    expect(week.label).toBe('Week 47 · 15–21 Nov 2026');
  });

  it('starts a new week on Sunday', () => {
    expect(span(periodContaining('weekly', '2026-11-22', SUNDAY))).toEqual(['2026-W48', '2026-11-22', '2026-11-28']);
  });

  it('gives the Sunday before ISO week 1 to week 1', () => {
    // 2025-12-28 is a Sunday; its Monday is 2025-12-29, the first day of ISO 2026-W01.
    expect(span(periodContaining('weekly', '2025-12-28', SUNDAY))).toEqual(['2026-W01', '2025-12-28', '2026-01-03']);
    expect(periodContaining('weekly', '2025-12-28', ISO).id).toBe('2025-W52');
  });

  it('parses a week id to the Sunday before the ISO Monday', () => {
    expect(span(periodById('weekly', '2026-W01', SUNDAY))).toEqual(['2026-W01', '2025-12-28', '2026-01-03']);
  });
});

describe('months', () => {
  it('finds a month with its label', () => {
    expect(periodContaining('monthly', '2026-11-18', ISO)).toEqual({
      cadence: 'monthly',
      id: '2026-11',
      label: 'November 2026',
      start: '2026-11-01',
      end: '2026-11-30',
      days: 30,
    });
  });

  it('counts 29 days in a leap February', () => {
    expect(periodById('monthly', '2024-02', ISO).days).toBe(29);
    expect(periodById('monthly', '2026-02', ISO).end).toBe('2026-02-28');
  });

  it('rejects month 13', () => {
    expect(() => periodById('monthly', '2026-13', ISO)).toThrow('Period id "2026-13" is not a valid monthly period');
  });
});

describe('fiscal quarters', () => {
  it('uses calendar quarters when the fiscal year starts in January', () => {
    expect(periodContaining('quarterly', '2026-11-18', ISO)).toEqual({
      cadence: 'quarterly',
      id: '2026-Q4',
      label: 'Q4 FY2026 · Oct–Dec 2026',
      start: '2026-10-01',
      end: '2026-12-31',
      days: 92,
    });
    expect(periodContaining('quarterly', '2026-11-18', fiscal(1, 'start')).id).toBe('2026-Q4');
  });

  it('names a February-start year by the year it ends in', () => {
    // FY2027 runs Feb 2026 – Jan 2027; November is its tenth month, so Q4.
    const quarter = periodContaining('quarterly', '2026-11-18', fiscal(2, 'end'));
    expect(span(quarter)).toEqual(['2027-Q4', '2026-11-01', '2027-01-31']);
    expect(quarter.label).toBe('Q4 FY2027 · Nov 2026–Jan 2027');
    expect(quarter.days).toBe(92);
  });

  it('names a February-start year by the year it starts in', () => {
    expect(periodContaining('quarterly', '2026-11-18', fiscal(2, 'start')).id).toBe('2026-Q4');
    // January 2026 is the last month of the year that started Feb 2025.
    expect(span(periodContaining('quarterly', '2026-01-15', fiscal(2, 'start')))).toEqual([
      '2025-Q4',
      '2025-11-01',
      '2026-01-31',
    ]);
  });

  it('splits an April-start year at the end of March', () => {
    const settings = fiscal(4, 'end');
    expect(span(periodContaining('quarterly', '2026-03-31', settings))).toEqual(['2026-Q4', '2026-01-01', '2026-03-31']);
    expect(span(periodContaining('quarterly', '2026-04-01', settings))).toEqual(['2027-Q1', '2026-04-01', '2026-06-30']);
    expect(periodContaining('quarterly', '2026-04-01', fiscal(4, 'start')).id).toBe('2026-Q1');
  });

  it('starts a July-start year in July', () => {
    expect(span(periodContaining('quarterly', '2026-08-10', fiscal(7, 'end')))).toEqual(['2027-Q1', '2026-07-01', '2026-09-30']);
    expect(periodContaining('quarterly', '2026-08-10', fiscal(7, 'start')).id).toBe('2026-Q1');
  });

  it('labels an October-start first quarter with the fiscal year', () => {
    const quarter = periodContaining('quarterly', '2026-11-18', fiscal(10, 'end'));
    expect(span(quarter)).toEqual(['2027-Q1', '2026-10-01', '2026-12-31']);
    expect(quarter.label).toBe('Q1 FY2027 · Oct–Dec 2026');
    expect(periodContaining('quarterly', '2026-09-30', fiscal(10, 'end')).id).toBe('2026-Q4');
    expect(periodContaining('quarterly', '2026-11-18', fiscal(10, 'start')).id).toBe('2026-Q1');
  });

  it('parses a fiscal quarter id by the fiscal year number', () => {
    expect(span(periodById('quarterly', '2027-Q1', fiscal(10, 'end')))).toEqual(['2027-Q1', '2026-10-01', '2026-12-31']);
    expect(span(periodById('quarterly', '2026-Q1', fiscal(10, 'start')))).toEqual(['2026-Q1', '2026-10-01', '2026-12-31']);
    expect(span(periodById('quarterly', '2027-Q4', fiscal(2, 'end')))).toEqual(['2027-Q4', '2026-11-01', '2027-01-31']);
  });

  it('rejects quarter 5 naming the id and cadence', () => {
    expect(() => periodById('quarterly', '2026-Q5', ISO)).toThrow(
      'Period id "2026-Q5" is not a valid quarterly period: quarters run from Q1 to Q4',
    );
  });

  it('rejects an id of another cadence', () => {
    expect(() => periodById('quarterly', '2026-11', ISO)).toThrow(PeriodIdError);
    expect(() => periodById('weekly', '2026-11', ISO)).toThrow('expected the form 2026-W47');
  });

  it('reports quarter-to-date through the given day', () => {
    expect(quarterToDate('2026-11-20', ISO)).toMatchObject({
      quarter: { id: '2026-Q4' },
      start: '2026-10-01',
      end: '2026-11-20',
    });
  });
});

describe('latestFullPeriod', () => {
  it('returns the week just finished on the first day of a week', () => {
    expect(span(latestFullPeriod('weekly', '2026-11-23', ISO))).toEqual(['2026-W47', '2026-11-16', '2026-11-22']);
  });

  it('returns the last finished week mid-week', () => {
    expect(latestFullPeriod('weekly', '2026-11-25', ISO).id).toBe('2026-W47');
  });

  it('does not count a week as full on its own last day', () => {
    expect(latestFullPeriod('weekly', '2026-11-22', ISO).id).toBe('2026-W46');
  });

  it('returns W53 on the first Monday of the next ISO year', () => {
    expect(latestFullPeriod('weekly', '2027-01-04', ISO).id).toBe('2026-W53');
  });

  it('returns the previous month on the first of the month and mid-month', () => {
    expect(latestFullPeriod('monthly', '2026-12-01', ISO).id).toBe('2026-11');
    expect(latestFullPeriod('monthly', '2026-12-15', ISO).id).toBe('2026-11');
  });

  it('returns the previous quarter across a year end', () => {
    expect(latestFullPeriod('quarterly', '2027-01-01', ISO).id).toBe('2026-Q4');
    expect(latestFullPeriod('quarterly', '2026-11-20', ISO).id).toBe('2026-Q3');
  });
});

describe('trailingPeriods', () => {
  it('lists the weeks before a period oldest first across the year end', () => {
    const trailing = trailingPeriods(periodById('weekly', '2026-W02', ISO), 3, ISO);
    expect(trailing.map(span)).toEqual([
      ['2025-W51', '2025-12-15', '2025-12-21'],
      ['2025-W52', '2025-12-22', '2025-12-28'],
      ['2026-W01', '2025-12-29', '2026-01-04'],
    ]);
  });

  it('lists the months before February', () => {
    expect(trailingPeriods(periodById('monthly', '2026-02', ISO), 3, ISO).map((p) => p.id)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
  });

  it('lists the quarters before Q1', () => {
    expect(trailingPeriods(periodById('quarterly', '2026-Q1', ISO), 2, ISO).map((p) => p.id)).toEqual(['2025-Q3', '2025-Q4']);
  });

  it('returns nothing for a count of zero', () => {
    expect(trailingPeriods(periodById('monthly', '2026-02', ISO), 0, ISO)).toEqual([]);
  });
});

describe('samePeriodLastYear', () => {
  it('returns the same ISO week number a year earlier', () => {
    expect(span(samePeriodLastYear(periodById('weekly', '2026-W47', ISO), ISO))).toEqual([
      '2025-W47',
      '2025-11-17',
      '2025-11-23',
    ]);
  });

  it('maps week 53 to week 52 when last year had 52 weeks', () => {
    expect(span(samePeriodLastYear(periodById('weekly', '2026-W53', ISO), ISO))).toEqual([
      '2025-W52',
      '2025-12-22',
      '2025-12-28',
    ]);
    expect(samePeriodLastYear(periodById('weekly', '2020-W53', ISO), ISO).id).toBe('2019-W52');
  });

  it('keeps the Sunday start for Sunday weeks', () => {
    expect(span(samePeriodLastYear(periodById('weekly', '2026-W47', SUNDAY), SUNDAY))).toEqual([
      '2025-W47',
      '2025-11-16',
      '2025-11-22',
    ]);
  });

  it('returns the same month and the same fiscal quarter a year earlier', () => {
    expect(samePeriodLastYear(periodById('monthly', '2026-02', ISO), ISO).id).toBe('2025-02');
    const settings = fiscal(10, 'end');
    expect(span(samePeriodLastYear(periodById('quarterly', '2027-Q1', settings), settings))).toEqual([
      '2026-Q1',
      '2025-10-01',
      '2025-12-31',
    ]);
  });
});

describe('elapsedShare', () => {
  const november = periodById('monthly', '2026-11', ISO);

  it('counts the start day as elapsed', () => {
    expect(elapsedShare(november, '2026-11-01')).toBe(1 / 30);
  });

  it('is one half on the 15th of a 30-day month', () => {
    expect(elapsedShare(november, '2026-11-15')).toBe(0.5);
  });

  it('is clamped to 0 before the period and 1 after it', () => {
    expect(elapsedShare(november, '2026-10-20')).toBe(0);
    expect(elapsedShare(november, '2026-11-30')).toBe(1);
    expect(elapsedShare(november, '2026-12-20')).toBe(1);
  });
});

describe('calendarSettings', () => {
  it('takes the calendar fields from config.reporting', () => {
    const config = parseConfig({
      ...SAMPLE_CONFIG_INPUT,
      reporting: { ...SAMPLE_CONFIG_INPUT.reporting, weekStart: 'sunday', fiscalYearStartMonth: 7, fiscalYearNaming: 'start' },
    });
    expect(calendarSettings(config)).toEqual({
      timeZone: 'America/New_York',
      weekStart: 'sunday',
      fiscalYearStartMonth: 7,
      fiscalYearNaming: 'start',
    });
  });
});
