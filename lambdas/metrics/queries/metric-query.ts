import type { QueryParameter } from '../../ports/query-engine.js';

/** A day range of `dt` partitions, both ends inclusive (`YYYY-MM-DD`). */
export interface DayWindow {
  readonly start: string;
  readonly end: string;
}

/** One metric query, ready to run: SQL written once for Trino and DuckDB, `?` parameters. */
export interface MetricQuery {
  readonly name: string;
  readonly sql: string;
  readonly parameters: readonly QueryParameter[];
  /** The dt windows the query reads, per table (for the bench's partition-pruning check). */
  readonly reads: readonly { readonly table: 'funnel_events' | 'marketing_spend' | 'web_sessions'; readonly window: DayWindow }[];
}

/** SQL NULL or a number from the engine. */
export const toNumber = (value: unknown): number => {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return 0;
};

export const toText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  return String(value);
};
