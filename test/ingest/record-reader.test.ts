import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../lambdas/ingest/record-reader.js';

/** Each record's asked-for cells and start line, the body fed in slices of `slice` bytes. */
const recordsOf = async (text: string, columns: string[], slice = text.length): Promise<{ values: (string | undefined)[]; line: number }[]> => {
  const body = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < body.length; at += slice) chunks.push(body.subarray(at, at + slice));
  const records: { values: (string | undefined)[]; line: number }[] = [];
  await readRecords(Readable.from(chunks), { type: 'csv', quote: '"' }, 'test.csv', columns, {
    onRecord: (values, line) => records.push({ values: [...values], line }),
    onBadRecord: () => undefined,
  });
  return records;
};

/** The `name` cells of a CSV body, read as the ingest reads landing files. */
const namesOf = async (body: Buffer): Promise<string[]> => {
  const names: string[] = [];
  await readRecords(Readable.from([body]), { type: 'csv', quote: '"' }, 'test.csv', ['name'], {
    onRecord: (values) => names.push(values[0] ?? ''),
    onBadRecord: () => undefined,
  });
  return names;
};

describe('CSV decoding', () => {
  it('keeps a UTF-8 character that straddles a 64 KB decoding slice whole', () => {
    // Prepare: a BOM, a header, then one long name ending in "José", its two-byte é across byte
    // 65,536 (no line break in the slice's second half, so the slice is cut there).
    const head = Buffer.from('\uFEFFname\n', 'utf8');
    const filler = 'x'.repeat(65_536 - head.length - 'Jos'.length - 1);
    const body = Buffer.concat([head, Buffer.from(`${filler}José\nAnn\n`, 'utf8')]);
    expect(body.indexOf(Buffer.from('é', 'utf8'))).toBe(65_535);

    // Act
    const names = namesOf(body);

    // Assess
    return expect(names).resolves.toEqual([`${filler}José`, 'Ann']);
  });

  it('reads records whose quoted line breaks fall where a 64 KB decoding slice ends', async () => {
    // Prepare: 3,000 records of two lines each (a quoted line break), 150 KB read as one chunk.
    const rows = Array.from({ length: 3_000 }, (_, i) => `${i},"first line of ${i}\nsecond line ${'-'.repeat(i % 17)}"`);
    const text = `id,note\r\n${rows.join('\r\n')}\r\n`;

    // Act
    const records = await recordsOf(text, ['id', 'note']);

    // Assess: every record whole, numbered by its first line.
    expect(records).toHaveLength(3_000);
    expect(records.every(({ values: [id, note], line }, i) => id === String(i) && note === `first line of ${i}\nsecond line ${'-'.repeat(i % 17)}` && line === 2 + 2 * i)).toBe(true);
  });

  it('reads a UTF-16LE export with a BOM', () => {
    // Prepare: Excel's "Unicode text" is UTF-16LE with a BOM.
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name\tteam\r\nRenée\tSales\r\n', 'utf16le')]);

    // Act
    const names = namesOf(body);

    // Assess
    return expect(names).resolves.toEqual(['Renée']);
  });
});

describe('CSV records', () => {
  it('reads BOM, CRLF, quoted delimiters, doubled quotes and a quoted line break, numbering records by their first line', async () => {
    // Prepare: record 2 spans lines 3-4; line 5 is blank; bytes arrive 3 at a time.
    const text = '\uFEFFid;note\r\n1;"a; ""b"""\r\n2;"two\r\nlines"\r\n\r\n3;plain\r\n';

    // Act
    const records = await recordsOf(text, ['id', 'note'], 3);

    // Assess
    expect(records).toEqual([
      { values: ['1', 'a; "b"'], line: 2 },
      { values: ['2', 'two\r\nlines'], line: 3 },
      { values: ['3', 'plain'], line: 6 },
    ]);
  });

  it('uses the configured delimiter and reads a last record without a line break', async () => {
    // Prepare: pipes configured; no final newline.
    const body = Buffer.from('a|b\nx|"y|z"', 'utf8');
    const records: string[][] = [];

    // Act
    await readRecords(Readable.from([body]), { type: 'csv', delimiter: '|', quote: '"' }, 'pipes.csv', ['a', 'b'], {
      onRecord: (values) => records.push(values.map((v) => v ?? '')),
      onBadRecord: () => undefined,
    });

    // Assess
    expect(records).toEqual([['x', 'y|z']]);
  });

  it('fails a file whose quoted field never closes, naming the line its record starts on', async () => {
    // Prepare: the quote opened on line 3 runs to the end of the file.
    const text = 'id,note\n1,ok\n2,"open\n3,more\n';

    // Act
    const read = recordsOf(text, ['id', 'note'], 4);

    // Assess
    await expect(read).rejects.toThrow('test.csv line 3: not valid CSV: a quoted field in the record starting on line 3 is never closed');
  });
});

