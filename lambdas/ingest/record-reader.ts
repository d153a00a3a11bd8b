import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { JSONParser } from '@streamparser/json';
import Papa from 'papaparse';
import type { FileFormat } from './resolve-source.js';
import { UnparseableFileError } from './ingest-errors.js';

/**
 * Streams one landing file and hands each record to the caller as the values of the columns it
 * asked for, in that order, with the record's line number. Nothing is buffered beyond a chunk.
 */

export interface RecordHandlers {
  /** `values[i]` is the cell of `columns[i]` (undefined when the file has no such column). Reused between calls. */
  readonly onRecord: (values: (string | undefined)[], line: number) => void;
  /** A record that is not even a row (an NDJSON line that is not a JSON object). */
  readonly onBadRecord: (line: number, reason: string) => void;
  /** Called with the asked-for columns a CSV header lacks; a returned reason makes the file unparseable. */
  readonly onHeader?: (missingColumns: readonly string[]) => string | undefined;
  /** Called between chunks, where the caller may do async work (flush) before reading on. */
  readonly onChunkDone?: () => Promise<void>;
}

export interface FileReadStats {
  readonly records: number;
  readonly bytes: number;
  readonly sha256: string;
  /** Asked-for columns the CSV header does not have. */
  readonly missingColumns: readonly string[];
}

/** Hashes and counts the bytes that flow through, for the manifest's file checksums. */
class ChecksumStream extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;

/** The candidate that splits the header line into the most fields, quotes respected. */
export const detectDelimiter = (firstLine: string, quote = '"'): string => {
  let best: string = ',';
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    let count = 0;
    let quoted = false;
    for (const char of firstLine) {
      if (char === quote) quoted = !quoted;
      else if (char === candidate && !quoted) count += 1;
    }
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
};

/**
 * Chunks of bytes to text. UTF-16LE exports (Excel's "Unicode text") carry a BOM; anything else is
 * UTF-8, BOM dropped. An all-ASCII chunk (the common case) is copied as Latin-1, several times
 * faster than UTF-8 decoding; a character cut by the chunk end waits for the next chunk.
 */
const chunkDecoder = (firstChunk: Buffer): { decode(chunk: Buffer): string; end(): string } => {
  if (firstChunk[0] === 0xff && firstChunk[1] === 0xfe) {
    const utf16 = new TextDecoder('utf-16le');
    return { decode: (chunk) => utf16.decode(chunk, { stream: true }), end: () => utf16.decode() };
  }
  const utf8 = new TextDecoder('utf-8');
  let cut: Buffer | undefined;
  let first = true;
  return {
    decode(chunk) {
      let bytes = cut === undefined ? chunk : Buffer.concat([cut, chunk]);
      cut = undefined;
      if (first) {
        first = false;
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
      }
      if (isAscii(bytes)) return bytes.toString('latin1');
      const keep = incompleteTail(bytes);
      if (keep > 0) {
        cut = Buffer.from(bytes.subarray(bytes.length - keep));
        bytes = bytes.subarray(0, bytes.length - keep);
      }
      return utf8.decode(bytes);
    },
    end: () => (cut === undefined ? '' : utf8.decode(cut)),
  };
};

/** Bytes at the end of `bytes` that start a UTF-8 character the chunk does not finish. */
const incompleteTail = (bytes: Buffer): number => {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] as number;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return size > back ? back : 0;
    }
  }
  return 0;
};

const DECODE_SLICE = 64 * 1024;
/**
 * Where the piece of `chunk` decoded from `at` ends: after its last line feed, so the parser gets
 * whole lines and has no unfinished record to carry into the next piece (prepending one copied the
 * whole next piece). A piece with no line feed in its second half is cut at full length.
 */
const sliceEnd = (chunk: Buffer, at: number): number => {
  const limit = at + DECODE_SLICE;
  if (limit >= chunk.length) return chunk.length;
  const lineFeed = chunk.lastIndexOf(0x0a, limit - 1);
  return lineFeed >= at + DECODE_SLICE / 2 ? lineFeed + 1 : limit;
};
/**
 * A record still open after this many characters is taken for a quote that never closes: the
 * reader stops rather than hold (and re-scan) the rest of the file in memory.
 */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** The record delimiter of a file: the first line break in its text. */
const lineBreakOf = (text: string): '\r\n' | '\n' | '\r' => {
  const at = text.search(/[\r\n]/);
  if (at < 0 || text[at] === '\n') return '\n';
  return text[at + 1] === '\n' ? '\r\n' : '\r';
};

