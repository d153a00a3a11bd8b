import type { z } from 'zod';
import type { PresetName, sourceMappingSchema } from '../config/source-mapping-schema.js';

type PresetMapping = z.input<typeof sourceMappingSchema>;

/**
 * Mappings of well-known CRM exports, named by `preset` in a source's config. A source's own
 * fields override the preset's (maps and column lists merge key by key). Each preset has an
 * example file under examples/exports/.
 */
export const SOURCE_PRESETS: Readonly<Record<PresetName, PresetMapping>> = {
  // HubSpot "Contacts" export (one row per contact, re-exported nightly) with the lifecycle
  // "Became a … Date" properties. HubSpot writes dates as `yyyy-MM-dd HH:mm` in the portal's zone.
  'hubspot-contacts': {
    dataset: 'funnel_events',
    shape: 'snapshot',
    format: { type: 'csv', delimiter: ',' },
    columns: {
      source_team: 'Lead Source Team',
      channel: 'Original Source',
      campaign: 'First Conversion',
      segment: 'Segment',
      region: 'Country/Region',
      owner: 'Contact owner',
    },
    valueMaps: {
      channel: {
        'Organic Search': 'organic_search',
        'Paid Search': 'paid_search',
        'Paid Social': 'paid_social',
        'Social Media': 'social',
        'Email Marketing': 'email',
        'Direct Traffic': 'direct',
        Referrals: 'referral',
        'Offline Sources': 'offline',
        'Other Campaigns': 'other_campaigns',
        'AI Referrals': 'ai_referral',
      },
    },
    dates: { format: 'yyyy-MM-dd HH:mm' },
    drop: ['First Name', 'Last Name', 'Email', 'Phone Number', 'Mobile Phone Number', 'Street Address'],
    snapshot: {
      entityId: 'Record ID',
      entityType: 'lead',
      stageDates: {
        lead: 'Became a Lead Date',
        mql: 'Became a Marketing Qualified Lead Date',
        sql: 'Became a Sales Qualified Lead Date',
        opportunity: 'Became an Opportunity Date',
        won: 'Became a Customer Date',
      },
    },
  },
  // HubSpot "Deals" export: one row per deal; the deal stage says whether and how it closed.
  'hubspot-deals': {
    dataset: 'funnel_events',
    shape: 'snapshot',
    format: { type: 'csv', delimiter: ',' },
    columns: {
      owner: 'Deal owner',
      amount: 'Amount',
      currency: 'Currency',
      channel: 'Original Source Type',
      campaign: 'Campaign',
      reason: 'Closed Lost Reason',
    },
    dates: { format: 'yyyy-MM-dd HH:mm' },
    drop: ['Deal Name', 'Associated Contact', 'Associated Company'],
    snapshot: {
      entityId: 'Record ID',
      entityType: 'deal',
      stageDates: { opportunity: 'Create Date' },
      outcome: {
        dateColumn: 'Close Date',
        wonColumn: 'Deal Stage',
        trueValues: ['Closed Won', 'closedwon'],
        closedColumn: 'Deal Stage',
        closedValues: ['Closed Won', 'closedwon', 'Closed Lost', 'closedlost'],
      },
    },
  },
  // Salesforce opportunities report exported as CSV (report column labels).
  'salesforce-opportunities': {
    dataset: 'funnel_events',
    shape: 'snapshot',
    format: { type: 'csv', delimiter: ',' },
    columns: {
      owner: 'Opportunity Owner',
      amount: 'Amount',
      currency: 'Opportunity Currency',
      channel: 'Lead Source',
      campaign: 'Campaign',
      reason: 'Loss Reason',
    },
    dates: { format: 'MM/dd/yyyy' },
    numbers: { decimal: '.', thousands: ',' },
    drop: ['Opportunity Name', 'Account Name', 'Contact Email'],
    snapshot: {
      entityId: 'Opportunity ID',
      entityType: 'deal',
      stageDates: { opportunity: 'Created Date' },
      outcome: { dateColumn: 'Close Date', wonColumn: 'Won', closedColumn: 'Closed', trueValues: ['1', 'true'] },
    },
  },
};
