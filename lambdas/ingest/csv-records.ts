/**
 * A streaming CSV record splitter over decoded text, with the record semantics of csv-parse as
 * the ingest configured it (`bom`, one-character delimiter and quote, `"` as escape,
 * `relax_quotes`, `relax_column_count`, record delimiter discovered from the first line break:
 * CRLF, LF or CR). csv-parse walks every byte through a resizable buffer; this splits a line
 * without quotes with one native `split` and copies runs of text otherwise, which makes reading
 * several times faster. test/ingest/csv-records.test.ts checks it against csv-parse.
 */

/** The file ends inside a quoted field. */
export class CsvQuoteNotClosedError extends Error {
  constructor(readonly lines: number) {
    super(`Quote Not Closed: the parsing is finished with an opening quote at line ${lines}`);
    this.name = 'CsvQuoteNotClosedError';
  }
}

export interface CsvRecordOptions {
  readonly delimiter: string;
  readonly quote: string;
  /** `fields` is a fresh array; `newlines` counts the `\n` characters inside its fields. */
  readonly onRecord: (fields: string[], newlines: number) => void;
}

const ESCAPE = '"';
const UNKNOWN = -2;

/** A record cut by the end of a chunk, resumed with the next one. */
interface PartialRecord {
  fields: string[];
  field: string;
  quoting: boolean;
  wasQuoting: boolean;
  newlines: number;
}

export class CsvRecordSplitter {
  private readonly delimiter: string;
  private readonly quote: string;
  private readonly onRecord: (fields: string[], newlines: number) => void;
  /** Text not yet consumed (at most a line, or the last two characters of a partial record). */
  private carry = '';
  private partial: PartialRecord | undefined;
  /** '' until the first line break outside quotes tells which one the file uses. */
  private recordDelimiter = '';
  /** Line (1-based, counting `\n`) where the next record starts, for an unclosed quote. */
  private line = 1;
  /** Whether the text so far ends with `\n` (csv-parse does not count that line yet). */
  private endsWithLf = false;
  // Next positions of the special characters in the current buffer (UNKNOWN: not looked up, -1: none).
  private nextQuote = UNKNOWN;
  private nextEscape = UNKNOWN;
  private nextDelimiter = UNKNOWN;
  private nextCr = UNKNOWN;
  private nextLf = UNKNOWN;

  constructor(options: CsvRecordOptions) {
    if (options.delimiter.length !== 1 || options.quote.length !== 1) throw new Error('delimiter and quote must be one character');
    this.delimiter = options.delimiter;
    this.quote = options.quote;
    this.onRecord = options.onRecord;
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.endsWithLf = text.charCodeAt(text.length - 1) === 10;
    if (this.carry.length === 0) {
      this.carry = this.consume(text, false);
      return;
    }
    // Searching a concatenated (cons) string is several times slower than a flat one, so the
    // record cut by the chunk boundary is finished on its own and the chunk is read as it is.
    const lineBreak = this.recordDelimiter === '' ? -1 : text.indexOf(this.recordDelimiter === '\r' ? '\r' : '\n');
    if (lineBreak < 0) {
      this.carry = this.consume(this.carry + text, false);
      return;
    }
    const rest = this.consume(this.carry + text.slice(0, lineBreak + 1), false);
    this.carry = this.consume(rest.length === 0 ? text.slice(lineBreak + 1) : rest + text.slice(lineBreak + 1), false);
  }

  /** Emits the last record; throws CsvQuoteNotClosedError when the file ends inside quotes. */
  end(): void {
    this.consume(this.carry, true);
    this.carry = '';
  }