/** `\n`s in `text` before `end`. */
const countNewlines = (text: string, end = text.length): number => {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < end; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
};

/**
 * Feeds decoded text to papaparse's parser a slice at a time, as its own chunk streamer does
 * (`parse(input, baseIndex, ignoreLastRow)`, the unfinished last record carried into the next
 * slice), and numbers the records by the line they start on.
 */
class CsvRecordStream {
  private readonly parser: Papa.Parser;
  private carry = '';
  /** Line (1-based) where the next record starts. */
  private line = 1;

  constructor(
    private readonly file: string,
    delimiter: string,
    private readonly quote: string,
    private readonly lineBreak: '\r\n' | '\n' | '\r',
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {
    this.parser = new Papa.Parser({ delimiter, quoteChar: quote, newline: lineBreak });
  }

  push(text: string, ended: boolean): void {
    const input = this.carry.length === 0 ? text : this.carry + text;
    const result = this.parser.parse(input, 0, !ended) as Papa.ParseResult<string[]>;
    const unclosed = ended ? result.errors.find((error) => error.code === 'MissingQuotes') : undefined;
    const rows = result.data;
    // Only a quoted field (or, in a CR file, any field) can hold a `\n` that starts a new line;
    // when the text read holds no more `\n` than records, none does and no field is searched.
    const consumed = ended ? input.length : result.meta.cursor;
    const mayHoldNewlines = this.lineBreak === '\r' || (input.includes(this.quote) && countNewlines(input, consumed) > rows.length);
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i] as string[];
      const start = this.line;
      if (unclosed !== undefined && i === unclosed.row) throw this.unclosedQuote(start);
      let newlines = 0;
      if (mayHoldNewlines) for (const field of fields) if (field.includes('\n')) newlines += countNewlines(field);
      this.line += 1 + newlines;
      this.onRecord(fields, start);
    }
    this.carry = ended ? '' : input.slice(result.meta.cursor);
    if (this.carry.length > MAX_RECORD_CHARS) throw this.unclosedQuote(this.line);
  }

  private unclosedQuote(line: number): UnparseableFileError {
    return new UnparseableFileError(this.file, `not valid CSV: a quoted field in the record starting on line ${line} is never closed`, line);
  }
}

const readCsv = async (
  source: AsyncIterable<Buffer>,
  format: Extract<FileFormat, { type: 'csv' }>,
  file: string,
  columns: readonly string[],
  handlers: RecordHandlers,
): Promise<{ records: number; missingColumns: string[] }> => {
  let decoder: ReturnType<typeof chunkDecoder> | undefined;
  let stream: CsvRecordStream | undefined;
  /** Text read before the first line break, held until the record delimiter is known. */
  let head = '';
  let failure: UnparseableFileError | undefined;
  let indices: number[] | undefined;
  let missingColumns: string[] = [];
  let records = 0;
  const values: (string | undefined)[] = new Array<string | undefined>(columns.length);

  const onRecord = (record: string[], start: number): void => {
    if (failure) return;
    if (indices === undefined) {
      const header = record.map((name) => name.trim());
      indices = columns.map((column) => header.indexOf(column));
      missingColumns = columns.filter((_, i) => indices?.[i] === -1);
      const reason = handlers.onHeader?.(missingColumns);
      if (reason !== undefined) failure = new UnparseableFileError(file, reason, start);
      return;
    }
    // Blank lines and rows of empty cells (`;;;;`) are not records.
    let empty = true;
    for (let i = 0; i < record.length; i++) {
      const field = record[i] as string;
      const first = field.charCodeAt(0);
      // A printable ASCII first character cannot trim away; anything else is checked in full.
      if ((first > 32 && first < 127) || (field.length > 0 && field.trim() !== '')) {
        empty = false;
        break;
      }
    }
    if (empty) return;
    records += 1;
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i] as number;
      values[i] = index < 0 ? undefined : record[index];
    }
    handlers.onRecord(values, start);
  };

  const feed = (text: string, ended: boolean): void => {
    if (stream === undefined) {
      head += text;
      if (!ended && !/[\r\n]/.test(head)) return;
      const delimiter = format.delimiter ?? detectDelimiter(head.slice(0, head.search(/\r?\n|\r|$/)), format.quote);
      stream = new CsvRecordStream(file, delimiter, format.quote, lineBreakOf(head), onRecord);
      text = head;
      head = '';
    }
    try {
      stream.push(text, ended);
    } catch (error) {
      if (!(error instanceof UnparseableFileError)) throw error;
      failure ??= error;
    }
  };

  for await (const chunk of source) {
    decoder ??= chunkDecoder(chunk);
    // Decoded in 64 KB pieces: larger strings are allocated outside the young generation (or
    // external), which costs more to make and several times more to search.
    for (let at = 0; at < chunk.length && !failure; ) {
      const end = sliceEnd(chunk, at);
      feed(decoder.decode(chunk.subarray(at, end)), false);
      at = end;
    }
    if (failure) throw failure;
    await handlers.onChunkDone?.();
  }
  if (decoder === undefined) throw new UnparseableFileError(file, 'empty file');
  feed(decoder.end(), true);
  if (failure) throw failure;
  if (indices === undefined) throw new UnparseableFileError(file, 'no header line');
  return { records, missingColumns };
};

