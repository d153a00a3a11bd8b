import { TrinoSQL, TrinoSqlListener } from 'dt-sql-parser';
import { describe, expect, it } from 'vitest';
import { ALL_METRIC_QUERIES } from '../../lambdas/metrics/queries/all-metric-queries.js';

/**
 * Athena engine version 3 speaks Trino's SQL. Every metric query must parse with a real Trino
 * grammar (dt-sql-parser's, generated from Trino's ANTLR grammar) and call only functions Athena
 * engine v3 has. DuckDB runs the same queries in the local tests, so between the two every query
 * is known to run on both engines.
 */

/**
 * Functions of Athena engine version 3 (Trino), by the documentation's groups. Kept here, by
 * hand, so that a query calling a function outside it fails this test, not a scheduled run.
 */
const ATHENA_V3_FUNCTIONS = new Set([
  // aggregate
  'approx_distinct', 'approx_percentile', 'arbitrary', 'array_agg', 'avg', 'bool_and', 'bool_or', 'checksum', 'count', 'count_if',
  'every', 'geometric_mean', 'histogram', 'listagg', 'map_agg', 'max', 'max_by', 'min', 'min_by', 'stddev', 'stddev_pop', 'stddev_samp',
  'sum', 'variance', 'var_pop', 'var_samp',
  // conditional
  'coalesce', 'if', 'nullif', 'try',
  // conversion
  'cast', 'try_cast', 'typeof', 'format',
  // date and time
  'current_date', 'current_time', 'current_timestamp', 'current_timezone', 'date', 'date_add', 'date_diff', 'date_format', 'date_parse',
  'date_trunc', 'day', 'day_of_month', 'day_of_week', 'day_of_year', 'dow', 'doy', 'extract', 'format_datetime', 'from_iso8601_date',
  'from_iso8601_timestamp', 'from_unixtime', 'hour', 'last_day_of_month', 'localtime', 'localtimestamp', 'minute', 'month', 'now',
  'parse_datetime', 'quarter', 'second', 'to_iso8601', 'to_unixtime', 'week', 'week_of_year', 'year', 'year_of_week', 'yow', 'at_timezone',
  'with_timezone', 'human_readable_seconds',
  // math
  'abs', 'cbrt', 'ceil', 'ceiling', 'degrees', 'e', 'exp', 'floor', 'ln', 'log', 'log10', 'log2', 'mod', 'pi', 'pow', 'power', 'radians',
  'rand', 'random', 'round', 'sign', 'sqrt', 'truncate', 'width_bucket', 'greatest', 'least', 'is_finite', 'is_infinite', 'is_nan', 'nan',
  'infinity',
  // string
  'chr', 'codepoint', 'concat', 'concat_ws', 'hamming_distance', 'length', 'levenshtein_distance', 'lower', 'lpad', 'ltrim', 'position',
  'replace', 'reverse', 'rpad', 'rtrim', 'split', 'split_part', 'starts_with', 'strpos', 'substr', 'substring', 'trim', 'upper',
  'regexp_extract', 'regexp_extract_all', 'regexp_like', 'regexp_replace', 'regexp_split', 'to_utf8', 'from_utf8',
  // array and map
  'array_distinct', 'array_join', 'array_max', 'array_min', 'array_position', 'array_sort', 'cardinality', 'contains', 'element_at',
  'filter', 'flatten', 'sequence', 'slice', 'transform', 'map', 'map_keys', 'map_values',
  // window
  'cume_dist', 'dense_rank', 'first_value', 'lag', 'last_value', 'lead', 'nth_value', 'ntile', 'percent_rank', 'rank', 'row_number',
]);

const trino = new TrinoSQL();

/** The name of every function a statement calls, lower-cased, as the grammar sees them. */
const functionsCalledBy = (sql: string): string[] => {
  const names: string[] = [];
  class FunctionCalls extends TrinoSqlListener {
    override enterFunctionCall = (context: Parameters<NonNullable<TrinoSqlListener['enterFunctionCall']>>[0]): void => {
      names.push(context.functionName().getText().toLowerCase());
    };
  }
  trino.listen(new FunctionCalls(), trino.parse(sql));
  return [...new Set(names)].sort();
};

