import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../lambdas/adapters/local/duckdb-query-engine.js';
import { periodById } from '../../lambdas/calendar/fiscal-calendar.js';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { computeFunnelMetrics } from '../../lambdas/metrics/compute-funnel-metrics.js';
import type { DataFreshness, FunnelMetrics, Measure } from '../../lambdas/metrics/metric-types.js';
import { writeLake, type FixtureEvent } from './lake-fixture.js';

/**
 * A hand-built week: 2026-W45 (Mon 2 – Sun 8 Nov 2026), reporting zone America/New_York (DST
 * ended on Sun 1 Nov). Every expected figure below is counted by hand from these events.
 */
const EVENTS: FixtureEvent[] = [
  // L1: the full path inside the week (lead → mql → sql → lifecycle opportunity).
  { entity: 'L1', type: 'lead', stage: 'lead', at: '2026-11-02T15:00:00Z', team: 'marketing', channel: 'email' },
  { entity: 'L1', type: 'lead', stage: 'mql', at: '2026-11-03T15:00:00Z', team: 'marketing', channel: 'email' },
  { entity: 'L1', type: 'lead', stage: 'sql', at: '2026-11-05T15:00:00Z', team: 'marketing', channel: 'email' },
  { entity: 'L1', type: 'lead', stage: 'opportunity', at: '2026-11-08T15:00:00Z', team: 'marketing', channel: 'email' },
  // L2: MQL on the week's last local day (23:30 EST = 04:30Z next day); accepted only after the report's cutoff.
  { entity: 'L2', type: 'lead', stage: 'lead', at: '2026-11-03T15:00:00Z', team: 'marketing', channel: 'email' },
  { entity: 'L2', type: 'lead', stage: 'mql', at: '2026-11-09T04:30:00Z', team: 'marketing', channel: 'email' },
  { entity: 'L2', type: 'lead', stage: 'sql', at: '2026-11-10T15:00:00Z', team: 'marketing', channel: 'email' },
  // L3: skips MQL (lead → sql).
  { entity: 'L3', type: 'lead', stage: 'lead', at: '2026-11-04T15:00:00Z', team: 'sales', channel: 'outbound' },
  { entity: 'L3', type: 'lead', stage: 'sql', at: '2026-11-06T15:00:00Z', team: 'sales', channel: 'outbound' },
  // L4: lead two weeks earlier, MQL this week, rejected by sales.
  { entity: 'L4', type: 'lead', stage: 'lead', at: '2026-10-20T15:00:00Z', team: 'marketing', channel: 'events' },
  { entity: 'L4', type: 'lead', stage: 'mql', at: '2026-11-02T15:00:00Z', team: 'marketing', channel: 'events' },
  { entity: 'L4', type: 'lead', stage: 'disqualified', at: '2026-11-04T15:00:00Z', team: 'marketing', channel: 'events', reason: 'no budget' },
  // L5: lead in September, skips SQL, becomes a customer this week.
  { entity: 'L5', type: 'lead', stage: 'lead', at: '2026-09-01T15:00:00Z', team: 'marketing', channel: 'paid_search' },
  { entity: 'L5', type: 'lead', stage: 'mql', at: '2026-11-02T16:00:00Z', team: 'marketing', channel: 'paid_search' },
  { entity: 'L5', type: 'lead', stage: 'opportunity', at: '2026-11-05T16:00:00Z', team: 'marketing', channel: 'paid_search' },
  { entity: 'L5', type: 'lead', stage: 'won', at: '2026-11-06T16:00:00Z', team: 'marketing', channel: 'paid_search' },
  // L6: 04:30Z on Mon 2 Nov is 23:30 EST on Sun 1 Nov: last week, not this one.
  { entity: 'L6', type: 'lead', stage: 'lead', at: '2026-11-02T04:30:00Z', team: 'marketing', channel: 'direct' },
  // L7: became a customer (3 Nov) before its first recorded touch (5 Nov).
  { entity: 'L7', type: 'lead', stage: 'won', at: '2026-11-03T15:00:00Z', team: 'partner', channel: 'paid_search' },
  { entity: 'L7', type: 'lead', stage: 'lead', at: '2026-11-05T15:00:00Z', team: 'partner', channel: 'paid_search' },
  // Deals.
  { entity: 'D1', type: 'deal', stage: 'opportunity', at: '2026-11-02T15:00:00Z', team: 'marketing', channel: 'email', amount: 10_000 },
  { entity: 'D1', type: 'deal', stage: 'won', at: '2026-11-06T15:00:00Z', team: 'marketing', channel: 'email', amount: 12_000 },
  { entity: 'D2', type: 'deal', stage: 'opportunity', at: '2026-10-01T15:00:00Z', team: 'sales', channel: 'outbound', amount: 5_000 },
  { entity: 'D2', type: 'deal', stage: 'lost', at: '2026-11-04T15:00:00Z', team: 'sales', channel: 'outbound', amount: 5_000, reason: 'price' },
  { entity: 'D3', type: 'deal', stage: 'opportunity', at: '2026-11-05T15:00:00Z', team: 'partner', channel: 'partner_referral', amount: 20_000 },
  { entity: 'D4', type: 'deal', stage: 'opportunity', at: '2026-09-20T15:00:00Z', team: 'marketing', channel: 'paid_search', amount: 8_000 },
  // Won late on the week's last local day (22:00 EST).
  { entity: 'D4', type: 'deal', stage: 'won', at: '2026-11-09T03:00:00Z', team: 'marketing', channel: 'paid_search', amount: 8_000 },
  // D5: won with no recorded opportunity (won before its first touch).
  { entity: 'D5', type: 'deal', stage: 'won', at: '2026-11-07T15:00:00Z', team: 'unknown', channel: 'direct', amount: 3_000 },
];

