/**
 * Reporting calendars: ISO (or Sunday-start) weeks, calendar months and fiscal quarters.
 *
 * Every day is a local date string (`YYYY-MM-DD`) in the reporting time zone. Only
 * `localDate` touches a time zone; the day arithmetic runs on UTC midnights, where no day is
 * 23 or 25 hours long, so DST cannot shift a date.
 */
import { DateTime } from 'luxon';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { Cadence, CalendarSettings, Period } from './period-types.js';

export class PeriodIdError extends Error {
  constructor(
    readonly cadence: Cadence,
    readonly periodId: string,
    detail: string,
  ) {
    super(`Period id "${periodId}" is not a valid ${cadence} period: ${detail}`);
    this.name = 'PeriodIdError';
  }
}

/** A local date string that is not a real `YYYY-MM-DD` day, or an unknown time zone. */
export class CalendarInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarInputError';
  }
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const monthName = (month: number): string => MONTH_NAMES[month - 1] ?? String(month);
const monthShort = (month: number): string => monthName(month).slice(0, 3);
const pad2 = (value: number): string => String(value).padStart(2, '0');

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a local date as a UTC midnight, the one zone where every day has 24 hours. */
const parseDate = (date: string): DateTime => {
  const parsed = DATE_PATTERN.test(date) ? DateTime.fromISO(date, { zone: 'utc' }) : undefined;
  if (!parsed?.isValid) {
    throw new CalendarInputError(`"${date}" is not a local date in the form YYYY-MM-DD`);
  }
  return parsed;
};

const formatDate = (date: DateTime): string => date.toFormat('yyyy-MM-dd');

/** The local calendar day of an instant in a time zone. */
export function localDate(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!local.isValid) {
    throw new CalendarInputError(
      `Cannot place ${instant.toISOString()} in time zone "${timeZone}": ${local.invalidExplanation ?? local.invalidReason ?? 'invalid'}`,
    );
  }
  return formatDate(local);
}

export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date).plus({ days }));
}

/** `end - start` in whole days (negative when end is before start). */
export function daysBetween(start: string, end: string): number {
  return Math.round(parseDate(end).diff(parseDate(start), 'days').days);
}

/** Every day from start through end, inclusive; empty when end is before start. */
export function eachDay(start: string, end: string): string[] {
  const count = daysBetween(start, end) + 1;
  const first = parseDate(start);
  return Array.from({ length: Math.max(0, count) }, (_, offset) => formatDate(first.plus({ days: offset })));
}

const makePeriod = (cadence: Cadence, id: string, label: string, start: DateTime, end: DateTime): Period => {
  const startText = formatDate(start);
  const endText = formatDate(end);
  return { cadence, id, label, start: startText, end: endText, days: daysBetween(startText, endText) + 1 };
};

/** `16–22 Nov 2026`, `30 Nov–6 Dec 2026`, `29 Dec 2025–4 Jan 2026`. */
const dayRangeLabel = (start: DateTime, end: DateTime): string => {
  if (start.year !== end.year) {
    return `${start.day} ${monthShort(start.month)} ${start.year}–${end.day} ${monthShort(end.month)} ${end.year}`;
  }
  if (start.month !== end.month) {
    return `${start.day} ${monthShort(start.month)}–${end.day} ${monthShort(end.month)} ${end.year}`;
  }
  return `${start.day}–${end.day} ${monthShort(end.month)} ${end.year}`;
};

/** `Oct–Dec 2026`, `Nov 2026–Jan 2027`. */
const monthRangeLabel = (start: DateTime, end: DateTime): string =>
  start.year === end.year
    ? `${monthShort(start.month)}–${monthShort(end.month)} ${end.year}`
    : `${monthShort(start.month)} ${start.year}–${monthShort(end.month)} ${end.year}`;

// ---- weeks ---------------------------------------------------------------------------------

/**
 * A week is named by the ISO week (and ISO week-year) of its Monday. With Monday starts that is
 * plain ISO 8601; with Sunday starts the week runs Sunday–Saturday and takes the number of the
 * Monday that follows its Sunday, so both settings agree on which number a working week gets.
 */
