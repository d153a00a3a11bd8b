/**
 * Lints a metric query for constructs both Trino (Athena engine 3) and DuckDB accept with
 * different meanings, and for the house rules (parameters for dates, no `*`, a `dt` filter on
 * every partitioned read). Syntax only DuckDB accepts (`::`, QUALIFY, GROUP BY ALL, `* EXCLUDE`,
 * `$1`, …) and functions Athena lacks are left to a real Trino grammar and a list of Athena
 * functions (test/metrics/athena-grammar.test.ts); DuckDB runs every query in the local tests.
 */
import { DATASETS } from '../schema/canonical-schema.js';

export interface PortableQueryText {
  readonly name: string;
  readonly sql: string;
}

export interface SqlLintFinding {
  readonly query: string;
  readonly rule: string;
  readonly message: string;
}

interface PatternRule {
  readonly rule: string;
  readonly pattern: RegExp;
  readonly why: string;
}

/** Checked on the SQL with string literals and comments blanked out. */
const PATTERN_RULES: readonly PatternRule[] = [
  // Trino's grammar reads ALL here as a column name, so only this rule catches it.
  { rule: 'order-by-all', pattern: /\bORDER\s+BY\s+ALL\b/i, why: 'ORDER BY ALL is DuckDB only' },
  {
    rule: 'division',
    pattern: /\//,
    why: '`/` truncates integers in Trino but not in DuckDB; divide in TypeScript (SQL returns aggregates)',
  },
  { rule: 'date-trunc-unit', pattern: /\bdate_trunc\s*\(\s*[^'\s]/i, why: 'date_trunc needs a literal unit in both engines' },
  { rule: 'date-format', pattern: /\b(date_format|date_parse|format_datetime|parse_datetime)\s*\(/i, why: 'date_format/date_parse are Trino only' },
  { rule: 'epoch', pattern: /\b(epoch|epoch_ms|to_unixtime|from_unixtime)\s*\(/i, why: 'epoch functions differ between the engines' },
  { rule: 'interval-literal', pattern: /\bINTERVAL\s+'[^']*\s[^']*'/i, why: "INTERVAL '1 day' is DuckDB style; Trino needs INTERVAL '1' DAY (pass dates as parameters instead)" },
  { rule: 'interval', pattern: /\bINTERVAL\b/i, why: 'interval arithmetic differs; compute dates in TypeScript and pass them as parameters' },
  { rule: 'date-add', pattern: /\b(date_add|date_sub|datediff|date_part|datepart)\s*\(/i, why: 'argument order differs between the engines; use date_diff(unit, a, b)' },
  { rule: 'least-greatest', pattern: /\b(least|greatest)\s*\(/i, why: 'NULL handling of least/greatest differs (Trino returns NULL, DuckDB skips it)' },
  { rule: 'median', pattern: /\b(median|quantile|quantile_cont|quantile_disc|percentile_cont|percentile_disc|approx_percentile|approx_quantile|mode)\s*\(/i, why: 'percentile functions differ; return a histogram and take the median in TypeScript' },
  { rule: 'string-agg', pattern: /\b(string_agg|group_concat|listagg|array_agg|list)\s*\(/i, why: 'aggregations into strings/lists differ between the engines' },
  { rule: 'ifnull', pattern: /\b(ifnull|nvl|iff|if)\s*\(/i, why: 'use COALESCE or CASE, which both engines share' },
  { rule: 'regexp', pattern: /\b(regexp_matches|regexp_full_match|regexp_like)\s*\(/i, why: 'regular expression functions differ between the engines' },
  { rule: 'clock', pattern: /\b(now\s*\(|current_date\b|current_timestamp\b|localtimestamp\b|today\s*\()/i, why: 'the clock is an input: pass dates as parameters so a re-run gives the same answer' },
  { rule: 'select-star', pattern: /\bSELECT\s+(DISTINCT\s+)?\*|,\s*\*\s*(,|\bFROM\b)|\.\*/i, why: 'select only the columns a query uses (no *), so Athena reads only those' },
  { rule: 'semicolon', pattern: /;/, why: 'one statement per query, no semicolons' },
];

/** Blanks string literals ('...'), double-quoted text and comments, keeping offsets. */
export function blankLiterals(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, (m) => ' '.repeat(m.length))
    .replace(/\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length))
    .replace(/'(?:[^']|'')*'/g, (m) => `'${' '.repeat(m.length - 2)}'`);
}

/** The text of the query level that starts at `from`, with nested parentheses left out. */
const sameLevelText = (sql: string, from: number): string => {
  let depth = 0;
  let text = '';
  for (let index = from; index < sql.length; index += 1) {
    const char = sql[index]!;
    if (char === '(') depth += 1;
    if (char === ')') {
      if (depth === 0) break;
      depth -= 1;
      continue;
    }
    if (depth === 0) text += char;
  }
  return text;
};

const DT_FILTER = /\b(?:\w+\.)?dt\s+BETWEEN\s+\?\s+AND\s+\?/i;

export function lintPortableSql(query: PortableQueryText): SqlLintFinding[] {
  const findings: SqlLintFinding[] = [];
  const finding = (rule: string, message: string): void => {
    findings.push({ query: query.name, rule, message: `query "${query.name}": ${message}` });
  };

  // Double quotes are identifiers in Trino but may be strings elsewhere; none of ours need them.
  const withoutComments = query.sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (/"/.test(withoutComments.replace(/'(?:[^']|'')*'/g, "''"))) {
    finding('double-quotes', 'double quotes are string literals in some dialects and identifiers in others; use single-quoted strings and plain identifiers');
  }

  const code = blankLiterals(query.sql).replace(/count\s*\(\s*\*\s*\)/gi, 'count(1)');
  for (const { rule, pattern, why } of PATTERN_RULES) {
    if (pattern.test(code)) finding(rule, why);
  }

  // Every read of a partitioned table filters its dt partitions at the same query level.
  const tables = DATASETS.join('|');
  const reads = new RegExp(`\\b(?:FROM|JOIN)\\s+(${tables})\\b`, 'gi');
  for (const match of code.matchAll(reads)) {
    const levelText = sameLevelText(code, match.index);
    if (!DT_FILTER.test(levelText)) {
      finding('partition-filter', `reads ${match[1]} without a \`dt BETWEEN ? AND ?\` filter at the same level, so Athena would scan every partition`);
    }
  }
  return findings;
}
