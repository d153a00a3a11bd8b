import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvQuoteNotClosedError, CsvRecordSplitter } from '../../lambdas/ingest/csv-records.js';

/** Records and `\n` counts from the splitter, the text fed in pieces of `chunk` characters. */
const split = (text: string, options: { delimiter?: string; quote?: string; chunk?: number } = {}): { records: string[][]; newlines: number[] } => {
  const records: string[][] = [];
  const newlines: number[] = [];
  const splitter = new CsvRecordSplitter({
    delimiter: options.delimiter ?? ',',
    quote: options.quote ?? '"',
    onRecord: (fields, n) => {
      records.push(fields);
      newlines.push(n);
    },
  });
  const chunk = options.chunk ?? text.length;
  for (let at = 0; at < text.length; at += chunk) splitter.push(text.slice(at, at + chunk));
  splitter.end();
  return { records, newlines };
};

/** What csv-parse, as the ingest used to configure it, makes of the same text. */
const csvParse = (text: string, delimiter = ',', quote = '"'): string[][] =>
  parse(text, { bom: true, delimiter, quote, relax_column_count: true, relax_quotes: true }) as string[][];

describe('CSV record splitter', () => {
  it('splits CRLF lines with a quoted delimiter, an escaped quote and an empty line', () => {
    // Prepare
    const text = 'a,b,c\r\n1,"x, ""y""",3\r\n\r\nlast,,\r\n';

    // Act
    const { records } = split(text);

    // Assess
    expect(records).toEqual([['a', 'b', 'c'], ['1', 'x, "y"', '3'], [''], ['last', '', '']]);
  });

  it('keeps a line break inside quotes and counts it', () => {
    // Prepare: the second record spans two lines.
    const text = 'id;note\n1;"two\nlines"\n2;plain\n';

    // Act
    const { records, newlines } = split(text, { delimiter: ';', chunk: 3 });

    // Assess
    expect(records).toEqual([['id', 'note'], ['1', 'two\nlines'], ['2', 'plain']]);
    expect(newlines).toEqual([0, 1, 0]);
  });

  it('keeps stray quotes as text, as csv-parse does with relax_quotes', () => {
    // Prepare: a quote inside an unquoted field, and text after a closing quote.
    const text = 'a,b\n5" screen,"ab"c\n';

    // Act
    const { records } = split(text);

    // Assess
    expect(records).toEqual([['a', 'b'], ['5" screen', '"ab"c']]);
  });

  it('reports the line an unclosed quote leaves the file on', () => {
    // Prepare: the quote opened on line 2 is still open at the end of line 3.
    const text = 'a,b\n1,"open\nstill open\n';

    // Act
    const act = (): unknown => split(text);

    // Assess
    expect(act).toThrow(new CsvQuoteNotClosedError(3));
    expect(act).toThrow('Quote Not Closed: the parsing is finished with an opening quote at line 3');
  });

  it('gives the same records as csv-parse on random text, whatever the chunk size', () => {
    // Prepare: a fixed pseudo-random sequence over the characters that matter to CSV.
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const alphabet = ['a', 'b', ',', ';', '"', "'", '\r', '\n', '\r\n', ' ', 'é'];
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: 1 + random(40) }, () => alphabet[random(alphabet.length)]).join('');
      const [delimiter, quote] = round % 3 === 0 ? [';', "'"] : [',', '"'];
      let expected: string[][] | 'unclosed';
      try {
        expected = csvParse(text, delimiter, quote);
      } catch (error) {
        expect((error as { code?: string }).code).toBe('CSV_QUOTE_NOT_CLOSED');
        expected = 'unclosed';
      }

      // Act
      for (const chunk of [text.length, 1 + random(5)]) {
        let actual: string[][] | 'unclosed';
        try {
          actual = split(text, { delimiter, quote, chunk }).records;
        } catch (error) {
          expect(error).toBeInstanceOf(CsvQuoteNotClosedError);
          actual = 'unclosed';
        }

        // Assess
        expect({ text, chunk, records: actual }).toEqual({ text, chunk, records: expected });
      }
    }
  });
});