  /** Emits the complete records in `buf`; returns the unconsumed rest. */
  private consume(buf: string, ended: boolean): string {
    const { delimiter } = this;
    const len = buf.length;
    this.nextQuote = this.nextEscape = this.nextDelimiter = this.nextCr = this.nextLf = UNKNOWN;
    let pos = 0;
    if (this.partial !== undefined) {
      pos = this.slowRecord(buf, 0, ended);
      if (pos < 0) return buf.slice(-pos - 1);
    }
    while (pos < len) {
      const rd = this.recordDelimiter;
      if (rd !== '') {
        const nl = rd === '\r' ? this.next(buf, '\r', pos) : this.next(buf, '\n', pos);
        if (nl < 0 && !ended) break;
        if (nl >= 0) {
          const lineEnd = rd === '\r\n' ? nl - 1 : nl;
          if (lineEnd >= pos && (rd !== '\r\n' || buf.charCodeAt(lineEnd) === 13)) {
            // With `"` as quote, quoted fields are found among the split parts (no scan for quotes).
            const quoteAt = this.quote === ESCAPE ? UNKNOWN : this.next(buf, this.quote, pos);
            const plain = quoteAt === -1 || quoteAt >= lineEnd;
            const line = plain || quoteAt === UNKNOWN ? buf.slice(pos, lineEnd) : undefined;
            const fields = line === undefined ? undefined : plain ? line.split(delimiter) : this.splitQuotedLine(line);
            if (line !== undefined && fields !== undefined) {
              // In LF and CRLF files the line holds no `\n`; in CR files a `\n` is field text.
              const newlines = rd === '\r' ? countNewlines(line) : 0;
              this.line += 1 + newlines;
              this.onRecord(fields, newlines);
              pos = nl + 1;
              continue;
            }
          }
        }
      }
      this.partial = { fields: [], field: '', quoting: false, wasQuoting: false, newlines: 0 };
      const next = this.slowRecord(buf, pos, ended);
      if (next < 0) return buf.slice(-next - 1);
      pos = next;
    }
    return pos === 0 ? buf : buf.slice(pos);
  }

  /** Position of `char` at or after `from` in the current buffer, -1 if none; cached per character. */
  private next(buf: string, char: string, from: number): number {
    let at: number;
    if (char === this.quote) at = this.nextQuote;
    else if (char === this.delimiter) at = this.nextDelimiter;
    else if (char === '\n') at = this.nextLf;
    else if (char === '\r') at = this.nextCr;
    else at = this.nextEscape;
    if (at === -1 || at >= from) return at;
    at = buf.indexOf(char, from);
    if (char === this.quote) this.nextQuote = at;
    else if (char === this.delimiter) this.nextDelimiter = at;
    else if (char === '\n') this.nextLf = at;
    else if (char === '\r') this.nextCr = at;
    else this.nextEscape = at;
    return at;
  }

  /**
   * The fields of a whole line with `"` quotes in it when every quoted field is well formed
   * (closed on this line, `""` for a quote, followed by a delimiter or the end); otherwise
   * undefined and the line takes the character-by-character path.
   */
  private splitQuotedLine(line: string): string[] | undefined {
    const { delimiter } = this;
    const parts = line.split(delimiter);
    // Fields are written back into `parts`; a quoted field made of several parts shortens it.
    let out = 0;
    for (let i = 0; i < parts.length; i++, out++) {
      let part = parts[i] as string;
      // A quote past the first character of an unquoted field is text (relax_quotes).
      if (part.charCodeAt(0) !== 34) {
        parts[out] = part;
        continue;
      }
      // The quoted field may hold delimiters: join parts until it closes.
      while (!closesQuotedField(part)) {
        i += 1;
        if (i >= parts.length) return undefined;
        part += delimiter + (parts[i] as string);
      }
      const inner = part.slice(1, -1);
      parts[out] = inner.indexOf('"') === -1 ? inner : inner.replaceAll('""', '"');
    }
    parts.length = out;
    return parts;
  }

  /** Length of the record delimiter at `at`, discovering it if still unknown (as csv-parse does). */
  private recordDelimiterAt(buf: string, at: number): number {
    const c = buf.charCodeAt(at);
    if (c !== 13 && c !== 10) return 0;
    const rd = this.recordDelimiter;
    if (rd === '') {
      this.recordDelimiter = c === 13 ? (buf.charCodeAt(at + 1) === 10 ? '\r\n' : '\r') : '\n';
      return this.recordDelimiter.length;
    }
    if (rd === '\n') return c === 10 ? 1 : 0;
    if (rd === '\r') return c === 13 ? 1 : 0;
    return c === 13 && buf.charCodeAt(at + 1) === 10 ? 2 : 0;
  }

