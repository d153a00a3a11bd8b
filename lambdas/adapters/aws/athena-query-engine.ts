/**
 * The QueryEngine on Athena: start the query with bound parameters, poll until it ends, page
 * through the results and type the values by the column types Athena reports.
 */
import {
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type AthenaClient,
  type ColumnInfo,
  type QueryExecution,
  type Row as AthenaRow,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import type { QueryEngine, QueryParameter, QueryResult } from '../../ports/query-engine.js';
import { QueryFailedError, QueryScanLimitError, QueryTimeoutError } from '../query-errors.js';

export interface AthenaQueryEngineOptions {
  readonly workGroup: string;
  readonly database: string;
  /** @default 'AwsDataCatalog' */
  readonly catalog?: string;
  /** First wait between status polls; each further wait is 1.5× longer, up to `maxPollIntervalMs`. @default 250 */
  readonly pollIntervalMs?: number;
  /** @default 5000 */
  readonly maxPollIntervalMs?: number;
  /** How long to wait for a query before stopping it. @default 300000 (5 minutes) */
  readonly timeoutMs?: number;
  /**
   * Opt in to Athena result reuse for every query of this engine, with this maximum age. Only
   * safe when the queries read past, immutable partitions; a single query can opt out with
   * `{ reuseResults: false }`. @default undefined (never reuse)
   */
  readonly resultReuseMaxAgeMinutes?: number;
  /** Attempts at an API call Athena throttles before giving up. @default 5 */
  readonly maxThrottleAttempts?: number;
  /** Injectable for tests. @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface AthenaQueryOptions {
  /** Override the engine-wide result reuse for this query (needs `resultReuseMaxAgeMinutes`). */
  readonly reuseResults?: boolean;
}

const THROTTLING_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException']);
const BYTES_LIMIT_PATTERN = /bytes[ -]scanned (?:limit|cutoff)|exhausted the bytes scanned/i;
const RESULT_PAGE_SIZE = 1000;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * A parameter as Athena's ExecutionParameters want it: SQL literal text. Strings are quoted with
 * single quotes doubled, so a value can never end the literal and become SQL.
 */
export const toExecutionParameter = (value: QueryParameter): string => {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RangeError(`cannot bind the number ${value}: Athena has no literal for it`);
    }
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
};

/** Athena prints timestamps as `2026-11-02 02:00:00.000`; they hold UTC, so say so in ISO form. */
const toIsoTimestamp = (text: string): string => {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?: UTC)?$/.exec(text);
  if (!match) return text;
  const millis = (match[3] ?? '').padEnd(3, '0').slice(0, 3);
  return `${match[1]}T${match[2]}.${millis}Z`;
};

