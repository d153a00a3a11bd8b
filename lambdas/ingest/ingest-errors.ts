/** A source's mapping cannot work (e.g. no column for a required field): fix the config. */
export class SourceConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`source ${source}: invalid mapping: ${problems.join('; ')}`);
    this.name = 'SourceConfigError';
  }
}

/** A landing file that cannot be read as its configured format at all; it is quarantined whole. */
export class UnparseableFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : ` line ${line}`}: ${reason}`);
    this.name = 'UnparseableFileError';
  }
}

/** One field of one row that failed validation: the row goes to quarantine, the file goes on. */
export interface RowRejection {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly reason: string;
  readonly value?: string;
}

/** `crm_lifecycle/2026-03-04/lifecycle_changes.csv line 17: occurred_at: "31-02-2026" is not a date in format iso` */
export const describeRejection = (rejection: RowRejection): string =>
  `${rejection.file} line ${rejection.line}: ${rejection.field}: ${rejection.reason}`;

/** A landing date that is not a real YYYY-MM-DD calendar date. */
export class InvalidIngestDateError extends Error {
  constructor(readonly date: string) {
    super(`not a landing date (YYYY-MM-DD): ${JSON.stringify(date)}`);
    this.name = 'InvalidIngestDateError';
  }
}