  /**
   * Continues `this.partial` from `start`, following csv-parse's state machine: a quote opens a
   * quoted field only at the start of a field; `""` inside quotes is a quote; a closing quote not
   * followed by a delimiter or line break is kept, with the opening one, as text. Returns where
   * the next record starts, or `-(i + 1)` when it needs the text from `i` on with more after it.
   */
  private slowRecord(buf: string, start: number, ended: boolean): number {
    const { delimiter, quote } = this;
    const state = this.partial as PartialRecord;
    const len = buf.length;
    let { field, quoting, wasQuoting, newlines } = state;
    const { fields } = state;
    let i = start;
    for (;;) {
      // A quote or escape inside quotes needs two characters of look-ahead (a closing quote
      // before CRLF), a CR outside quotes one (CRLF or CR); wait for them.
      const lookAhead = i >= len ? 0 : quoting ? (buf[i] === quote || buf[i] === ESCAPE ? 2 : 0) : buf.charCodeAt(i) === 13 ? 1 : 0;
      if (!ended && i + lookAhead >= len) {
        state.field = field;
        state.quoting = quoting;
        state.wasQuoting = wasQuoting;
        state.newlines = newlines;
        return -(i + 1);
      }
      if (i >= len) {
        this.partial = undefined;
        if (quoting) throw new CsvQuoteNotClosedError(this.line + newlines - (this.endsWithLf ? 1 : 0));
        if (wasQuoting || fields.length > 0 || field.length > 0) {
          fields.push(field);
          this.emit(fields, newlines);
        }
        return len;
      }
      const c = buf[i] as string;
      if (quoting) {
        if (c === ESCAPE && i + 1 < len) {
          // The escape makes the next character text (with `"` as quote: only a quote).
          const escaped = buf[i + 1] as string;
          if (ESCAPE !== quote || escaped === quote) {
            field += escaped;
            if (escaped === '\n') newlines += 1;
            i += 2;
            continue;
          }
        }
        if (c === quote) {
          quoting = false;
          wasQuoting = true;
          const after = i + 1;
          // relax_quotes: a quote that does not end the field stays text, with the opening one.
          if (!(after >= len || buf[after] === delimiter || this.recordDelimiterAt(buf, after) > 0)) field = quote + field + quote;
          i += 1;
          continue;
        }
        // Inside quotes everything up to the next quote (or escape) is text.
        let end = this.next(buf, quote, i + 1);
        if (ESCAPE !== quote) {
          const escapeAt = this.next(buf, ESCAPE, i + 1);
          if (escapeAt >= 0 && (end < 0 || escapeAt < end)) end = escapeAt;
        }
        if (end < 0) end = len;
        const run = buf.slice(i, end);
        newlines += countNewlines(run);
        field += run;
        i = end;
        continue;
      }
      if (c === quote && field.length === 0) {
        quoting = true;
        i += 1;
        continue;
      }
      const rdLength = this.recordDelimiterAt(buf, i);
      if (rdLength > 0) {
        fields.push(field);
        this.partial = undefined;
        this.emit(fields, newlines);
        return i + rdLength;
      }
      if (c === delimiter) {
        fields.push(field);
        field = '';
        wasQuoting = false;
        i += 1;
        continue;
      }
      // Unquoted text (a quote past its first character included) runs to a delimiter or line break.
      let end = len;
      const delimiterAt = this.next(buf, delimiter, i + 1);
      if (delimiterAt >= 0) end = delimiterAt;
      const crAt = this.next(buf, '\r', i + 1);
      if (crAt >= 0 && crAt < end) end = crAt;
      const lfAt = this.next(buf, '\n', i + 1);
      if (lfAt >= 0 && lfAt < end) end = lfAt;
      if (c === '\n') newlines += 1;
      field += end === i + 1 ? c : buf.slice(i, end);
      i = end;
    }
  }

  private emit(fields: string[], newlines: number): void {
    this.line += 1 + newlines;
    this.onRecord(fields, newlines);
  }
}

/** `"…"` with only `""` pairs between the outer quotes. */
const closesQuotedField = (part: string): boolean => {
  if (part.length < 2 || part.charCodeAt(part.length - 1) !== 34) return false;
  const inner = part.slice(1, -1);
  return inner.indexOf('"') === -1 || inner.replaceAll('""', '').indexOf('"') === -1;
};

const countNewlines = (text: string): number => {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
};
