import { DateTime } from 'luxon';

/**
 * Cell parsers built once per source and called once per cell, so they avoid Luxon on the hot
 * path (ISO timestamps with an offset) and memoise the rest (date-only values repeat a lot).
 */

export const DAY_MS = 86_400_000;

/** `DD-MM-YYYY`-style spellings (spreadsheets, moment) to Luxon tokens; Luxon formats pass through. */
export const toLuxonFormat = (format: string): string =>
  /Y|D/.test(format) ? format.replace(/YYYY/g, 'yyyy').replace(/YY/g, 'yy').replace(/DD/g, 'dd').replace(/D/g, 'd') : format;

/** The date part of a date-time format (`dd-MM-yyyy HH:mm` → `dd-MM-yyyy`), for values given without time. */
const dateOnlyPart = (format: string): string | undefined => {
  const cut = format.search(/[ T'][^]*[Hhms]/);
  if (cut <= 0) return undefined;
  const part = format.slice(0, cut).trim();
  return part === format ? undefined : part;
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/*
 * The day arithmetic below runs once a row. It takes the same steps for every date and chooses
 * only between constants: a step that runs only for January and February, or for a leap year,
 * reached for the first time after the code was optimised (a year's export starting in March),
 * sent V8 back to unoptimised code and a recompile.
 */
const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number): boolean => {
  const by4 = year % 4 === 0;
  const by100 = year % 100 === 0;
  const by400 = year % 400 === 0;
  return (by4 && !by100) || by400;
};
/** Days in `month` (1–12) of `year`; NaN for a month out of range. */
const daysInMonth = (year: number, month: number): number => {
  const leapDay = isLeap(year) ? 1 : 0;
  return (DAYS_IN_MONTH[month] ?? NaN) + (month === 2 ? leapDay : 0);
};

interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  /** Minutes east of UTC when the value carried an offset. */
  readonly offsetMinutes?: number;
}

/** Two ASCII digits at `at` as a number, or NaN. */
const twoDigits = (text: string, at: number): number => {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
};

/**
 * `YYYY-MM-DDTHH:MM:SSZ` (or with a space, or `.sss`), the usual export spelling, read from char
 * codes: several times faster than the regular expression, which handles every other form.
 */
const utcIsoFast = (text: string): number | undefined => {
  const n = text.length;
  if ((n !== 20 && n !== 24) || text.charCodeAt(n - 1) !== 90 /* Z */) return undefined;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 32) || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  let millisecond = 0;
  if (n === 24) {
    const c = text.charCodeAt(22) - 48;
    millisecond = text.charCodeAt(19) === 46 && c >= 0 && c <= 9 ? twoDigits(text, 20) * 10 + c : NaN;
  }
  // NaN fails every comparison, so a non-digit anywhere falls through to the regular expression.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && millisecond >= 0)) return undefined;
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
};

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil): what
 * Date.UTC computes, in arithmetic a quarter of its cost, for a million timestamps a file.
 */
export const daysFromCivil = (year: number, month: number, day: number): number => {
  // Years start in March here, so that February's leap day comes last.
  const y = year - (month <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
};

const parseIsoWallClock = (text: string): WallClock | undefined => {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millisecond = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8];
  let offsetMinutes: number | undefined;
  if (zone === 'Z' || zone === 'z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
  }
  return { year, month, day, hour, minute, second, millisecond, offsetMinutes };
};

/** Local days, and hours, remembered per zone clock; beyond it the cache starts over. */
const ZONE_CACHE_LIMIT = 100_000;

/**
 * Wall-clock time in an IANA zone → epoch ms, as Luxon's `DateTime.fromObject(…, { zone })` gives
 * it (a time in a DST gap moves forward, an ambiguous one takes Luxon's pick). Luxon is asked once
 * per local day for the offset at its first and its last millisecond: a day where the two agree has
 * one offset throughout (zones change offset at most once a day). A day where they differ is asked
 * once per local hour the same way, and an hour where they differ goes to Luxon for every value.
 * (Asked per hour alone, a HubSpot export whose dates span two years asked Luxon 35,000 times, 1.5 s
 * of a 300,000-contact run.)
 */
