/**
 * The one glossary: every metric's id, label, unit, direction and definition. Printed in every
 * pack and in the README, so both teams read the same words.
 */
import type { MetricId, MetricUnit } from './metric-types.js';

export interface MetricDefinition {
  readonly id: MetricId;
  readonly label: string;
  readonly unit: MetricUnit;
  readonly higherIsBetter: boolean;
  readonly definition: string;
}

const define = (id: MetricId, label: string, unit: MetricUnit, higherIsBetter: boolean, definition: string): MetricDefinition => ({
  id,
  label,
  unit,
  higherIsBetter,
  definition,
});

const COHORT =
  'the share of the entities that entered the first stage in the period and reached the second stage by the report date; ' +
  'earlier periods are measured at the same age (the same number of days after their end), so comparisons are fair';

const VELOCITY = 'median number of calendar days (reporting time zone) between an entity first reaching the first stage and first reaching the second, over the entities that reached the second stage in the period';

export const METRIC_DEFINITIONS: Readonly<Record<MetricId, MetricDefinition>> = {
  leads: define('leads', 'Leads', 'count', true, 'Leads created in the period (distinct lead records reaching the lead stage).'),
  mqls: define('mqls', 'MQLs', 'count', true, 'Leads that became marketing qualified (MQL) in the period.'),
  sqls: define('sqls', 'SQLs', 'count', true, 'Leads accepted by sales as sales qualified (SQL) in the period.'),
  opportunities: define('opportunities', 'Opportunities', 'count', true, 'Deals (opportunities) created in the period.'),
  deals_won: define('deals_won', 'Deals won', 'count', true, 'Deals closed won in the period (new customers).'),
  deals_lost: define('deals_lost', 'Deals lost', 'count', false, 'Deals closed lost in the period.'),
  disqualified: define('disqualified', 'MQLs rejected', 'count', false, 'Leads disqualified (rejected by sales) in the period.'),
  pipeline_created: define('pipeline_created', 'Pipeline created', 'currency', true, 'Sum of the amounts of the deals created in the period.'),
  revenue: define('revenue', 'Revenue', 'currency', true, 'Sum of the amounts of the deals won in the period.'),
  average_deal_size: define('average_deal_size', 'Average deal size', 'currency', true, 'Revenue ÷ deals won in the period.'),
  lead_to_mql_conversion: define('lead_to_mql_conversion', 'Lead → MQL conversion', 'ratio', true, `Lead → MQL: ${COHORT}.`),
  mql_to_sql_conversion: define('mql_to_sql_conversion', 'MQL → SQL conversion', 'ratio', true, `MQL → SQL: ${COHORT}.`),
  sql_to_opportunity_conversion: define(
    'sql_to_opportunity_conversion',
    'SQL → opportunity conversion',
    'ratio',
    true,
    `SQL → opportunity (lead lifecycle): ${COHORT}.`,
  ),
  opportunity_to_won_conversion: define(
    'opportunity_to_won_conversion',
    'Opportunity → won conversion',
    'ratio',
    true,
    `Opportunity → customer (lead lifecycle): ${COHORT}.`,
  ),
  lead_to_customer_conversion: define(
    'lead_to_customer_conversion',
    'Lead → customer conversion',
    'ratio',
    true,
    `Lead → customer (lead lifecycle reaching won): ${COHORT}.`,
  ),
  mql_to_sql_days: define('mql_to_sql_days', 'MQL → SQL time (handoff)', 'days', false, `MQL → SQL: ${VELOCITY}.`),
  sql_to_opportunity_days: define('sql_to_opportunity_days', 'SQL → opportunity time', 'days', false, `SQL → opportunity: ${VELOCITY}.`),
  opportunity_to_won_days: define(
    'opportunity_to_won_days',
    'Sales cycle (opportunity → won)',
    'days',
    false,
    `Deal created → deal won: ${VELOCITY}.`,
  ),
  lead_to_won_days: define('lead_to_won_days', 'Lead → won time', 'days', false, `Lead → customer: ${VELOCITY}.`),
  mql_acceptance_rate: define(
    'mql_acceptance_rate',
    'MQL acceptance rate',
    'ratio',
    true,
    'Of the MQLs of the period, the share sales accepted as SQL by the report date (same cohort rule as the conversions).',
  ),
  mql_rejection_rate: define(
    'mql_rejection_rate',
    'MQL rejection rate',
    'ratio',
    false,
    'Of the MQLs of the period, the share sales disqualified by the report date (same cohort rule as the conversions).',
  ),
  win_rate: define('win_rate', 'Win rate', 'ratio', true, 'Deals won ÷ (deals won + deals lost), over the deals closed in the period.'),
  marketing_spend: define('marketing_spend', 'Marketing spend', 'currency', false, 'Marketing spend booked on the days of the period, all channels.'),
  cost_per_lead: define('cost_per_lead', 'Cost per lead', 'currency', false, 'Marketing spend ÷ leads created in the period.'),
  cost_per_mql: define('cost_per_mql', 'Cost per MQL', 'currency', false, 'Marketing spend ÷ MQLs in the period.'),
  cac: define('cac', 'Customer acquisition cost (CAC)', 'currency', false, 'Marketing spend ÷ deals won (new customers) in the period.'),
  web_sessions: define('web_sessions', 'Web sessions', 'count', true, 'Web sessions in the period (optional dataset).'),
};

export interface GlossaryEntry {
  readonly id: string;
  readonly label: string;
  readonly definition: string;
}

/** The glossary printed in every pack: the metrics, then the shared sections' terms. */
export const GLOSSARY: readonly GlossaryEntry[] = [
  ...Object.values(METRIC_DEFINITIONS).map(({ id, label, definition }) => ({ id, label, definition })),
  {
    id: 'attribution',
    label: 'Attribution',
    definition:
      'Pipeline and revenue split by the team that sourced the deal (source_team: marketing, sales, partner, unknown) and by acquisition channel; leads split the same way.',
  },
  {
    id: 'baseline',
    label: 'Baseline',
    definition: 'The mean of the periods before this one: 4 weeks in weekly packs, 3 months in monthly packs, 4 quarters in quarterly packs.',
  },
  {
    id: 'goal_pace',
    label: 'Goal pace',
    definition:
      'Attainment (actual ÷ target) divided by the share of the goal period elapsed; 1.0 is exactly on pace. For win rate and CAC, the rate itself against its target (for CAC lower is better). Projection = actual ÷ share elapsed.',
  },
  {
    id: 'forecast',
    label: 'Forecast',
    definition:
      'Next period’s revenue and deals won from funnel momentum: each open deal × its chance to close won in the period at its age, plus new deals at the recent creation rate × their chance to close in time × average won deal size. The range is an 80% interval.',
  },
];
