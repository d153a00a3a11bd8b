import type { AttributionRow, MetricId, ReasonCount } from '../metrics/metric-types.js';
import { dayCount as days, STAGE_CONVERSION, tooEarlyText } from './cohort-maturity.js';
import { changeFigure, channelName, formatCount, formatCurrency, formatMeasure, formatRatio, NOT_AVAILABLE, PERIOD_OVER_PERIOD } from './format-figures.js';
import type { PackContext } from './pack-context.js';
import type { Block, KpiTile, PackSection } from './pack-types.js';

export const STAGE_LABELS: Readonly<Record<string, string>> = {
  lead: 'Leads',
  mql: 'MQLs',
  sql: 'SQLs',
  opportunity: 'Opportunities',
  won: 'Won',
};

const SOURCE_TEAM_LABELS: Readonly<Record<string, string>> = { marketing: 'Marketing', sales: 'Sales', partner: 'Partner', unknown: 'Unknown' };
export const sourceTeamLabel = (key: string): string => SOURCE_TEAM_LABELS[key] ?? key;

/** A KPI tile for a metric: value, change vs the previous period, and the baseline or why it is missing. */
export const metricTile = (context: PackContext, id: MetricId): KpiTile => {
  const metric = context.metric(id);
  const maturity = context.maturity(id);
  if (maturity.state === 'too-early' && metric.value.available) {
    return { metricId: id, label: metric.label, value: 'too early', note: `cohort ${days(maturity.ageDays)} old; typical ${days(maturity.typicalDays)}` };
  }
  const change = changeFigure(metric, PERIOD_OVER_PERIOD[context.metrics.cadence]);
  const note = !metric.value.available
    ? metric.value.reason
    : maturity.state === 'partial'
      ? `so far: cohort ${days(maturity.ageDays)} old; typical ${days(maturity.typicalDays)}`
      : !change && !metric.previous.available
        ? `no prior ${context.metrics.cadence === 'weekly' ? 'week' : context.metrics.cadence === 'monthly' ? 'month' : 'quarter'}`
        : undefined;
  return {
    metricId: id,
    label: metric.label,
    value: context.format(id, metric.value),
    ...(change ? { change } : {}),
    ...(note ? { note } : {}),
  };
};

const reasonTable = (reasons: readonly ReasonCount[], caption: string): Block => ({
  kind: 'table',
  caption,
  columns: [
    { label: 'Reason', align: 'left' },
    { label: 'Count', align: 'right' },
    { label: 'Share', align: 'right' },
    { label: 'Before', align: 'right' },
  ],
  rows: reasons.map((reason) => [`${reason.reason}${reason.isNew ? ' (new)' : ''}`, formatCount(reason.count), formatRatio(reason.share), formatCount(reason.previousCount)]),
});

export const funnelSection = (context: PackContext): PackSection => {
  const steps = context.metrics.funnel;
  const conversionNote = 'Conversion is measured on cohorts: of those entering a stage in the period, the share that reached the next stage so far.';
  // The table cell stays short ("too early") so a phone keeps room for the stage names; why is said once below it.
  const tooEarly: string[] = [];
  const rows = steps.map((step, index) => {
    const conversion = STAGE_CONVERSION[step.stage];
    const stage = STAGE_LABELS[step.stage] ?? step.stage;
    if (!step.conversionToNext) return [stage, formatCount(step.count), '—'];
    if (!conversion) return [stage, formatCount(step.count), formatMeasure(step.conversionToNext, 'ratio', context.metrics.currency)];
    const maturity = context.maturity(conversion);
    if (maturity.state === 'too-early' && step.conversionToNext.available) {
      const next = steps[index + 1];
      tooEarly.push(`${stage} → ${next ? (STAGE_LABELS[next.stage] ?? next.stage) : 'next stage'}: ${tooEarlyText(maturity)}`);
      return [stage, formatCount(step.count), 'too early'];
    }
    return [stage, formatCount(step.count), context.formatCohort(conversion, step.conversionToNext)];
  });
  const anySoFar = rows.some((row) => row[2]?.endsWith(' so far'));
  const notes = [
    conversionNote,
    ...(tooEarly.length > 0 ? [`${tooEarly.join('. ')}.`] : []),
    `Lead → customer: ${context.formatCohort('lead_to_customer_conversion', context.metric('lead_to_customer_conversion').value)}.`,
    ...(anySoFar ? ['“So far”: the cohort is past its typical time to convert but not yet twice it.'] : []),
  ];
  return {
    id: 'funnel',
    title: 'The unified funnel',
    blocks:
      steps.length === 0 || steps.every((step) => step.count === 0)
        ? [{ kind: 'missing', text: 'No funnel activity in the period.' }]
        : [
            { kind: 'chart', chartId: 'funnel' },
            {
              kind: 'table',
              columns: [
                { label: 'Stage', align: 'left' },
                { label: 'Entered', align: 'right' },
                { label: 'To next stage', align: 'right' },
              ],
              rows,
            },
            { kind: 'paragraph', text: notes.join(' ') },
          ],
  };
};

