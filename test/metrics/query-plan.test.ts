import { describe, expect, it, vi } from 'vitest';
import { periodById } from '../../lambdas/calendar/fiscal-calendar.js';
import type { CalendarSettings } from '../../lambdas/calendar/period-types.js';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { computeFunnelMetrics } from '../../lambdas/metrics/compute-funnel-metrics.js';
import { planPack } from '../../lambdas/metrics/query-plan.js';
import { lintPortableSql } from '../../lambdas/metrics/sql-dialect-lint.js';
import type { QueryEngine, QueryParameter } from '../../lambdas/ports/query-engine.js';

const settings: CalendarSettings = { timeZone: 'America/New_York', weekStart: 'monday', fiscalYearStartMonth: 1, fiscalYearNaming: 'end' };

describe('pack plan', () => {
  it('reads a weekly pack from 8 weeks back, and first stages 180 days before that', () => {
    const plan = planPack(periodById('weekly', '2026-W45', settings), '2026-11-09', settings);
    // W37 starts Mon 7 Sep 2026, before the quarter (1 Oct) the goals track.
    expect(plan.queries.stageDaily.parameters).toEqual(['2026-09-07', '2026-11-08']);
    expect(plan.queries.attribution.parameters).toEqual(['2026-11-02', '2026-11-08']);
    expect(plan.queries.stageTransitions.parameters).toEqual(['2026-03-11', '2026-11-08', '2026-09-07', '2026-09-07']);
    expect(plan.queries.dealOutcomes).toBeUndefined();
    expect(plan.goalPeriod.id).toBe('2026-Q4');
  });

  it('extends the weekly window to the quarter start when the quarter began earlier', () => {
    // W52 of 2026 ends 27 Dec; 8 weeks back is 26 Oct, but Q4 began on 1 Oct.
    const plan = planPack(periodById('weekly', '2026-W52', settings), '2026-12-28', settings);
    expect(plan.queries.stageDaily.parameters).toEqual(['2026-10-01', '2026-12-27']);
  });

  it('reads deal outcomes for the forecast and its calibration in monthly packs', () => {
    const plan = planPack(periodById('monthly', '2026-10', settings), '2026-11-01', settings);
    // Calibration as of the ends of April … September 2026; training a year before 30 April.
    expect(plan.forecast?.horizon.id).toBe('2026-11');
    expect(plan.forecast?.calibration.map((c) => c.asOfEnd)).toEqual(['2026-09-30', '2026-08-31', '2026-07-31', '2026-06-30', '2026-05-31', '2026-04-30']);
    expect(plan.queries.dealOutcomes?.parameters).toEqual(['2025-04-30', '2026-10-31']);
    expect(plan.sameLastYear?.id).toBe('2025-10');
  });

  it('counts cohorts up to the day before the run date', () => {
    const plan = planPack(periodById('monthly', '2026-10', settings), '2026-11-20', settings);
    expect(plan.cutoff).toBe('2026-11-19');
  });

  it('plans only portable, partition-filtered SQL', () => {
    const plan = planPack(periodById('quarterly', '2026-Q3', settings), '2026-10-01', settings);
    const findings = Object.values(plan.queries).flatMap((query) => (query ? lintPortableSql(query) : []));
    expect(findings).toEqual([]);
  });
});

describe('query concurrency', () => {
  it('sends all of a pack’s queries before any of them answers', async () => {
    let inFlight = 0;
    let mostInFlight = 0;
    const release: (() => void)[] = [];
    const engine: QueryEngine = {
      async query<Row extends Record<string, unknown>>(_name: string, _sql: string, _parameters?: readonly QueryParameter[]) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise<void>((resolve) => release.push(resolve));
        inFlight -= 1;
        return { rows: [] as Row[], stats: { engine: 'duckdb' as const, elapsedMs: 0 } };
      },
    };
    const config = parseConfig(SAMPLE_CONFIG_INPUT);
    const pending = computeFunnelMetrics({
      config,
      engine,
      period: periodById('monthly', '2026-10', settings),
      asOf: '2026-11-01',
      freshness: { daysNeeded: 0, daysPresent: 0, missingDays: [], failedDays: [], quarantinedRows: [] },
    });
    // Every query is waiting at once: none was held back for another to finish.
    await vi.waitFor(() => expect(release).toHaveLength(6));
    release.forEach((resolve) => resolve());
    const metrics = await pending;
    expect(mostInFlight).toBe(6);
    expect(metrics.metrics.leads.value).toEqual({ available: false, reason: 'no data in the lake yet' });
  });
});