const SPEND = [
  { date: '2026-10-30', channel: 'email', amount: 500 },
  { date: '2026-11-02', channel: 'email', amount: 700 },
  { date: '2026-11-05', channel: 'paid_search', amount: 1_400 },
];

const config = parseConfig({
  ...SAMPLE_CONFIG_INPUT,
  goals: { quarterly: {}, monthly: {}, everyQuarter: { leads: 92, revenue: 46_000, win_rate: 0.5, cac: 1_000 } },
});
const settings = { timeZone: 'America/New_York', weekStart: 'monday', fiscalYearStartMonth: 1, fiscalYearNaming: 'end' } as const;

const freshness = (firstDay: string): DataFreshness => ({
  daysNeeded: 7,
  daysPresent: 7,
  missingDays: [],
  failedDays: [],
  quarantinedRows: [],
  firstDay,
  lastDay: '2026-11-10',
});

const valueOf = (measure: Measure): number | string => (measure.available ? measure.value : `unavailable: ${measure.reason}`);

let lakeDir: string;
let engine: DuckDbQueryEngine;
let week: FunnelMetrics;

beforeAll(async () => {
  lakeDir = await writeLake({ timeZone: 'America/New_York', events: EVENTS, spend: SPEND });
  engine = await DuckDbQueryEngine.open({ lakeDir });
  week = await computeFunnelMetrics({
    config,
    engine,
    period: periodById('weekly', '2026-W45', settings),
    asOf: '2026-11-09',
    freshness: freshness('2026-09-01'),
  });
});

afterAll(async () => {
  await engine.close();
  await rm(lakeDir, { recursive: true, force: true });
});