const attributionTable = (context: PackContext, rows: readonly AttributionRow[], keyLabel: string, label: (key: string) => string): Block => {
  const currency = context.metrics.currency;
  const share = (measure: AttributionRow['pipelineShare']) => (measure.available ? formatRatio(measure.value) : NOT_AVAILABLE);
  return {
    kind: 'table',
    columns: [
      { label: keyLabel, align: 'left' },
      { label: 'Leads', align: 'right', secondary: true },
      { label: 'Pipeline', align: 'right' },
      { label: 'Share', align: 'right' },
      { label: 'Revenue', align: 'right' },
      { label: 'Share', align: 'right' },
    ],
    rows: rows.map((row) => [label(row.key), formatCount(row.leads), formatCurrency(row.pipeline, currency), share(row.pipelineShare), formatCurrency(row.revenue, currency), share(row.revenueShare)]),
  };
};

/** Channels shown in the attribution table; the rest are summed into "Other channels". */
export const MAX_CHANNEL_ROWS = 8;

export const attributionSection = (context: PackContext): PackSection => {
  const { bySourceTeam, byChannel } = context.metrics.attribution;
  const channels = [...byChannel].sort((a, b) => b.pipeline - a.pipeline || a.key.localeCompare(b.key));
  const shown = channels.slice(0, MAX_CHANNEL_ROWS);
  const rest = channels.slice(MAX_CHANNEL_ROWS);
  const hasData = bySourceTeam.some((row) => row.pipeline > 0 || row.revenue > 0 || row.leads > 0);
  const blocks: Block[] = hasData
    ? [
        { kind: 'chart', chartId: 'attribution' },
        attributionTable(context, bySourceTeam, 'Sourced by', sourceTeamLabel),
        attributionTable(context, shown, 'Channel', channelName),
        ...(rest.length > 0 ? [{ kind: 'paragraph', text: `${rest.length} more channels with ${formatCurrency(rest.reduce((sum, row) => sum + row.pipeline, 0), context.metrics.currency)} pipeline are in the CSV.` } satisfies Block] : []),
      ]
    : [{ kind: 'missing', text: 'No pipeline or revenue in the period to attribute.' }];
  return { id: 'attribution', title: 'Attribution: who sourced the pipeline', blocks };
};

export const handoffSection = (context: PackContext): PackSection => {
  const rejection = context.metrics.reasons.rejection;
  return {
    id: 'handoff',
    title: 'The handoff: marketing to sales',
    blocks: [
      { kind: 'kpis', tiles: [metricTile(context, 'mql_acceptance_rate'), metricTile(context, 'mql_to_sql_days'), metricTile(context, 'sqls')] },
      rejection.length > 0 ? reasonTable(rejection, 'Top rejection reasons') : { kind: 'paragraph', text: 'No MQLs were rejected in the period.' },
    ],
  };
};

