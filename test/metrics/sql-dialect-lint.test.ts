import { describe, expect, it } from 'vitest';
import { ALL_METRIC_QUERIES } from '../../lambdas/metrics/queries/all-metric-queries.js';
import { lintPortableSql } from '../../lambdas/metrics/sql-dialect-lint.js';

const rulesOf = (sql: string): string[] => lintPortableSql({ name: 'probe', sql }).map((finding) => finding.rule);
const FILTERED = "FROM funnel_events WHERE dt BETWEEN ? AND ?";

describe('metric SQL portability', () => {
  it.each(ALL_METRIC_QUERIES.map((query) => [query.name, query] as const))('%s uses only SQL both Trino and DuckDB accept', (_name, query) => {
    expect(lintPortableSql(query)).toEqual([]);
  });

  it('lints every metric query', () => {
    expect(ALL_METRIC_QUERIES.map((query) => query.name)).toEqual([
      'stage_daily',
      'attribution',
      'spend_daily',
      'web_sessions_daily',
      'stage_transitions',
      'deal_outcomes',
    ]);
  });
});

// DuckDB-only syntax (`::`, QUALIFY, GROUP BY ALL, `$1`, …) and functions Athena lacks are the
// Trino grammar's to catch: see athena-grammar.test.ts.
describe('the portability lint', () => {
  it.each([
    ['division', `SELECT sum(amount) / count(1) AS mean ${FILTERED}`],
    ['date-trunc-unit', `SELECT date_trunc(stage, occurred_at) AS d ${FILTERED}`],
    ['epoch', `SELECT epoch(occurred_at) AS e ${FILTERED}`],
    ['interval-literal', `SELECT occurred_at + INTERVAL '1 day' AS next ${FILTERED}`],
    ['least-greatest', `SELECT least(amount, 0) AS a ${FILTERED}`],
    ['median', `SELECT median(amount) AS m ${FILTERED}`],
    ['ifnull', `SELECT ifnull(amount, 0) AS a ${FILTERED}`],
    ['clock', `SELECT dt ${FILTERED} AND dt < current_date`],
    ['select-star', `SELECT * ${FILTERED}`],
    ['semicolon', `SELECT dt ${FILTERED};`],
    ['order-by-all', `SELECT dt ${FILTERED} ORDER BY ALL`],
    ['string-agg', `SELECT list(dt) AS days ${FILTERED}`],
  ])('flags %s', (rule, sql) => {
    expect(rulesOf(sql)).toContain(rule);
  });

  it('flags double-quoted strings', () => {
    expect(rulesOf(`SELECT dt ${FILTERED} AND stage = "won"`)).toContain('double-quotes');
  });

  it('ignores constructs inside string literals', () => {
    expect(rulesOf(`SELECT dt ${FILTERED} AND reason = 'price :: too high / QUALIFY'`)).toEqual([]);
  });

  it('accepts count(*)', () => {
    expect(rulesOf(`SELECT count(*) AS n ${FILTERED}`)).toEqual([]);
  });

  it('flags a partitioned table read without a dt filter', () => {
    expect(rulesOf('SELECT stage FROM funnel_events WHERE stage = ?')).toEqual(['partition-filter']);
  });

  it('flags a dt filter that sits in a different subquery from the read', () => {
    const sql = `SELECT s.stage FROM (SELECT stage FROM funnel_events) s JOIN (SELECT dt FROM marketing_spend WHERE dt BETWEEN ? AND ?) m ON s.stage = m.dt`;
    expect(rulesOf(sql)).toEqual(['partition-filter']);
  });
});
