import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../lambdas/ingest/record-reader.js';
import { createReportingDate } from '../../lambdas/ingest/row-mapper.js';
import { createDateParser, createNumberParser, daysFromCivil, slug } from '../../lambdas/ingest/value-parsers.js';

describe('date parsing', () => {
  const iso = createDateParser('iso', 'America/New_York');

  it('reads an ISO timestamp with Z as that instant', () => {
    expect(iso.instant('2026-03-04T13:22:05Z')).toBe(Date.UTC(2026, 2, 4, 13, 22, 5));
  });

  it('reads an ISO timestamp without offset as wall-clock time in the source zone', () => {
    // 09:00 in New York on 4 March 2026 is EST, UTC-5.
    expect(iso.instant('2026-03-04T09:00:00')).toBe(Date.UTC(2026, 2, 4, 14));
  });

  it('reads a date-only value as midnight in the source zone', () => {
    // After the 8 March 2026 DST change New York is UTC-4.
    expect(iso.instant('2026-03-09')).toBe(Date.UTC(2026, 2, 9, 4));
  });

  it('refuses a day that does not exist', () => {
    expect(iso.instant('2026-02-31T00:00:00Z')).toBeUndefined();
  });

  it('accepts DD-MM-YYYY HH:mm with or without the time', () => {
    const european = createDateParser('DD-MM-YYYY HH:mm', 'UTC');
    expect(european.instant('04-03-2026 18:45')).toBe(Date.UTC(2026, 2, 4, 18, 45));
    expect(european.instant('04-03-2026')).toBe(Date.UTC(2026, 2, 4));
  });

  it('reads MM/dd/yyyy as a calendar day', () => {
    // 2026-03-04 is day 20516 after 1970-01-01.
    expect(createDateParser('MM/dd/yyyy', 'America/New_York').calendarDay('03/04/2026')).toBe(20516);
  });
});

describe('number parsing', () => {
  it('reads thousands separators and currency symbols', () => {
    const parse = createNumberParser({ decimal: '.', thousands: ',' });
    expect(parse('1,234.50')).toBe(1234.5);
    expect(parse('$12,500')).toBe(12500);
    expect(parse('99 USD')).toBe(99);
  });

  it('reads decimal commas', () => {
    expect(createNumberParser({ decimal: ',', thousands: '.' })('1.234,50 €')).toBe(1234.5);
  });

  it('refuses misplaced thousands separators and words', () => {
    const parse = createNumberParser({ decimal: '.', thousands: ',' });
    expect(parse('1,23')).toBeUndefined();
    expect(parse('unknown')).toBeUndefined();
  });
});