export const marketingEfficiencySection = (context: PackContext): PackSection => {
  const currency = context.metrics.currency;
  const channels = context.metrics.efficiencyByChannel;
  const money = (measure: AttributionRow['pipelineShare']) => (measure.available ? formatCurrency(measure.value, currency) : NOT_AVAILABLE);
  // A usual of $0 means the channel had no spend in its baseline: nothing to compare with.
  const positiveMoney = (measure: AttributionRow['pipelineShare']) => (measure.available && measure.value <= 0 ? '—' : money(measure));
  return {
    id: 'marketing-efficiency',
    title: 'Marketing efficiency',
    blocks: [
      { kind: 'kpis', tiles: [metricTile(context, 'marketing_spend'), metricTile(context, 'cost_per_lead'), metricTile(context, 'cac')] },
      channels.length > 0
        ? {
            kind: 'table',
            columns: [
              { label: 'Channel', align: 'left' },
              { label: 'Spend', align: 'right' },
              { label: 'Leads', align: 'right', secondary: true },
              { label: 'Per lead', align: 'right' },
              { label: 'Usual', align: 'right' },
              { label: 'Per MQL', align: 'right', secondary: true },
            ],
            rows: [...channels]
              .sort((a, b) => b.spend - a.spend || b.leads - a.leads || a.channel.localeCompare(b.channel))
              // Unpaid channels (direct, organic) have no cost per lead: "no spend", not a misleading $0.
              .map((channel) =>
                channel.spend > 0
                  ? [channelName(channel.channel), formatCurrency(channel.spend, currency), formatCount(channel.leads), money(channel.costPerLead), positiveMoney(channel.baselineCostPerLead), money(channel.costPerMql)]
                  : [channelName(channel.channel), 'no spend', formatCount(channel.leads), '—', '—', '—'],
              ),
          }
        : { kind: 'missing', text: 'No marketing spend recorded in the period.' },
      { kind: 'paragraph', text: `Cost per MQL: ${context.format('cost_per_mql', context.metric('cost_per_mql').value)}.` },
    ],
  };
};

export const salesResultsSection = (context: PackContext): PackSection => {
  const loss = context.metrics.reasons.loss;
  return {
    id: 'sales-results',
    title: 'Sales results',
    blocks: [
      { kind: 'kpis', tiles: [metricTile(context, 'win_rate'), metricTile(context, 'average_deal_size'), metricTile(context, 'opportunity_to_won_days')] },
      {
        kind: 'paragraph',
        text: `Deals won: ${context.format('deals_won', context.metric('deals_won').value)}; deals lost: ${context.format('deals_lost', context.metric('deals_lost').value)}; revenue: ${context.format('revenue', context.metric('revenue').value)}.`,
      },
      loss.length > 0 ? reasonTable(loss, 'Top loss reasons') : { kind: 'paragraph', text: 'No deals were lost in the period.' },
    ],
  };
};

export const sharedSections = (context: PackContext): PackSection[] => [
  funnelSection(context),
  attributionSection(context),
  handoffSection(context),
  marketingEfficiencySection(context),
  salesResultsSection(context),
];

export const freshnessSection = (context: PackContext): PackSection => {
  const freshness = context.metrics.freshness;
  const quarantined = freshness.quarantinedRows.reduce((sum, entry) => sum + entry.rows, 0);
  const lines = [
    `${formatCount(freshness.daysPresent)} of ${formatCount(freshness.daysNeeded)} days ingested.`,
    ...(freshness.missingDays.length > 0 ? [`Missing: ${freshness.missingDays.join(', ')}.`] : []),
    ...(freshness.failedDays.length > 0 ? [`Failed ingest: ${freshness.failedDays.join(', ')}.`] : []),
    `Rows quarantined by ingest: ${formatCount(quarantined)}${
      quarantined > 0
        ? ` (${freshness.quarantinedRows
            .filter((entry) => entry.rows > 0)
            .map((entry) => `${entry.source} ${formatCount(entry.rows)}`)
            .join(', ')})`
        : ''
    }.`,
    ...(freshness.firstDay && freshness.lastDay ? [`Data in the lake: ${freshness.firstDay} to ${freshness.lastDay}.`] : []),
  ];
  return { id: 'data-freshness', title: 'Data freshness', blocks: [{ kind: 'bullets', items: lines }] };
};
