/**
 * Parsers for command-line values. Each throws commander's InvalidArgumentError, so the message
 * names the option and the value; the program turns that into exit code 2.
 */
import { InvalidArgumentError } from 'commander';
import { DateTime } from 'luxon';

/** Arguments that parse one by one but do not fit together (`--from` after `--to`). */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

export const parseDateArgument = (value: string): string => {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: 'utc' }) : undefined;
  if (!parsed?.isValid) throw new InvalidArgumentError('Expected a date in the form YYYY-MM-DD, e.g. 2026-11-23.');
  return value;
};

export const parseSeedArgument = (value: string): number => {
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) {
    throw new InvalidArgumentError('Expected a whole number from 0 to 4294967295.');
  }
  return Number(value);
};

export const parseScaleArgument = (value: string): number => {
  const scale = Number(value);
  if (value.trim() === '' || !Number.isFinite(scale) || scale <= 0 || scale > 1000) {
    throw new InvalidArgumentError('Expected a positive number up to 1000 (1 ≈ 60-120 new leads per weekday).');
  }
  return scale;
};

/** `--team` may repeat: each occurrence adds one team. */
export const collectTeam = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Today in the reporting time zone: the day a run "is" when no `--as-of` is given. */
export const todayIn = (timeZone: string, now: Date = new Date()): string =>
  DateTime.fromJSDate(now, { zone: timeZone }).toFormat('yyyy-MM-dd');

export const shiftDate = (date: string, change: { days?: number; years?: number }): string =>
  DateTime.fromISO(date, { zone: 'utc' })
    .plus({ days: change.days ?? 0, years: change.years ?? 0 })
    .toFormat('yyyy-MM-dd');

export const requireOrderedRange = (from: string, to: string): void => {
  if (from > to) throw new CliUsageError(`--from ${from} is after --to ${to}.`);
};

/**
 * The instant a run at `asOf` pretends it is: 07:00 in the reporting time zone, when the
 * scheduled packs go out.
 */
export const asOfInstant = (asOf: string, timeZone: string): Date =>
  DateTime.fromISO(`${asOf}T07:00:00`, { zone: timeZone }).toJSDate();
