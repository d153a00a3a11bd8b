export const CADENCES = ['weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];

/** The calendar settings from config (`reporting`). */
export interface CalendarSettings {
  readonly timeZone: string;
  readonly weekStart: 'monday' | 'sunday';
  readonly fiscalYearStartMonth: number;
  readonly fiscalYearNaming: 'start' | 'end';
}

/**
 * A reporting period. Days are local dates (`YYYY-MM-DD`) in the reporting time zone, which is
 * also how the lake's `dt` partitions are named, so a period maps straight onto partitions.
 */
export interface Period {
  readonly cadence: Cadence;
  /** `2026-W47` (ISO week, or the week-start variant), `2026-11`, `2026-Q4` (fiscal). */
  readonly id: string;
  /** For people: `Week 47 · 16–22 Nov 2026`, `November 2026`, `Q4 FY2026 · Oct–Dec 2026`. */
  readonly label: string;
  /** First day, inclusive. */
  readonly start: string;
  /** Last day, inclusive. */
  readonly end: string;
  readonly days: number;
}
