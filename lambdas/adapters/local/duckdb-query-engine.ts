/**
 * The local stand-in for Athena: DuckDB over the lake folder, with one view per Glue table.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  dateFromTimestampMillisecondsValue,
  dateFromTimestampNanosecondsValue,
  dateFromTimestampSecondsValue,
  dateFromTimestampTZValue,
  dateFromTimestampValue,
  doubleFromDecimalValue,
  type DuckDBConnection,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api';
import { DATASETS, TABLES, type ColumnType, type Dataset } from '../../schema/canonical-schema.js';
import type { QueryEngine, QueryParameter, QueryResult } from '../../ports/query-engine.js';
import { QueryFailedError } from '../query-errors.js';

export interface DuckDbQueryEngineOptions {
  /** Folder holding the lake: `<lakeDir>/<table>/dt=YYYY-MM-DD/<source>.parquet`. */
  readonly lakeDir: string;
  /**
   * DuckDB's in-memory cache of file blocks. Turn it off in benchmarks: with it on, a query over
   * files already read reports 0 bytes read. @default true
   */
  readonly fileCache?: boolean;
}

/**
 * DuckDB types of the canonical columns. Timestamps are TIMESTAMPTZ, which is how DuckDB reads
 * Parquet TIMESTAMP(MILLIS, UTC); with the session in UTC it behaves like Athena's timestamp.
 */
const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  double: 'DOUBLE',
  bigint: 'BIGINT',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
};

const quoteLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'`;
const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const toNumber = (value: unknown): number => Number(value as bigint);

/** DuckDB values to plain JSON-friendly JS: numbers, strings, booleans and null. */
const toPlainValue: DuckDBValueConverter<unknown> = (value, type, converter) => {
  if (value === null || value === undefined) return null;
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return toNumber(value);
    case DuckDBTypeId.DECIMAL:
      return doubleFromDecimalValue(value);
    case DuckDBTypeId.DATE:
      // DuckDBDateValue prints as YYYY-MM-DD.
      return String(value);
    case DuckDBTypeId.TIMESTAMP:
      return dateFromTimestampValue(value).toISOString();
    case DuckDBTypeId.TIMESTAMP_S:
      return dateFromTimestampSecondsValue(value).toISOString();
    case DuckDBTypeId.TIMESTAMP_MS:
      return dateFromTimestampMillisecondsValue(value).toISOString();
    case DuckDBTypeId.TIMESTAMP_NS:
      return dateFromTimestampNanosecondsValue(value).toISOString();
    case DuckDBTypeId.TIMESTAMP_TZ:
      return dateFromTimestampTZValue(value).toISOString();
    case DuckDBTypeId.VARCHAR:
      return String(value);
    default:
      // Booleans, doubles, lists and structs: the library's JS conversion, recursing through ours.
      return JSDuckDBValueConverter(value, type, converter as unknown as DuckDBValueConverter<JS>);
  }
};