export const createZonedClock = (zone: string): ((w: WallClock) => number) => {
  const days = new Map<number, number>();
  const hours = new Map<number, number>();
  const luxon = (w: WallClock): number =>
    DateTime.fromObject(
      { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second, millisecond: w.millisecond },
      { zone },
    ).toMillis();
  /** The offset from `start` (a wall-clock time read as UTC) through `start + length - 1`, NaN if it changes. */
  const offsetOver = (cache: Map<number, number>, start: number, length: number, w: WallClock, first: Partial<WallClock>, last: Partial<WallClock>): number => {
    let offset = cache.get(start);
    if (offset === undefined) {
      const atFirst = start - luxon({ ...w, ...first });
      const atLast = start + length - 1 - luxon({ ...w, ...last });
      offset = atFirst === atLast ? atFirst : NaN;
      if (cache.size >= ZONE_CACHE_LIMIT) cache.clear();
      cache.set(start, offset);
    }
    return offset;
  };
  return (w) => {
    const wall = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
    const dayStart = Date.UTC(w.year, w.month - 1, w.day);
    let offset = offsetOver(days, dayStart, 86_400_000, w, { hour: 0, minute: 0, second: 0, millisecond: 0 }, { hour: 23, minute: 59, second: 59, millisecond: 999 });
    if (Number.isNaN(offset)) {
      const hourStart = dayStart + w.hour * 3_600_000;
      offset = offsetOver(hours, hourStart, 3_600_000, w, { minute: 0, second: 0, millisecond: 0 }, { minute: 59, second: 59, millisecond: 999 });
    }
    return Number.isNaN(offset) ? luxon(w) : wall - offset;
  };
};

/** Fixed-width numeric tokens a positional reader handles; Luxon reads them as exactly this many digits. */
const FIXED_TOKENS: Readonly<Record<string, keyof WallClock>> = { yyyy: 'year', MM: 'month', dd: 'day', HH: 'hour', mm: 'minute', ss: 'second' };

/**
 * A Luxon format made only of `yyyy MM dd HH mm ss` and separators (`yyyy-MM-dd HH:mm`,
 * `dd/MM/yyyy`), compiled into a reader of those positions; undefined for any other format.
 */
const positionalReader = (format: string): ((text: string) => WallClock | undefined) | undefined => {
  const fields: { at: number; width: number; field: keyof WallClock }[] = [];
  const literals: { at: number; code: number }[] = [];
  let at = 0;
  for (let i = 0; i < format.length; ) {
    const token = ['yyyy', 'MM', 'dd', 'HH', 'mm', 'ss'].find((t) => format.startsWith(t, i));
    if (token !== undefined) {
      fields.push({ at, width: token.length, field: FIXED_TOKENS[token] as keyof WallClock });
      at += token.length;
      i += token.length;
      continue;
    }
    const char = format[i] as string;
    // Any other letter is a Luxon token, and a quote starts a quoted literal: not positional.
    if (/[A-Za-z']/.test(char)) return undefined;
    literals.push({ at, code: char.charCodeAt(0) });
    at += 1;
    i += 1;
  }
  if (!fields.some((f) => f.field === 'year') || !fields.some((f) => f.field === 'month') || !fields.some((f) => f.field === 'day')) return undefined;
  const length = at;
  return (text) => {
    if (text.length !== length) return undefined;
    for (const literal of literals) if (text.charCodeAt(literal.at) !== literal.code) return undefined;
    const w = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
    for (const { at: start, width, field } of fields) {
      const value = width === 4 ? twoDigits(text, start) * 100 + twoDigits(text, start + 2) : twoDigits(text, start);
      if (Number.isNaN(value)) return undefined;
      (w as Record<string, number>)[field] = value;
    }
    const valid = w.month >= 1 && w.month <= 12 && w.day >= 1 && w.day <= daysInMonth(w.year, w.month) && w.hour <= 23 && w.minute <= 59 && w.second <= 59;
    return valid ? w : undefined;
  };
};

/** Bounded memo: a long file of distinct timestamps must not grow it without limit. */
class Memo<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    if (this.entries.size >= this.limit) this.entries.clear();
    this.entries.set(key, value);
  }
}

export interface DateParser {
  /** The format as configured, for messages. */
  readonly format: string;
  /** UTC epoch milliseconds of the instant, or undefined when the text is not a date in the format. */
  instant(text: string): number | undefined;
  /** Days since 1970-01-01 of the calendar date as written, or undefined. */
  calendarDay(text: string): number | undefined;
}