describe('volumes and money of a week', () => {
  it('counts entities entering each stage by their local day', () => {
    // leads L1 L2 L3 L7 (L6 is Sunday 23:30 local); MQLs L1 L2 L4 L5; SQLs L1 L3 (L2 after the week).
    expect(valueOf(week.metrics.leads.value)).toBe(4);
    expect(valueOf(week.metrics.mqls.value)).toBe(4);
    expect(valueOf(week.metrics.sqls.value)).toBe(2);
    expect(valueOf(week.metrics.disqualified.value)).toBe(1);
  });

  it('counts an event at 23:30 local on the Sunday in the previous week', () => {
    expect(valueOf(week.metrics.leads.previous)).toBe(1);
    expect(valueOf(week.metrics.leads.change)).toBe(3); // (4 − 1) / 1
  });

  it('sums deal amounts into pipeline created and revenue', () => {
    expect(valueOf(week.metrics.opportunities.value)).toBe(2); // D1, D3
    expect(valueOf(week.metrics.pipeline_created.value)).toBe(30_000);
    expect(valueOf(week.metrics.deals_won.value)).toBe(3); // D1, D4 (22:00 local on Sunday), D5
    expect(valueOf(week.metrics.revenue.value)).toBe(23_000);
    expect(week.metrics.average_deal_size.value).toEqual({ available: true, value: 23_000 / 3 });
  });

  it('computes the win rate over deals closed in the week', () => {
    expect(valueOf(week.metrics.deals_lost.value)).toBe(1);
    expect(valueOf(week.metrics.win_rate.value)).toBe(0.75); // 3 won / (3 won + 1 lost)
  });

  it('divides spend by leads, MQLs and new customers', () => {
    expect(valueOf(week.metrics.marketing_spend.value)).toBe(2_100);
    expect(valueOf(week.metrics.cost_per_lead.value)).toBe(525);
    expect(valueOf(week.metrics.cost_per_mql.value)).toBe(525);
    expect(valueOf(week.metrics.cac.value)).toBe(700);
  });
});

describe('cohorts and velocity', () => {
  it('counts an MQL on the last day of the week as converted from lead', () => {
    // Leads L1 L2 L3 L7: L1 and L2 (MQL on Sunday) reached MQL.
    expect(valueOf(week.metrics.lead_to_mql_conversion.value)).toBe(0.5);
  });

  it('does not count a stage reached after the report cutoff', () => {
    // MQLs L1 L2 L4 L5: only L1 reached SQL by Sunday 8 Nov (L2 on the 10th).
    expect(valueOf(week.metrics.mql_to_sql_conversion.value)).toBe(0.25);
    expect(valueOf(week.metrics.mql_acceptance_rate.value)).toBe(0.25);
    expect(valueOf(week.metrics.mql_rejection_rate.value)).toBe(0.25);
  });

  it('counts a skipped stage at its own stage', () => {
    // SQLs L1 (opportunity 8 Nov) and L3 (skipped MQL, no opportunity).
    expect(valueOf(week.metrics.sql_to_opportunity_conversion.value)).toBe(0.5);
    // Lifecycle opportunities L1 and L5 (skipped SQL): L5 became a customer.
    expect(valueOf(week.metrics.opportunity_to_won_conversion.value)).toBe(0.5);
  });

  it('counts a customer recorded before its first touch as converted', () => {
    // Leads L1 L2 L3 L7: L7 was already a customer.
    expect(valueOf(week.metrics.lead_to_customer_conversion.value)).toBe(0.25);
  });

  it('takes median days between first stage days', () => {
    expect(valueOf(week.metrics.mql_to_sql_days.value)).toBe(2); // L1: 3 → 5 Nov
    expect(valueOf(week.metrics.sql_to_opportunity_days.value)).toBe(3); // L1: 5 → 8 Nov
    expect(valueOf(week.metrics.opportunity_to_won_days.value)).toBe(26.5); // D1 4 days, D4 49 days
  });

  it('leaves out durations of a stage recorded before its predecessor', () => {
    // L5: 1 Sep → 6 Nov = 66 days; L7 (won before its lead) is left out, not negative.
    expect(valueOf(week.metrics.lead_to_won_days.value)).toBe(66);
  });

  it('builds the unified funnel from the lead lifecycle', () => {
    expect(week.funnel.map((step) => [step.stage, step.count])).toEqual([
      ['lead', 4],
      ['mql', 4],
      ['sql', 2],
      ['opportunity', 2],
      ['won', 2],
    ]);
    expect(week.funnel[4]?.conversionToNext).toBeUndefined();
  });
});