const weekFromMonday = (monday: DateTime, settings: CalendarSettings): Period => {
  const start = settings.weekStart === 'sunday' ? monday.minus({ days: 1 }) : monday;
  const end = start.plus({ days: 6 });
  const id = `${monday.weekYear}-W${pad2(monday.weekNumber)}`;
  return makePeriod('weekly', id, `Week ${monday.weekNumber} · ${dayRangeLabel(start, end)}`, start, end);
};

const weekContaining = (date: DateTime, settings: CalendarSettings): Period => {
  // luxon weekday: Monday 1 … Sunday 7.
  const daysSinceStart = settings.weekStart === 'sunday' ? date.weekday % 7 : date.weekday - 1;
  const start = date.minus({ days: daysSinceStart });
  const monday = settings.weekStart === 'sunday' ? start.plus({ days: 1 }) : start;
  return weekFromMonday(monday, settings);
};

const isoMonday = (weekYear: number, weekNumber: number): DateTime =>
  DateTime.fromObject({ weekYear, weekNumber, weekday: 1 }, { zone: 'utc' });

/** Weeks in an ISO week-year. Asked of 1 June: 1 January can belong to the previous week-year. */
const weeksInWeekYear = (weekYear: number): number =>
  DateTime.fromObject({ year: weekYear, month: 6, day: 1 }, { zone: 'utc' }).weeksInWeekYear;

// ---- months --------------------------------------------------------------------------------

const monthOf = (year: number, month: number): Period => {
  const start = DateTime.fromObject({ year, month, day: 1 }, { zone: 'utc' });
  return makePeriod('monthly', `${year}-${pad2(month)}`, `${monthName(month)} ${year}`, start, start.endOf('month').startOf('day'));
};

// ---- fiscal quarters -----------------------------------------------------------------------

/** The fiscal year number of the fiscal year whose first month falls in `startYear`. */
const fiscalYearName = (startYear: number, settings: CalendarSettings): number =>
  settings.fiscalYearNaming === 'start' || settings.fiscalYearStartMonth === 1 ? startYear : startYear + 1;

const fiscalStartYear = (fiscalYear: number, settings: CalendarSettings): number =>
  settings.fiscalYearNaming === 'start' || settings.fiscalYearStartMonth === 1 ? fiscalYear : fiscalYear - 1;

const quarterOf = (fiscalYear: number, quarter: number, settings: CalendarSettings): Period => {
  const fiscalStart = DateTime.fromObject(
    { year: fiscalStartYear(fiscalYear, settings), month: settings.fiscalYearStartMonth, day: 1 },
    { zone: 'utc' },
  );
  const start = fiscalStart.plus({ months: 3 * (quarter - 1) });
  const end = start.plus({ months: 3 }).minus({ days: 1 });
  const label = `Q${quarter} FY${fiscalYear} · ${monthRangeLabel(start, end)}`;
  return makePeriod('quarterly', `${fiscalYear}-Q${quarter}`, label, start, end);
};

const quarterContaining = (date: DateTime, settings: CalendarSettings): Period => {
  const startMonth = settings.fiscalYearStartMonth;
  const monthsIntoYear = (date.month - startMonth + 12) % 12;
  const startYear = date.month >= startMonth ? date.year : date.year - 1;
  return quarterOf(fiscalYearName(startYear, settings), Math.floor(monthsIntoYear / 3) + 1, settings);
};

// ---- public API ----------------------------------------------------------------------------

export function periodContaining(cadence: Cadence, date: string, settings: CalendarSettings): Period {
  const day = parseDate(date);
  switch (cadence) {
    case 'weekly':
      return weekContaining(day, settings);
    case 'monthly':
      return monthOf(day.year, day.month);
    case 'quarterly':
      return quarterContaining(day, settings);
  }
}

/** The last period that ended before `asOf`: on the first day of a period, the one just finished. */
export function latestFullPeriod(cadence: Cadence, asOf: string, settings: CalendarSettings): Period {
  return previousPeriod(periodContaining(cadence, asOf, settings), settings);
}