describe('JSON array records', () => {
  /** Each record's asked-for cells and array position, plus the bad ones, the body fed in `chunks`. */
  const readArray = async (chunks: Buffer[], columns: string[]) => {
    const records: { values: (string | undefined)[]; line: number }[] = [];
    const bad: string[] = [];
    await readRecords(Readable.from(chunks), { type: 'json' }, 'deals.json', columns, {
      onRecord: (values, line) => records.push({ values: [...values], line }),
      onBadRecord: (line, reason) => bad.push(`${line}: ${reason}`),
    });
    return { records, bad };
  };

  it('reads each object of the array by its position, a character split across chunks included', async () => {
    // Prepare: a BOM, an "é" cut between chunks, numbers, a null, a nested value and a non-object element.
    const body = Buffer.from('\uFEFF [ {"id": "D-1", "name": "Zoé", "amount": 1200.5},\n 7,\n {"id": "D-3", "amount": null, "tags": ["a"]} ]\n', 'utf8');
    const cut = body.indexOf(Buffer.from('é')) + 1;

    // Act
    const { records, bad } = await readArray([body.subarray(0, cut), body.subarray(cut)], ['id', 'name', 'amount', 'tags']);

    // Assess
    expect(records).toEqual([
      { values: ['D-1', 'Zoé', '1200.5', undefined], line: 1 },
      { values: ['D-3', undefined, undefined, '["a"]'], line: 3 },
    ]);
    expect(bad).toEqual(['2: not a JSON object']);
  });

  it('hands over elements as they are read, not after the whole file', async () => {
    // Prepare: 100 chunks of one 8 KB element each, produced only when the reader pulls them.
    const note = 'x'.repeat(8 * 1024);
    let handed = 0;
    let handedBeforeLast = -1;
    async function* chunks(): AsyncGenerator<Buffer> {
      yield Buffer.from('[');
      for (let i = 0; i < 100; i++) {
        if (i === 99) handedBeforeLast = handed;
        yield Buffer.from(`${i > 0 ? ',' : ''}{"id":"e${i}","note":"${note}"}`);
      }
      yield Buffer.from(']');
    }

    // Act
    await readRecords(Readable.from(chunks()), { type: 'json' }, 'big.json', ['id'], {
      onRecord: () => (handed += 1),
      onBadRecord: () => undefined,
    });

    // Assess: only the streams' small read-ahead separates reading a chunk from handing it over.
    expect(handed).toBe(100);
    expect(handedBeforeLast).toBeGreaterThan(50);
  });

  it('fails a file that is not a JSON array, or breaks off, saying where', async () => {
    // Act
    const notArray = readArray([Buffer.from('{"deals": []}')], ['id']);
    const broken = readArray([Buffer.from('[{"id":"a"},{"id":"b"},{"id": tru}]')], ['id']);
    const truncated = readArray([Buffer.from('[{"id":"a"},{"id":')], ['id']);
    const empty = readArray([Buffer.from('  \n')], ['id']);

    // Assess
    await expect(notArray).rejects.toThrow('deals.json: not a JSON array of objects');
    await expect(broken).rejects.toThrow(/^deals\.json: not valid JSON after 2 array elements: Unexpected "}" .*absolute position "33"/);
    await expect(truncated).rejects.toThrow(/^deals\.json: not valid JSON after 1 array elements: /);
    await expect(empty).rejects.toThrow('deals.json: not valid JSON: the file holds no value');
  });
});