describe('comparisons', () => {
  it('averages the four prior weeks as the baseline', () => {
    // Leads per week: W41 0, W42 0, W43 1 (L4), W44 1 (L6).
    expect(valueOf(week.metrics.leads.baseline)).toBe(0.5);
  });

  it('reports a relative change against 0 as unavailable, not infinite', () => {
    expect(week.metrics.mqls.change).toEqual({
      available: false,
      reason: 'the previous period was 0, so a relative change has no meaning',
    });
  });

  it('reports a ratio with an empty denominator as unavailable', () => {
    const previousWinRate = week.metrics.win_rate.previous;
    expect(previousWinRate.available).toBe(false);
    expect(previousWinRate.available ? '' : previousWinRate.reason).toBe('no deals closed in 2026-W44');
  });

  it('keeps eight trailing weeks of history, ending with this one', () => {
    expect(week.metrics.leads.history.map((point) => point.periodId)).toEqual([
      '2026-W37', '2026-W38', '2026-W39', '2026-W40', '2026-W41', '2026-W42', '2026-W43', '2026-W44', '2026-W45',
    ]);
  });
});

describe('breakdowns', () => {
  it('splits pipeline and revenue by source team', () => {
    const marketing = week.attribution.bySourceTeam.find((row) => row.key === 'marketing');
    expect(marketing).toMatchObject({ leads: 2, opportunities: 1, pipeline: 10_000, dealsWon: 2, revenue: 20_000 });
    expect(marketing?.pipelineShare).toEqual({ available: true, value: 10_000 / 30_000 });
    const unknown = week.attribution.bySourceTeam.find((row) => row.key === 'unknown');
    expect(unknown).toMatchObject({ dealsWon: 1, revenue: 3_000 });
  });

  it('lists rejection and loss reasons', () => {
    expect(week.reasons.rejection).toEqual([{ reason: 'no budget', count: 1, share: 1, previousCount: 0, isNew: false }]);
    expect(week.reasons.loss).toEqual([{ reason: 'price', count: 1, share: 1, previousCount: 0, isNew: false }]);
  });

  it('computes cost per lead by channel', () => {
    const email = week.efficiencyByChannel.find((row) => row.channel === 'email');
    expect(email).toMatchObject({ spend: 700, leads: 2, mqls: 2, costPerLead: { available: true, value: 350 } });
    expect(email?.previousCostPerLead.available).toBe(false); // 500 spent, no email leads in W44
  });
});

describe('goals of a weekly pack', () => {
  it('tracks the quarter to date of the quarter containing the week', () => {
    const leads = week.goals.find((goal) => goal.metric === 'leads');
    // Q4 2026 = 92 days; 1 Oct – 8 Nov = 39 days; leads L4 L6 L1 L2 L3 L7 = 6.
    expect(leads?.goalPeriod.id).toBe('2026-Q4');
    expect(leads?.elapsedShare).toBeCloseTo(39 / 92, 10);
    expect(valueOf(leads!.actual)).toBe(6);
    expect(valueOf(leads!.pace)).toBeCloseTo(6 / 39, 10);
    expect(valueOf(leads!.projection)).toBeCloseTo((6 * 92) / 39, 10);
    expect(leads?.onTrack).toBe(false);
  });

  it('judges revenue on pace', () => {
    const revenue = week.goals.find((goal) => goal.metric === 'revenue');
    // 23 000 of 46 000 with 39/92 of the quarter gone: pace 0.5 × 92 / 39.
    expect(valueOf(revenue!.pace)).toBeCloseTo((0.5 * 92) / 39, 10);
    expect(revenue?.onTrack).toBe(true);
  });

  it('compares CAC as a rate where lower is better', () => {
    const cac = week.goals.find((goal) => goal.metric === 'cac');
    // Spend 1 Oct – 8 Nov 2 600 / 3 customers = 866.67; target 1 000 ÷ 866.67.
    expect(valueOf(cac!.actual)).toBeCloseTo(2_600 / 3, 10);
    expect(valueOf(cac!.attainment)).toBeCloseTo(1_000 / (2_600 / 3), 10);
    expect(cac?.onTrack).toBe(true);
  });
});