export class DuckDbQueryEngine implements QueryEngine {
  /** Tables that had no Parquet file when last checked and are served by an empty view. */
  private readonly emptyTables = new Set<Dataset>();
  private viewRefresh: Promise<void> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly lakeDir: string,
  ) {}

  static async open(options: DuckDbQueryEngineOptions): Promise<DuckDbQueryEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const engine = new DuckDbQueryEngine(instance, path.resolve(options.lakeDir));
    const connection = await instance.connect();
    try {
      // UTC for every connection, so TIMESTAMPTZ values and casts are never shifted into the
      // machine's zone (Athena sessions run in UTC too). ICU is built in but only settable once loaded.
      await connection.run("SET GLOBAL TimeZone = 'UTC'");
      if (options.fileCache === false) {
        await connection.run('SET GLOBAL enable_external_file_cache = false');
      }
      for (const dataset of DATASETS) {
        await engine.createView(connection, dataset);
      }
    } finally {
      connection.closeSync();
    }
    return engine;
  }

  async query<Row extends Record<string, unknown>>(
    name: string,
    sql: string,
    parameters: readonly QueryParameter[] = [],
  ): Promise<QueryResult<Row>> {
    const startedAt = performance.now();
    const connection = await this.connectWithFreshViews(name);
    try {
      const reader = await connection.runAndReadAll(sql, [...parameters]);
      const rows = reader.convertRowObjects(toPlainValue) as Row[];
      return { rows, stats: { engine: 'duckdb', elapsedMs: Math.round(performance.now() - startedAt) } };
    } catch (error) {
      throw new QueryFailedError(name, error instanceof Error ? error.message : String(error), { cause: error });
    } finally {
      connection.closeSync();
    }
  }

  /**
   * Runs the query under EXPLAIN ANALYZE and reports the Parquet files its scans opened, out of
   * the files their globs matched: it shows whether pruning on `dt` worked, the local stand-in
   * for the bytes Athena scans and bills.
   */
  async explainFilesScanned(sql: string, parameters: readonly QueryParameter[] = []): Promise<FilesScanned> {
    const connection = await this.connectWithFreshViews('explain');
    try {
      const reader = await connection.runAndReadAll(`EXPLAIN (ANALYZE, FORMAT json) ${sql}`, [...parameters]);
      const planText = reader
        .getRows()
        .flat()
        .map((cell) => String(cell))
        .find((cell) => cell.trimStart().startsWith('{'));
      if (planText === undefined) {
        throw new Error('EXPLAIN ANALYZE returned no JSON profile');
      }
      return filesScannedFromProfile(JSON.parse(planText) as ProfileNode);
    } catch (error) {
      throw new QueryFailedError('explain', error instanceof Error ? error.message : String(error), { cause: error });
    } finally {
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    await this.viewRefresh;
    this.instance.closeSync();
  }

  private async connectWithFreshViews(name: string): Promise<DuckDBConnection> {
    let connection: DuckDBConnection;
    try {
      connection = await this.instance.connect();
    } catch (error) {
      throw new QueryFailedError(name, `cannot connect to DuckDB: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (this.emptyTables.size > 0) {
      // A table that was empty at open may have received its first files since (ingest then report
      // in one process). Refreshes are chained so concurrent queries do not replace a view twice.
      this.viewRefresh = this.viewRefresh.then(() => this.refreshEmptyViews(connection));
      try {
        await this.viewRefresh;
      } catch (error) {
        connection.closeSync();
        throw new QueryFailedError(name, `cannot refresh the lake views: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return connection;
  }

  private async refreshEmptyViews(connection: DuckDBConnection): Promise<void> {
    for (const dataset of [...this.emptyTables]) {
      if (await this.hasParquetFiles(dataset)) {
        await this.createView(connection, dataset);
      }
    }
  }

  private async createView(connection: DuckDBConnection, dataset: Dataset): Promise<void> {
    const table = TABLES[dataset];
    // Cast to the canonical types so the view's schema does not depend on how a writer chose to
    // encode a column (a timestamp with or without the UTC flag); casts to the same type are free.
    const columns = table.columns.map(
      (column) => `CAST(${quoteIdentifier(column.name)} AS ${DUCKDB_TYPES[column.type]}) AS ${quoteIdentifier(column.name)}`,
    );
    let select: string;
    if (await this.hasParquetFiles(dataset)) {
      const glob = path.join(this.lakeDir, dataset, '*', '*.parquet');
      select =
        `SELECT ${columns.join(', ')}, dt FROM read_parquet(${quoteLiteral(glob)}, ` +
        `hive_partitioning = true, hive_types = {'dt': VARCHAR})`;
      this.emptyTables.delete(dataset);
    } else {
      const nulls = table.columns.map((column) => `CAST(NULL AS ${DUCKDB_TYPES[column.type]}) AS ${quoteIdentifier(column.name)}`);
      select = `SELECT ${nulls.join(', ')}, CAST(NULL AS VARCHAR) AS dt WHERE false`;
      this.emptyTables.add(dataset);
    }
    await connection.run(`CREATE OR REPLACE VIEW ${quoteIdentifier(dataset)} AS ${select}`);
  }

  private async hasParquetFiles(dataset: Dataset): Promise<boolean> {
    const tableDir = path.join(this.lakeDir, dataset);
    const partitions = await readdir(tableDir, { withFileTypes: true }).catch(() => []);
    for (const partition of partitions) {
      if (!partition.isDirectory()) continue;
      const files = await readdir(path.join(tableDir, partition.name));
      if (files.some((file) => file.endsWith('.parquet'))) return true;
    }
    return false;
  }
}

export interface FilesScanned {
  /** Parquet files opened, summed over every scan in the plan (a table scanned twice counts twice). */
  readonly files: number;
  /** Files the scans' globs matched before partition pruning. */
  readonly filesMatched: number;
  /** DuckDB's `total_bytes_read`: bytes read from disk, 0 for blocks served by the file cache (see `fileCache`). */
  readonly bytesRead: number;
}

/** One node of DuckDB's JSON profile (`EXPLAIN (ANALYZE, FORMAT json)`), as far as we read it. */
export interface ProfileNode {
  readonly total_bytes_read?: number;
  readonly extra_info?: Readonly<Record<string, unknown>>;
  readonly children?: readonly ProfileNode[];
}

/** Sums `Total Files Read` and `Scanning Files: read/matched` over every Parquet scan in a profile. */
export const filesScannedFromProfile = (profile: ProfileNode): FilesScanned => {
  let files = 0;
  let filesMatched = 0;
  const visit = (node: ProfileNode): void => {
    const info = node.extra_info ?? {};
    const totalRead = info['Total Files Read'];
    const scanning = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(String(info['Scanning Files'] ?? ''));
    if (totalRead !== undefined) files += Number(totalRead);
    if (scanning) filesMatched += Number(scanning[2]);
    node.children?.forEach(visit);
  };
  visit(profile);
  return { files, filesMatched, bytesRead: profile.total_bytes_read ?? 0 };
};