const PERIOD_ID_PATTERNS: Readonly<Record<Cadence, { pattern: RegExp; example: string }>> = {
  weekly: { pattern: /^(\d{4})-W(\d{2})$/, example: '2026-W47' },
  monthly: { pattern: /^(\d{4})-(\d{2})$/, example: '2026-11' },
  quarterly: { pattern: /^(\d{4})-Q(\d)$/, example: '2026-Q4' },
};

/** Parses `2026-W47`, `2026-11` or `2026-Q4` (fiscal year number) into its period. */
export function periodById(cadence: Cadence, id: string, settings: CalendarSettings): Period {
  const { pattern, example } = PERIOD_ID_PATTERNS[cadence];
  const match = pattern.exec(id);
  if (!match) {
    throw new PeriodIdError(cadence, id, `expected the form ${example}`);
  }
  const year = Number(match[1]);
  const number = Number(match[2]);
  switch (cadence) {
    case 'weekly': {
      const weeks = weeksInWeekYear(year);
      if (number < 1 || number > weeks) {
        throw new PeriodIdError(cadence, id, `ISO week-year ${year} has weeks 1 to ${weeks}`);
      }
      return weekFromMonday(isoMonday(year, number), settings);
    }
    case 'monthly':
      if (number < 1 || number > 12) {
        throw new PeriodIdError(cadence, id, 'months run from 01 to 12');
      }
      return monthOf(year, number);
    case 'quarterly':
      if (number < 1 || number > 4) {
        throw new PeriodIdError(cadence, id, 'quarters run from Q1 to Q4');
      }
      return quarterOf(year, number, settings);
  }
}

export function previousPeriod(period: Period, settings: CalendarSettings): Period {
  return periodContaining(period.cadence, addDays(period.start, -1), settings);
}

export function nextPeriod(period: Period, settings: CalendarSettings): Period {
  return periodContaining(period.cadence, addDays(period.end, 1), settings);
}

/** The `count` periods before `period`, oldest first (`period` itself is not included). */
export function trailingPeriods(period: Period, count: number, settings: CalendarSettings): Period[] {
  const periods: Period[] = [];
  let cursor = period;
  for (let index = 0; index < count; index += 1) {
    cursor = previousPeriod(cursor, settings);
    periods.unshift(cursor);
  }
  return periods;
}

/**
 * The same week number, month or fiscal quarter one year earlier. Week 53 maps to the last week
 * of the previous week-year when that year has only 52 weeks.
 */
export function samePeriodLastYear(period: Period, settings: CalendarSettings): Period {
  const { pattern } = PERIOD_ID_PATTERNS[period.cadence];
  const match = pattern.exec(period.id);
  if (!match) {
    throw new PeriodIdError(period.cadence, period.id, 'cannot find the same period last year');
  }
  const year = Number(match[1]) - 1;
  const number = Number(match[2]);
  switch (period.cadence) {
    case 'weekly':
      return weekFromMonday(isoMonday(year, Math.min(number, weeksInWeekYear(year))), settings);
    case 'monthly':
      return monthOf(year, number);
    case 'quarterly':
      return quarterOf(year, number, settings);
  }
}

/** The fiscal quarter containing `date`, and the days of it so far (through `date`). */
export function quarterToDate(date: string, settings: CalendarSettings): { quarter: Period; start: string; end: string } {
  const quarter = periodContaining('quarterly', date, settings);
  return { quarter, start: quarter.start, end: date };
}

/** Share of the period's days from its start through `throughDate` inclusive, clamped to 0..1. */
export function elapsedShare(period: Period, throughDate: string): number {
  const elapsed = daysBetween(period.start, throughDate) + 1;
  return Math.min(1, Math.max(0, elapsed / period.days));
}

export function calendarSettings(config: FunnelReviewConfig): CalendarSettings {
  const { timeZone, weekStart, fiscalYearStartMonth, fiscalYearNaming } = config.reporting;
  return { timeZone, weekStart, fiscalYearStartMonth, fiscalYearNaming };
}
