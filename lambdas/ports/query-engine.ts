/** A positional parameter bound to a `?` in the SQL; never spliced into the text. */
export type QueryParameter = string | number;

export interface QueryStats {
  readonly engine: 'athena' | 'duckdb';
  /** Athena's query execution id; undefined for DuckDB. */
  readonly queryId?: string;
  readonly bytesScanned?: number;
  readonly elapsedMs: number;
}

export interface QueryResult<Row> {
  readonly rows: Row[];
  readonly stats: QueryStats;
}

/**
 * Runs one read-only SQL statement written in the dialect both Trino (Athena engine 3) and
 * DuckDB accept, over the canonical tables (`funnel_events`, `marketing_spend`, `web_sessions`).
 * Values come back typed: numbers as `number`, strings as `string`, SQL NULL as `null`.
 */
export interface QueryEngine {
  query<Row extends Record<string, unknown>>(
    name: string,
    sql: string,
    parameters?: readonly QueryParameter[],
  ): Promise<QueryResult<Row>>;
  close?(): Promise<void>;
}
