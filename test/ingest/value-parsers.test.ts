import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../lambdas/ingest/record-reader.js';
import { createDateParser, createNumberParser, slug } from '../../lambdas/ingest/value-parsers.js';

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