const grammarErrors = (sql: string): string[] => trino.validate(sql).map((error) => error.message);

describe('metric queries against Athena engine v3 (a Trino grammar)', () => {
  // Every query of ALL_METRIC_QUERIES (the six are pinned by name in sql-dialect-lint.test.ts).
  it.each(ALL_METRIC_QUERIES.map((query) => [query.name, query.sql] as const))('%s parses as Trino SQL', (_name, sql) => {
    expect(grammarErrors(sql)).toEqual([]);
  });

  it.each(ALL_METRIC_QUERIES.map((query) => [query.name, query.sql] as const))('%s calls only functions Athena engine v3 has', (_name, sql) => {
    const called = functionsCalledBy(sql);
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((name) => !ATHENA_V3_FUNCTIONS.has(name))).toEqual([]);
  });
});

describe('the grammar check catches what only DuckDB accepts', () => {
  it.each([
    ['a :: cast', 'SELECT dt::date AS d FROM funnel_events WHERE dt BETWEEN ? AND ?'],
    ['QUALIFY', 'SELECT dt FROM funnel_events WHERE dt BETWEEN ? AND ? QUALIFY row_number() OVER (PARTITION BY dt ORDER BY dt) = 1'],
    ['GROUP BY ALL', 'SELECT dt, count(1) AS n FROM funnel_events WHERE dt BETWEEN ? AND ? GROUP BY ALL'],
    ['SELECT * EXCLUDE', 'SELECT * EXCLUDE (dt) FROM funnel_events WHERE dt BETWEEN ? AND ?'],
    ['SELECT * REPLACE', 'SELECT * REPLACE (stage AS s) FROM funnel_events WHERE dt BETWEEN ? AND ?'],
    ['ILIKE', "SELECT dt FROM funnel_events WHERE dt BETWEEN ? AND ? AND stage ILIKE 'w%'"],
    ['// integer division', 'SELECT count(1) // 2 AS half FROM funnel_events WHERE dt BETWEEN ? AND ?'],
    ['a FROM-first query', 'FROM funnel_events SELECT dt'],
    ['PIVOT', 'PIVOT funnel_events ON stage USING count(1)'],
    ['USING SAMPLE', 'SELECT dt FROM funnel_events USING SAMPLE 10%'],
    ['a $1 parameter', 'SELECT dt FROM funnel_events WHERE dt BETWEEN ? AND ? AND stage = $1'],
    ['a :named parameter', 'SELECT dt FROM funnel_events WHERE dt BETWEEN ? AND ? AND stage = :stage'],
    ['a struct literal', "SELECT {'a': 1} AS s FROM funnel_events WHERE dt BETWEEN ? AND ?"],
    ['a list literal', 'SELECT [1, 2] AS l FROM funnel_events WHERE dt BETWEEN ? AND ?'],
  ])('%s does not parse', (_name, sql) => {
    expect(grammarErrors(sql).length).toBeGreaterThan(0);
  });

  it.each([
    ['strftime', "SELECT strftime(occurred_at, '%Y') AS y FROM funnel_events"],
    ['epoch_ms', 'SELECT epoch_ms(occurred_at) AS e FROM funnel_events'],
    ['median', 'SELECT median(amount) AS m FROM funnel_events'],
    ['quantile_cont', 'SELECT quantile_cont(amount, 0.5) AS m FROM funnel_events'],
    ['ifnull', 'SELECT ifnull(amount, 0) AS a FROM funnel_events'],
    ['list', 'SELECT list(dt) AS days FROM funnel_events'],
    ['list_value', 'SELECT list_value(1, 2) AS l FROM funnel_events'],
    ['regexp_matches', "SELECT regexp_matches(stage, 'w') AS w FROM funnel_events"],
    ['columns', 'SELECT columns(amount) FROM funnel_events'],
  ])('a call of %s is not an Athena engine v3 function', (name, sql) => {
    expect(functionsCalledBy(sql).filter((called) => !ATHENA_V3_FUNCTIONS.has(called))).toEqual([name]);
  });
});