const cellText = (value: unknown): string | undefined => {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
};

const readObjects = (objects: Iterable<[unknown, number]>, columns: readonly string[], handlers: RecordHandlers): number => {
  const values: (string | undefined)[] = new Array<string | undefined>(columns.length);
  let records = 0;
  for (const [object, line] of objects) {
    records += 1;
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      handlers.onBadRecord(line, 'not a JSON object');
      continue;
    }
    const record = object as Record<string, unknown>;
    for (let i = 0; i < columns.length; i++) values[i] = cellText(record[columns[i] as string]);
    handlers.onRecord(values, line);
  }
  return records;
};

const readNdjson = async (source: Readable, columns: readonly string[], handlers: RecordHandlers): Promise<number> => {
  let records = 0;
  let line = 0;
  for await (const text of createInterface({ input: source, crlfDelay: Infinity })) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      records += 1;
      handlers.onBadRecord(line, `not valid JSON (${(error as Error).message})`);
      continue;
    }
    records += readObjects([[parsed, line]], columns, handlers);
    if (line % 10_000 === 0) await handlers.onChunkDone?.();
  }
  return records;
};

/** Bytes that may come before a JSON text's first token: whitespace and a UTF-8 BOM. */
const LEADING_JSON_BYTES = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

/**
 * A JSON array of objects, streamed: @streamparser/json hands over each element as it closes and
 * keeps nothing of it, so memory is bounded by the largest element, not the file.
 */
const readJsonArray = async (source: AsyncIterable<Buffer>, file: string, columns: readonly string[], handlers: RecordHandlers): Promise<number> => {
  const parser = new JSONParser({ paths: ['$.*'], keepStack: false, stringBufferSize: 64 * 1024 });
  const elements: [unknown, number][] = [];
  let records = 0;
  let ended = false;
  // For a JSON array, the "line" of a record is its position in the array (1-based).
  parser.onValue = ({ value, key }) => elements.push([value, (key as number) + 1]);
  parser.onEnd = () => {
    ended = true;
  };
  let rootSeen = false;
  const invalid = (error: unknown): UnparseableFileError =>
    new UnparseableFileError(file, `not valid JSON after ${records + elements.length} array elements: ${(error as Error).message}`);
  const parse = (write: () => void): void => {
    try {
      write();
    } catch (error) {
      throw invalid(error);
    }
    records += readObjects(elements, columns, handlers);
    elements.length = 0;
  };
  for await (const chunk of source) {
    if (!rootSeen) {
      const first = chunk.findIndex((byte) => !LEADING_JSON_BYTES.has(byte));
      if (first >= 0) {
        if (chunk[first] !== 0x5b) throw new UnparseableFileError(file, 'not a JSON array of objects');
        rootSeen = true;
      }
    }
    parse(() => parser.write(chunk));
    await handlers.onChunkDone?.();
  }
  if (!rootSeen) throw new UnparseableFileError(file, 'not valid JSON: the file holds no value');
  if (!ended) parse(() => parser.end());
  return records;
};

export const readRecords = async (
  body: Readable,
  format: FileFormat,
  file: string,
  columns: readonly string[],
  handlers: RecordHandlers,
): Promise<FileReadStats> => {
  const checksum = new ChecksumStream();
  const source = body.pipe(checksum);
  body.once('error', (error) => checksum.destroy(error));
  let records: number;
  let missingColumns: readonly string[] = [];
  try {
    if (format.type === 'csv') ({ records, missingColumns } = await readCsv(source, format, file, columns, handlers));
    else if (format.type === 'ndjson') records = await readNdjson(source, columns, handlers);
    else records = await readJsonArray(source, file, columns, handlers);
  } finally {
    body.unpipe(checksum);
    if (!body.destroyed) body.destroy();
  }
  return { records, bytes: checksum.bytes, sha256: checksum.digest(), missingColumns };
};