describe('text helpers', () => {
  it('slugs an unmapped channel', () => {
    expect(slug('Trade Show (EMEA)')).toBe('trade_show_emea');
  });

  it('detects the delimiter from the header line', () => {
    expect(detectDelimiter('Date;Channel;"Cost, USD";Clicks')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
});

describe('date fast paths agree with Luxon', () => {
  it('reads ISO timestamps (Z, offsets, wall clock around the DST changes) as Luxon does', () => {
    // Prepare: New York springs forward on 8 March and falls back on 1 November 2026.
    const zone = 'America/New_York';
    const parser = createDateParser('iso', zone);
    const texts = [
      '2026-03-08T06:59:59Z',
      '2026-03-08T07:00:00.250Z',
      '2026-03-08T01:30:00-05:00',
      '2026-03-08T03:30:00-0400',
      '2026-11-01T01:30:00+05:30',
      '2026-03-08T01:59:00',
      '2026-03-08T03:00:00',
      '2026-11-01T00:59:00',
      '2026-11-01T02:00:00',
      '2026-11-01',
    ];

    // Act
    const fast = texts.map((text) => parser.instant(text));

    // Assess
    expect(fast).toEqual(texts.map((text) => DateTime.fromISO(text, { zone }).toMillis()));
  });

  it('reads UTC timestamps (the usual export spelling) as Luxon does, and refuses impossible ones', () => {
    // Prepare
    const parser = createDateParser('iso', 'America/New_York');
    const valid = ['2024-02-29T23:59:59Z', '2000-02-29T12:00:00Z', '2026-04-30T00:00:00Z', '2026-12-31 00:00:00Z', '2026-03-04T13:22:05.007Z', '2026-03-04T13:22:05.999Z', '2000-01-01T00:00:00Z'];
    const invalid = ['2025-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:60Z', '2026-01-0xT00:00:00Z', '2026-01-01T00:00:00.12xZ', '2026/01/01T00:00:00Z'];

    // Act
    const fast = valid.map((text) => parser.instant(text));

    // Assess
    expect(fast).toEqual(valid.map((text) => DateTime.fromISO(text.replace(' ', 'T'), { zone: 'UTC' }).toMillis()));
    expect(invalid.map((text) => parser.instant(text))).toEqual(invalid.map(() => undefined));
  });

  it('counts the days of every date from 1899 to 2101 as Date.UTC does (leap years, centuries, before 1970)', () => {
    // Prepare
    const dates: [number, number, number][] = [];
    for (let day = Date.UTC(1899, 0, 1); day <= Date.UTC(2101, 11, 31); day += 86_400_000) {
      const d = new Date(day);
      dates.push([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()]);
    }

    // Act
    const mismatches = dates.filter(([y, m, d]) => daysFromCivil(y, m, d) * 86_400_000 !== Date.UTC(y, m - 1, d));

    // Assess
    expect(dates.length).toBeGreaterThan(73_000);
    expect(mismatches).toEqual([]);
  });

  it('places every hour around both DST changes on the reporting day Luxon gives', () => {
    // Prepare: each hour from 6 to 10 March and 30 October to 3 November 2026, in two zones.
    const hours = [Date.UTC(2026, 2, 6), Date.UTC(2026, 9, 30)].flatMap((start) => Array.from({ length: 96 }, (_, i) => start + i * 3_600_000 + 1_800_000));
    for (const zone of ['America/New_York', 'Europe/Berlin']) {
      const reportingDate = createReportingDate(zone);

      // Act
      const fast = hours.map((ms) => reportingDate(ms));

      // Assess
      expect(fast).toEqual(hours.map((ms) => DateTime.fromMillis(ms, { zone }).toISODate()));
    }
  });

  it('reads fixed-width formats by position as Luxon does, every 10 minutes around the DST changes in four zones', () => {
    // Prepare: wall-clock texts each 10 minutes over two days around each 2026 change (gaps and
    // repeated hours included), in zones with whole-hour, half-hour-shift and no DST.
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    const starts = [Date.UTC(2026, 2, 7), Date.UTC(2026, 2, 28), Date.UTC(2026, 3, 4), Date.UTC(2026, 9, 3), Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 31)];
    const walls = starts.flatMap((start) => Array.from({ length: 2 * 144 }, (_, i) => DateTime.fromMillis(start + i * 600_000, { zone: 'UTC' })));
    const cases = [
      { format: 'yyyy-MM-dd HH:mm', luxon: 'yyyy-MM-dd HH:mm' },
      { format: 'DD-MM-YYYY HH:mm:ss', luxon: 'dd-MM-yyyy HH:mm:ss' },
      { format: 'MM/dd/yyyy', luxon: 'MM/dd/yyyy' },
    ];
    for (const zone of zones) {
      for (const { format, luxon } of cases) {
        const parser = createDateParser(format, zone);
        const texts = walls.map((wall) => wall.toFormat(luxon));

        // Act
        const fast = texts.map((text) => parser.instant(text));

        // Assess
        expect(fast, `${format} in ${zone}`).toEqual(texts.map((text) => DateTime.fromFormat(text, luxon, { zone }).toMillis()));
      }
    }
  });

  it('reads a date-only value of a date-time format, and refuses impossible days, by position as Luxon does', () => {
    // Prepare
    const parser = createDateParser('yyyy-MM-dd HH:mm', 'America/New_York');

    // Act
    const dateOnly = parser.instant('2026-03-08');
    const day = parser.calendarDay('2026-03-08 23:30');

    // Assess
    expect(dateOnly).toBe(DateTime.fromISO('2026-03-08', { zone: 'America/New_York' }).toMillis());
    expect(day).toBe(Math.floor(Date.UTC(2026, 2, 8) / 86_400_000));
    expect(['2025-02-29 10:00', '2026-13-01 10:00', '2026-01-01 10:60', '2026-01-0x 10:00', '2026/01/01 10:00'].map((text) => parser.instant(text))).toEqual(
      Array.from({ length: 5 }, () => undefined),
    );
  });
});
