/** A query the engine rejected, failed or cancelled; the message names the query and its id. */
export class QueryFailedError extends Error {
  readonly queryName: string;
  readonly queryId?: string;
  readonly reason: string;

  constructor(queryName: string, reason: string, options: { queryId?: string; cause?: unknown } = {}) {
    const idText = options.queryId === undefined ? '' : ` (query id ${options.queryId})`;
    super(`Query "${queryName}"${idText} failed: ${reason}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QueryFailedError';
    this.queryName = queryName;
    if (options.queryId !== undefined) this.queryId = options.queryId;
    this.reason = reason;
  }
}

/** A query that ran past its time limit and was stopped. */
export class QueryTimeoutError extends QueryFailedError {
  readonly timeoutMs: number;

  constructor(queryName: string, queryId: string, timeoutMs: number) {
    super(queryName, `did not finish within ${timeoutMs} ms and was stopped`, { queryId });
    this.name = 'QueryTimeoutError';
    this.timeoutMs = timeoutMs;
  }
}

/** A query Athena refused to finish because it would scan more than the workgroup's per-query cutoff. */
export class QueryScanLimitError extends QueryFailedError {
  constructor(queryName: string, queryId: string, athenaReason: string) {
    super(
      queryName,
      `the workgroup's bytes-scanned cutoff stopped it (${athenaReason}). ` +
        'Check that the query filters on the dt partitions, or raise the cutoff deliberately.',
      { queryId },
    );
    this.name = 'QueryScanLimitError';
  }
}
