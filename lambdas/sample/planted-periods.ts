import { DateTime } from 'luxon';

/** A local date range (inclusive) with the period id the packs use for it. */
export interface PlantedPeriod {
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

export interface PlantedPeriods {
  /** The last full Monday-start week ending on or before `to`: the weekly pack's week. */
  readonly week: PlantedPeriod;
  /** The last full calendar month ending on or before `to`. */
  readonly month: PlantedPeriod;
  /** The last full calendar quarter ending on or before `to`. */
  readonly quarter: PlantedPeriod;
}

const pad2 = (value: number): string => String(value).padStart(2, '0');
const isoDate = (date: DateTime): string => date.toFormat('yyyy-MM-dd');

/**
 * The periods the planted events fall in, relative to the end of the range, so the packs a
 * run makes "the day after `to`" catch them (a pack covers the last period that has ended).
 */
export const plantedPeriods = (to: string, timeZone: string): PlantedPeriods => {
  const dayAfter = DateTime.fromISO(to, { zone: timeZone }).plus({ days: 1 });
  // luxon weeks are ISO weeks: Monday start.
  const weekStart = dayAfter.startOf('week').minus({ weeks: 1 });
  const monthStart = dayAfter.startOf('month').minus({ months: 1 });
  const quarterStart = dayAfter.startOf('quarter').minus({ quarters: 1 });
  return {
    week: {
      id: `${weekStart.weekYear}-W${pad2(weekStart.weekNumber)}`,
      start: isoDate(weekStart),
      end: isoDate(weekStart.plus({ days: 6 })),
    },
    month: {
      id: monthStart.toFormat('yyyy-MM'),
      start: isoDate(monthStart),
      end: isoDate(monthStart.endOf('month')),
    },
    quarter: {
      id: `${quarterStart.year}-Q${quarterStart.quarter}`,
      start: isoDate(quarterStart),
      end: isoDate(quarterStart.endOf('quarter')),
    },
  };
};
