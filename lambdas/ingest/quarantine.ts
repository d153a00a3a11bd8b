import type { ObjectStore } from '../ports/object-store.js';
import { LAKE_KEYS } from '../schema/canonical-schema.js';
import { describeRejection, type RowRejection } from './ingest-errors.js';

/**
 * Rejected rows and unreadable files of one (source, landing date), under
 * `quarantine/<source>/<date>/`: `<file>.rejected.ndjson` (one line per rejected row: file, line,
 * field, reason, the offending value) and `<file>.failed.json` for a file that could not be parsed.
 * Only the offending value is kept, never the whole row, so personal data in dropped columns does
 * not reach the lake bucket; the original file stays in the landing bucket.
 */

/** Enough detail to fix an export; the count beyond it is still reported. */
export const MAX_REJECTIONS_KEPT_PER_FILE = 10_000;

export interface FileRejections {
  readonly file: string;
  readonly rejections: readonly RowRejection[];
  /** Rejected rows, including those beyond MAX_REJECTIONS_KEPT_PER_FILE. */
  readonly total: number;
}

/** A landing file that could not be parsed at all (from an UnparseableFileError). */
export interface FailedFile {
  readonly file: string;
  readonly bytes: number;
  readonly line?: number;
  readonly reason: string;
  readonly message: string;
}

const fileNameIn = (file: string, source: string, date: string): string => {
  const prefix = `${source}/${date}/`;
  const name = file.startsWith(prefix) ? file.slice(prefix.length) : file;
  return name.replace(/\//g, '__');
};

export class QuarantineWriter {
  private readonly written: string[] = [];

  constructor(
    private readonly lake: ObjectStore,
    private readonly source: string,
    private readonly date: string,
  ) {}

  private keyFor(file: string, suffix: string): string {
    return `${LAKE_KEYS.quarantinePrefix(this.source, this.date)}${fileNameIn(file, this.source, this.date)}${suffix}`;
  }

  async rejectedRows({ file, rejections, total }: FileRejections): Promise<string> {
    const key = this.keyFor(file, '.rejected.ndjson');
    const lines = rejections.map((r) =>
      JSON.stringify({ source: this.source, file: r.file, line: r.line, field: r.field, reason: r.reason, value: r.value, message: describeRejection(r) }),
    );
    if (total > rejections.length) lines.push(JSON.stringify({ source: this.source, file, truncated: total - rejections.length }));
    await this.lake.put(key, `${lines.join('\n')}\n`, { contentType: 'application/x-ndjson' });
    this.written.push(key);
    return key;
  }

  async failedFile({ file, bytes, line, reason, message }: FailedFile): Promise<string> {
    const key = this.keyFor(file, '.failed.json');
    const record = { source: this.source, date: this.date, file, bytes, line, reason, message };
    await this.lake.put(key, `${JSON.stringify(record, null, 2)}\n`, { contentType: 'application/json' });
    this.written.push(key);
    return key;
  }

  /** Removes what an earlier run of the same date left and this run did not rewrite. */
  async removeStale(): Promise<void> {
    const keep = new Set(this.written);
    for (const object of await this.lake.list(LAKE_KEYS.quarantinePrefix(this.source, this.date))) {
      if (!keep.has(object.key)) await this.lake.delete(object.key);
    }
  }

  get keys(): readonly string[] {
    return this.written;
  }
}
