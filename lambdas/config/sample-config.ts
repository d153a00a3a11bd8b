import type { z } from 'zod';
import type { configSchema } from './config-schema.js';
import { parseConfig } from './load-config.js';

/**
 * The built-in config used by `funnel-review demo`/`sample` when no funnel-review.config.json
 * exists. Its sources describe exactly the files the sample generator writes.
 */

const CHANNELS: Record<string, string> = {
  'Paid Search': 'paid_search',
  'Paid Social': 'paid_social',
  'Organic Search': 'organic_search',
  Email: 'email',
  Events: 'events',
  'Partner Referral': 'partner_referral',
  Outbound: 'outbound',
  Direct: 'direct',
};

const SOURCE_TEAMS: Record<string, string> = {
  Marketing: 'marketing',
  Sales: 'sales',
  Partner: 'partner',
};

export const SAMPLE_CONFIG_INPUT: z.input<typeof configSchema> = {
  reporting: {
    timeZone: 'America/New_York',
    weekStart: 'monday',
    fiscalYearStartMonth: 1,
    fiscalYearNaming: 'end',
    currency: 'USD',
  },
  sender: { address: 'funnel-review@example.com', name: 'Funnel Review' },
  teams: {
    marketing: {
      name: 'Marketing',
      recipients: ['marketing-leads@example.com'],
      intro: 'Marketing first: the top of the funnel and the handoff, then the shared numbers.',
    },
    sales: {
      name: 'Sales',
      recipients: ['sales-leads@example.com'],
      intro: 'Sales first: pipeline and results, then the shared numbers.',
    },
  },
  goals: {
    quarterly: {},
    monthly: {},
    // Calibrated to the sample generator's volumes (lambdas/sample/sample-profile.ts): normal
    // quarters land near or a little above these; the planted last full quarter misses revenue
    // by 20-40% (win rate falls), so its pack flags strategic change.
    everyQuarter: {
      leads: 5800,
      mqls: 1850,
      sqls: 1650,
      opportunities: 760,
      pipeline_created: 24_000_000,
      deals_won: 200,
      revenue: 6_200_000,
      win_rate: 0.27,
      cac: 2900,
    },
  },
  thresholds: { strategicGap: 0.1, onTrackPace: 0.95, moverZScore: 2, minBaselinePeriods: 4 },
  freshness: { onMissingData: 'banner' },
  sources: {
    // HubSpot-style lifecycle stage history: one row per stage change (event rows).
    // Exported with a BOM and CRLF line ends, as Excel-minded exports are.
    crm_lifecycle: {
      dataset: 'funnel_events',
      shape: 'events',
      format: { type: 'csv', delimiter: ',', quote: '"' },
      columns: {
        entity_id: 'Contact ID',
        stage: 'Lifecycle Stage',
        occurred_at: 'Changed At',
        source_team: 'Lead Source Team',
        channel: 'Original Source',
        campaign: 'Campaign',
        segment: 'Segment',
        region: 'Region',
        owner: 'Contact Owner',
        reason: 'Reason',
      },
      constants: { entity_type: 'lead' },
      valueMaps: {
        stage: {
          Lead: 'lead',
          'Marketing Qualified Lead': 'mql',
          'Sales Qualified Lead': 'sql',
          Opportunity: 'opportunity',
          Customer: 'won',
          'Closed Lost': 'lost',
          Disqualified: 'disqualified',
        },
        source_team: SOURCE_TEAMS,
        channel: CHANNELS,
      },
      dates: { format: 'iso' },
      drop: ['Email', 'First Name', 'Last Name', 'Phone Number'],
    },
    // Salesforce opportunities report, re-exported nightly for every opportunity created or
    // modified that day (snapshot rows): ingest derives opportunity / won / lost events.
    crm_opportunities: {
      // The preset supplies the report's standard columns, date and number formats, the
      // personal columns to drop and the IsWon/IsClosed outcome; only the custom fields differ.
      preset: 'salesforce-opportunities',
      columns: {
        source_team: 'Source Team',
        segment: 'Segment',
        region: 'Region',
      },
      valueMaps: { source_team: SOURCE_TEAMS, channel: CHANNELS },
    },
    // Ad platforms' spend export: semicolons, DD-MM-YYYY dates, thousands separators.
    ad_spend: {
      dataset: 'marketing_spend',
      shape: 'events',
      format: { type: 'csv', delimiter: ';', quote: '"' },
      columns: { date: 'Date', channel: 'Channel', campaign: 'Campaign', amount: 'Cost', currency: 'Currency' },
      valueMaps: { channel: CHANNELS },
      dates: { format: 'dd-MM-yyyy' },
      numbers: { decimal: '.', thousands: ',' },
      drop: [],
    },
    // Web analytics sessions per channel, NDJSON.
    web_analytics: {
      dataset: 'web_sessions',
      shape: 'events',
      format: { type: 'ndjson' },
      columns: { date: 'date', channel: 'channel', sessions: 'sessions' },
      valueMaps: { channel: CHANNELS },
      dates: { format: 'iso' },
      drop: [],
    },
  },
  deploy: {
    stackName: 'FunnelReview',
    opsEmail: 'ops@example.com',
  },
};

export const sampleConfig = () => parseConfig(SAMPLE_CONFIG_INPUT, '<built-in sample config>');