/** Converts one result cell by its Athena column type; a cell without a value is SQL NULL. */
export const convertAthenaValue = (text: string | undefined, type: string | undefined): unknown => {
  if (text === undefined) return null;
  const baseType = (type ?? 'varchar').toLowerCase().replace(/\(.*$/, '').trim();
  switch (baseType) {
    case 'tinyint':
    case 'smallint':
    case 'integer':
    case 'int':
    case 'bigint':
    case 'double':
    case 'real':
    case 'float':
    case 'decimal':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'timestamp':
    case 'timestamp with time zone':
      return toIsoTimestamp(text);
    default:
      // varchar, char, date (already YYYY-MM-DD) and anything structured stay as Athena printed them.
      return text;
  }
};

export class AthenaQueryEngine implements QueryEngine {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaQueryEngineOptions,
  ) {
    this.sleep = options.sleep ?? defaultSleep;
  }

  async query<Row extends Record<string, unknown>>(
    name: string,
    sql: string,
    parameters: readonly QueryParameter[] = [],
    queryOptions: AthenaQueryOptions = {},
  ): Promise<QueryResult<Row>> {
    const startedAt = performance.now();
    const queryId = await this.start(name, sql, parameters, queryOptions);
    const execution = await this.waitForCompletion(name, queryId, startedAt);
    const rows = await this.readRows<Row>(name, queryId);
    const bytesScanned = execution.Statistics?.DataScannedInBytes;
    return {
      rows,
      stats: {
        engine: 'athena',
        queryId,
        ...(bytesScanned === undefined ? {} : { bytesScanned }),
        elapsedMs: Math.round(performance.now() - startedAt),
      },
    };
  }

  private async start(
    name: string,
    sql: string,
    parameters: readonly QueryParameter[],
    queryOptions: AthenaQueryOptions,
  ): Promise<string> {
    let executionParameters: string[];
    try {
      executionParameters = parameters.map(toExecutionParameter);
    } catch (error) {
      throw new QueryFailedError(name, errorText(error), { cause: error });
    }
    const maxAge = this.options.resultReuseMaxAgeMinutes;
    const reuse = maxAge !== undefined && (queryOptions.reuseResults ?? true);
    const input: StartQueryExecutionCommandInput = {
      QueryString: sql,
      WorkGroup: this.options.workGroup,
      QueryExecutionContext: { Database: this.options.database, Catalog: this.options.catalog ?? 'AwsDataCatalog' },
      // Athena rejects an empty list, so a query without parameters sends none.
      ...(executionParameters.length > 0 ? { ExecutionParameters: executionParameters } : {}),
      ...(reuse ? { ResultReuseConfiguration: { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: maxAge } } } : {}),
    };
    const output = await this.call(name, undefined, 'StartQueryExecution', () =>
      this.client.send(new StartQueryExecutionCommand(input)),
    );
    if (output.QueryExecutionId === undefined) {
      throw new QueryFailedError(name, 'StartQueryExecution returned no query execution id');
    }
    return output.QueryExecutionId;
  }

  private async waitForCompletion(name: string, queryId: string, startedAt: number): Promise<QueryExecution> {
    const timeoutMs = this.options.timeoutMs ?? 300_000;
    const maxInterval = this.options.maxPollIntervalMs ?? 5_000;
    let interval = this.options.pollIntervalMs ?? 250;
    // Time waited is counted from the sleeps as well as the clock, so an injected sleep still times out.
    let slept = 0;
    for (;;) {
      const output = await this.call(name, queryId, 'GetQueryExecution', () =>
        this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })),
      );
      const execution = output.QueryExecution ?? {};
      const status = execution.Status ?? {};
      switch (status.State) {
        case 'SUCCEEDED':
          return execution;
        case 'FAILED':
        case 'CANCELLED':
          throw failureError(name, queryId, execution);
        default:
          break;
      }
      const waited = Math.max(slept, performance.now() - startedAt);
      if (waited >= timeoutMs) {
        await this.stop(name, queryId, timeoutMs);
      }
      const wait = Math.min(interval, Math.max(1, timeoutMs - waited));
      await this.sleep(wait);
      slept += wait;
      interval = Math.min(interval * 1.5, maxInterval);
    }
  }

  private async stop(name: string, queryId: string, timeoutMs: number): Promise<never> {
    const timeout = new QueryTimeoutError(name, queryId, timeoutMs);
    try {
      await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: queryId }));
    } catch (error) {
      throw new QueryFailedError(name, `${timeout.reason}, but StopQueryExecution failed: ${errorText(error)}`, {
        queryId,
        cause: error,
      });
    }
    throw timeout;
  }

  private async readRows<Row extends Record<string, unknown>>(name: string, queryId: string): Promise<Row[]> {
    const rows: Row[] = [];
    let columns: ColumnInfo[] | undefined;
    let nextToken: string | undefined;
    let firstPage = true;
    do {
      const token = nextToken;
      const page = await this.call(name, queryId, 'GetQueryResults', () =>
        this.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryId,
            MaxResults: RESULT_PAGE_SIZE,
            ...(token === undefined ? {} : { NextToken: token }),
          }),
        ),
      );
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      const pageRows = page.ResultSet?.Rows ?? [];
      // The first row of the first page repeats the column names.
      for (const row of firstPage ? pageRows.slice(1) : pageRows) {
        rows.push(toRecord<Row>(row, columns));
      }
      firstPage = false;
      nextToken = page.NextToken;
    } while (nextToken !== undefined);
    return rows;
  }

  /** Sends one API call, retrying with backoff while Athena throttles it. */
  private async call<T>(name: string, queryId: string | undefined, operation: string, send: () => Promise<T>): Promise<T> {
    const maxAttempts = this.options.maxThrottleAttempts ?? 5;
    let backoff = Math.max(this.options.pollIntervalMs ?? 250, 100);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        const throttled = error instanceof Error && THROTTLING_ERRORS.has(error.name);
        const idOption = queryId === undefined ? {} : { queryId };
        if (!throttled) {
          throw new QueryFailedError(name, `${operation} failed: ${errorText(error)}`, { ...idOption, cause: error });
        }
        if (attempt >= maxAttempts) {
          throw new QueryFailedError(
            name,
            `${operation} was throttled by Athena ${attempt} times in a row (${errorText(error)}); too many concurrent queries in workgroup ${this.options.workGroup}`,
            { ...idOption, cause: error },
          );
        }
        await this.sleep(backoff);
        backoff *= 2;
      }
    }
  }
}

const toRecord = <Row extends Record<string, unknown>>(row: AthenaRow, columns: readonly ColumnInfo[]): Row => {
  const record: Record<string, unknown> = {};
  columns.forEach((column, index) => {
    record[column.Name ?? `_col${index}`] = convertAthenaValue(row.Data?.[index]?.VarCharValue, column.Type);
  });
  return record as Row;
};

/** The reason Athena gave, with its error category and type; the scan cutoff gets its own error. */
const failureError = (name: string, queryId: string, execution: QueryExecution): QueryFailedError => {
  const status = execution.Status ?? {};
  const reason = status.StateChangeReason ?? status.AthenaError?.ErrorMessage ?? 'no reason given';
  if (BYTES_LIMIT_PATTERN.test(reason)) {
    return new QueryScanLimitError(name, queryId, reason);
  }
  const athenaError = status.AthenaError;
  const codes =
    athenaError?.ErrorCategory !== undefined || athenaError?.ErrorType !== undefined
      ? ` (Athena error category ${athenaError.ErrorCategory ?? '?'}, type ${athenaError.ErrorType ?? '?'})`
      : '';
  return new QueryFailedError(name, `Athena reports ${status.State ?? 'FAILED'}: ${reason}${codes}`, { queryId });
};