/**
 * `format` is `iso` or a date format; `zone` is the IANA zone of wall-clock values without an
 * offset (date-only values are midnight there).
 */
export const createDateParser = (format: string, zone: string): DateParser => {
  const instants = new Memo<number | null>(50_000);
  const days = new Memo<number | null>(50_000);
  const zoned = createZonedClock(zone);
  const wallToInstant = (w: WallClock): number =>
    w.offsetMinutes === undefined ? zoned(w) : Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond) - w.offsetMinutes * 60_000;

  if (format.toLowerCase() === 'iso') {
    return {
      format: 'iso',
      instant(text) {
        const fast = utcIsoFast(text);
        if (fast !== undefined) return fast;
        const w = parseIsoWallClock(text);
        if (!w) return undefined;
        return wallToInstant(w);
      },
      calendarDay(text) {
        const w = parseIsoWallClock(text);
        return w ? Math.floor(Date.UTC(w.year, w.month - 1, w.day) / DAY_MS) : undefined;
      },
    };
  }

  const full = toLuxonFormat(format);
  const dateOnly = dateOnlyPart(full);
  // Fixed-width numeric formats (most exports') are read by position, Luxon kept for the rest.
  const readFull = positionalReader(full);
  const readDateOnly = dateOnly === undefined ? undefined : positionalReader(dateOnly);
  const positional = (text: string): WallClock | undefined => readFull?.(text) ?? readDateOnly?.(text);
  const parseWith = (text: string, inZone: string): DateTime | undefined => {
    let parsed = DateTime.fromFormat(text, full, { zone: inZone });
    if (!parsed.isValid && dateOnly !== undefined) parsed = DateTime.fromFormat(text, dateOnly, { zone: inZone });
    return parsed.isValid ? parsed : undefined;
  };
  return {
    format,
    instant(text) {
      const w = positional(text);
      if (w !== undefined) return zoned(w);
      const cached = instants.get(text);
      if (cached !== undefined) return cached ?? undefined;
      const value = parseWith(text, zone)?.toMillis();
      instants.set(text, value ?? null);
      return value;
    },
    calendarDay(text) {
      const w = positional(text);
      if (w !== undefined) return Math.floor(Date.UTC(w.year, w.month - 1, w.day) / DAY_MS);
      const cached = days.get(text);
      if (cached !== undefined) return cached ?? undefined;
      const parsed = parseWith(text, 'UTC');
      const value = parsed ? Math.floor(Date.UTC(parsed.year, parsed.month - 1, parsed.day) / DAY_MS) : undefined;
      days.set(text, value ?? null);
      return value;
    },
  };
};

export interface NumberFormat {
  readonly decimal: '.' | ',';
  readonly thousands: ',' | '.' | ' ' | "'" | '';
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `1,234.50`, `$1,234.50`, `1.234,50 €`, `USD 99` → number; undefined when the text is not a
 * number in the format (e.g. `1,23` with `,` as thousands separator).
 */
export const createNumberParser = ({ decimal, thousands }: NumberFormat): ((text: string) => number | undefined) => {
  const group = thousands === ' ' ? '[ \\u00a0\\u202f]' : escapeRegExp(thousands);
  const grouped = thousands === '' ? '\\d+' : `(?:\\d{1,3}(?:${group}\\d{3})+|\\d+)`;
  const pattern = new RegExp(`^([-+]?)(${grouped})(?:${escapeRegExp(decimal)}(\\d+))?$`);
  const groupSeparators = new RegExp(group, 'g');
  const plain = /^-?\d+(?:\.\d+)?$/;
  // Currency symbols and ISO codes before or after the figure.
  const currency = /^(?:[A-Za-z]{3}\s*|[$€£¥₹]\s*)|(?:\s*[A-Za-z]{3}|\s*[$€£¥₹])$/g;
  return (text) => {
    if (decimal === '.' && plain.test(text)) return Number(text);
    const stripped = text.replace(currency, '').trim();
    const m = pattern.exec(stripped);
    if (!m) return undefined;
    const digits = thousands === '' ? (m[2] ?? '') : (m[2] ?? '').replace(groupSeparators, '');
    return Number(`${m[1] ?? ''}${digits}${m[3] === undefined ? '' : `.${m[3]}`}`);
  };
};

/** `Paid Search` → `paid_search`: unmapped channel values keep a stable, comparable spelling. */
export const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
