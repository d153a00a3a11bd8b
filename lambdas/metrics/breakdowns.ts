/** Attribution, reasons and channel efficiency: the pack's breakdown tables. Pure. */
import type { Period } from '../calendar/period-types.js';
import { SOURCE_TEAMS, type SourceTeam } from '../schema/canonical-schema.js';
import { baselineMean, ratio } from './measures.js';
import type { AttributionRow, ChannelEfficiency, Measure, ReasonCount } from './metric-types.js';
import type { DailySeries } from './daily-series.js';

export const UNKNOWN_KEY = 'unknown';
export const NO_REASON = '(no reason given)';
/** Reasons listed per kind, and how many of the baseline's reasons count as "usual". */
export const TOP_REASONS = 5;
export const USUAL_REASONS = 3;

export interface AttributionInput {
  readonly entityType: string;
  readonly stage: string;
  readonly sourceTeam: string | null;
  readonly channel: string | null;
  readonly entities: number;
  readonly amount: number;
}

interface Tally {
  leads: number;
  opportunities: number;
  pipeline: number;
  dealsWon: number;
  revenue: number;
}

const emptyTally = (): Tally => ({ leads: 0, opportunities: 0, pipeline: 0, dealsWon: 0, revenue: 0 });

const addTo = (tally: Tally, row: AttributionInput): void => {
  if (row.entityType === 'lead' && row.stage === 'lead') tally.leads += row.entities;
  if (row.entityType === 'deal' && row.stage === 'opportunity') {
    tally.opportunities += row.entities;
    tally.pipeline += row.amount;
  }
  if (row.entityType === 'deal' && row.stage === 'won') {
    tally.dealsWon += row.entities;
    tally.revenue += row.amount;
  }
};

const toRow = (key: string, tally: Tally, total: Tally, periodId: string): AttributionRow => ({
  key,
  ...tally,
  pipelineShare: ratio(tally.pipeline, total.pipeline, `no pipeline created in ${periodId}`),
  revenueShare: ratio(tally.revenue, total.revenue, `no revenue in ${periodId}`),
});

const isSourceTeam = (value: string | null): value is SourceTeam => SOURCE_TEAMS.includes(value as SourceTeam);

export function attribution(
  rows: readonly AttributionInput[],
  periodId: string,
): { bySourceTeam: (AttributionRow & { key: SourceTeam })[]; byChannel: AttributionRow[] } {
  const total = emptyTally();
  const teams = new Map<SourceTeam, Tally>(SOURCE_TEAMS.map((team) => [team, emptyTally()]));
  const channels = new Map<string, Tally>();
  for (const row of rows) {
    addTo(total, row);
    addTo(teams.get(isSourceTeam(row.sourceTeam) ? row.sourceTeam : 'unknown')!, row);
    const channel = row.channel ?? UNKNOWN_KEY;
    if (!channels.has(channel)) channels.set(channel, emptyTally());
    addTo(channels.get(channel)!, row);
  }
  const byMoney = (a: AttributionRow, b: AttributionRow) => b.pipeline - a.pipeline || b.revenue - a.revenue || b.leads - a.leads || a.key.localeCompare(b.key);
  return {
    bySourceTeam: SOURCE_TEAMS.map((team) => ({ ...toRow(team, teams.get(team)!, total, periodId), key: team })),
    byChannel: [...channels.entries()].map(([key, tally]) => toRow(key, tally, total, periodId)).sort(byMoney),
  };
}

export interface ReasonInput {
  readonly dt: string;
  readonly reason: string | null;
  readonly entities: number;
}

const countReasons = (rows: readonly ReasonInput[], start: string, end: string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.dt < start || row.dt > end) continue;
    const reason = row.reason === null || row.reason.trim() === '' ? NO_REASON : row.reason;
    counts.set(reason, (counts.get(reason) ?? 0) + row.entities);
  }
  return counts;
};

const ranked = (counts: Map<string, number>): [string, number][] =>
  [...counts.entries()].filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** The period's top reasons, with the previous period's count and whether the reason is new. */
export function topReasons(rows: readonly ReasonInput[], period: Period, previous: Period, baseline: readonly Period[]): ReasonCount[] {
  const current = countReasons(rows, period.start, period.end);
  const before = countReasons(rows, previous.start, previous.end);
  const first = baseline[0];
  const usual = first ? ranked(countReasons(rows, first.start, baseline[baseline.length - 1]!.end)) : [];
  const usualTop = new Set(usual.slice(0, USUAL_REASONS).map(([reason]) => reason));
  const total = [...current.values()].reduce((sum, count) => sum + count, 0);
  return ranked(current)
    .slice(0, TOP_REASONS)
    .map(([reason, count]) => ({
      reason,
      count,
      share: count / total,
      previousCount: before.get(reason) ?? 0,
      isNew: usual.length > 0 && !usualTop.has(reason),
    }));
}

/** Spend, leads, MQLs and unit costs per channel; `spend`/`leads`/`mqls` series keyed by channel. */
export function channelEfficiency(input: {
  readonly spend: DailySeries;
  readonly leads: DailySeries;
  readonly mqls: DailySeries;
  readonly period: Period;
  readonly previous: Period;
  readonly baseline: readonly Period[];
  readonly baselineRequired: number;
  readonly periodWord: string;
}): ChannelEfficiency[] {
  const { spend, leads, mqls, period, previous, baseline } = input;
  const channels = new Set([...spend.keys(), ...leads.keys(), ...mqls.keys()]);
  const costPerLead = (channel: string, p: Period): Measure =>
    ratio(spend.total(channel, p.start, p.end), leads.total(channel, p.start, p.end), `no leads from ${channel} in ${p.id}`);
  return [...channels]
    .map((channel) => {
      const channelSpend = spend.total(channel, period.start, period.end);
      const channelLeads = leads.total(channel, period.start, period.end);
      const channelMqls = mqls.total(channel, period.start, period.end);
      return {
        channel,
        spend: channelSpend,
        leads: channelLeads,
        mqls: channelMqls,
        costPerLead: costPerLead(channel, period),
        costPerMql: ratio(channelSpend, channelMqls, `no MQLs from ${channel} in ${period.id}`),
        previousCostPerLead: costPerLead(channel, previous),
        baselineCostPerLead: baselineMean(
          baseline.map((p) => costPerLead(channel, p)),
          input.baselineRequired,
          input.periodWord,
        ),
      };
    })
    .filter((row) => row.spend > 0 || row.leads > 0 || row.mqls > 0)
    .sort((a, b) => b.spend - a.spend || b.leads - a.leads || a.channel.localeCompare(b.channel));
}