describe('fiscal quarters', () => {
  it('reports a quarterly pack against its fiscal quarter goal', async () => {
    // Fiscal years start in September and are named by the year they end in: Sep–Nov 2026 is 2027-Q1.
    const fiscalConfig = parseConfig({
      ...SAMPLE_CONFIG_INPUT,
      reporting: { ...SAMPLE_CONFIG_INPUT.reporting, fiscalYearStartMonth: 9 },
      goals: { quarterly: { '2027-Q1': { revenue: 46_000 } }, monthly: {} },
    });
    const quarter = periodById('quarterly', '2027-Q1', { ...settings, fiscalYearStartMonth: 9 });
    const metrics = await computeFunnelMetrics({ config: fiscalConfig, engine, period: quarter, asOf: '2026-12-01', freshness: freshness('2026-09-01') });
    // Leads 1 Sep – 30 Nov: L5, L4, L6, L1, L2, L3, L7. Revenue: D1 12 000 + D4 8 000 + D5 3 000.
    expect(quarter).toMatchObject({ start: '2026-09-01', end: '2026-11-30' });
    expect(valueOf(metrics.metrics.leads.value)).toBe(7);
    expect(metrics.goals).toEqual([
      expect.objectContaining({ metric: 'revenue', target: 46_000, targetSource: 'config', elapsedShare: 1, pace: { available: true, value: 0.5 }, onTrack: false }),
    ]);
  });
});

describe('optional data', () => {
  it('reports web sessions as unavailable when the optional dataset is absent', () => {
    expect(week.metrics.web_sessions.value).toEqual({ available: false, reason: 'no web sessions data (optional dataset) for these days' });
  });
});

describe('short history', () => {
  it('reports a baseline as unavailable when the lake starts mid-way', async () => {
    const metrics = await computeFunnelMetrics({
      config,
      engine,
      period: periodById('weekly', '2026-W45', settings),
      asOf: '2026-11-09',
      freshness: freshness('2026-10-12'),
    });
    expect(metrics.metrics.leads.baseline).toEqual({ available: false, reason: 'needs 4 prior weeks, have 3' });
    expect(metrics.metrics.leads.baselineRange).toBeUndefined();
  });

  it('gives no forecast but a reason when deal history is short', async () => {
    const metrics = await computeFunnelMetrics({
      config,
      engine,
      period: periodById('monthly', '2026-10', settings),
      asOf: '2026-11-01',
      freshness: freshness('2026-09-01'),
    });
    expect(metrics.forecast).toMatchObject({ available: false, horizon: { id: '2026-11' } });
    expect(metrics.metrics.pipeline_created.previous).toEqual({ available: true, value: 8_000 }); // D4 in September
    expect(metrics.metrics.leads.sameLastYear.available).toBe(false);
  });
});

describe('repeatability', () => {
  it('returns identical metrics from two runs on the same lake', async () => {
    const again = await DuckDbQueryEngine.open({ lakeDir });
    try {
      const second = await computeFunnelMetrics({
        config,
        engine: again,
        period: periodById('weekly', '2026-W45', settings),
        asOf: '2026-11-09',
        freshness: freshness('2026-09-01'),
      });
      const { queryStats: _a, ...first } = week;
      const { queryStats: _b, ...rest } = second;
      expect(JSON.stringify(rest)).toBe(JSON.stringify(first));
    } finally {
      await again.close();
    }
  });
});
