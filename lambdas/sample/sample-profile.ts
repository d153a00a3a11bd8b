/**
 * The shape of the sample business: volumes, channel mix, conversion rates, stage lags, deal
 * sizes and reasons. Numbers are chosen to look like a mid-sized B2B SaaS funnel; the sample
 * config's goals (lambdas/config/sample-config.ts) are calibrated against them.
 */

export type SourceTeamLabel = 'Marketing' | 'Sales' | 'Partner' | '';
export type ChannelLabel =
  | 'Paid Search'
  | 'Paid Social'
  | 'Organic Search'
  | 'Email'
  | 'Events'
  | 'Partner Referral'
  | 'Outbound'
  | 'Direct';
export type Segment = 'SMB' | 'Mid-Market' | 'Enterprise';

/** New leads on an average weekday at scale 1, at the end of the range (growth runs up to it). */
export const WEEKDAY_LEADS = 90;
/** Weekend days get about a quarter of a weekday's leads. */
export const WEEKEND_FACTOR = 0.25;
/** Year-on-year growth of lead volume. */
export const ANNUAL_GROWTH = 0.1;
/** Demand by calendar month (January first): Q1 and September up, August and December down. */
export const MONTH_SEASONALITY = [1.1, 1.06, 1.1, 1.0, 1.0, 0.96, 0.9, 0.8, 1.1, 1.04, 1.0, 0.78] as const;

export const TEAM_MIX: readonly (readonly [SourceTeamLabel, number])[] = [
  ['Marketing', 0.69],
  ['Sales', 0.2],
  ['Partner', 0.1],
  // Occasionally the CRM field is left empty.
  ['', 0.01],
];

export const CHANNEL_MIX: Readonly<Record<SourceTeamLabel, readonly (readonly [ChannelLabel, number])[]>> = {
  Marketing: [
    ['Paid Search', 0.28],
    ['Paid Social', 0.18],
    ['Organic Search', 0.22],
    ['Email', 0.1],
    ['Events', 0.08],
    ['Direct', 0.14],
  ],
  Sales: [
    ['Outbound', 0.9],
    ['Events', 0.1],
  ],
  Partner: [['Partner Referral', 1]],
  '': [
    ['Direct', 0.6],
    ['Organic Search', 0.4],
  ],
};

/** Campaigns per channel with their share of the channel; channels without campaigns leave it blank. */
export const CAMPAIGNS: Readonly<Record<ChannelLabel, readonly (readonly [string, number])[]>> = {
  'Paid Search': [
    ['Search - Brand', 0.35],
    ['Search - Competitor', 0.25],
    ['Search - Category & Solutions', 0.4],
  ],
  'Paid Social': [
    ['LinkedIn - ABM Mid-Market', 0.5],
    ['LinkedIn - Retargeting', 0.3],
    ['Meta - Lookalike', 0.2],
  ],
  'Organic Search': [['', 1]],
  Email: [
    ['Newsletter', 0.6],
    ['Nurture - Trial Follow-up', 0.4],
  ],
  Events: [
    ['Webinar: Pipeline, Forecasting & You', 0.55],
    ['Trade Show Booth', 0.45],
  ],
  'Partner Referral': [['Partner Co-Marketing & Referrals', 1]],
  Outbound: [
    ['SDR Sequence - Enterprise', 0.4],
    ['SDR Sequence - Mid-Market', 0.6],
  ],
  Direct: [['', 1]],
};

/** Paid channels (the ones in the spend export) and their typical cost per lead in USD. */
export const COST_PER_LEAD: Readonly<Partial<Record<ChannelLabel, number>>> = {
  'Paid Search': 140,
  'Paid Social': 90,
  Events: 380,
  Email: 45,
  'Partner Referral': 220,
};

/** Cost per thousand impressions, for plausible impression and click counts. */
export const CPM: Readonly<Partial<Record<ChannelLabel, number>>> = {
  'Paid Search': 38,
  'Paid Social': 14,
  Events: 60,
  Email: 4,
  'Partner Referral': 25,
};
export const CLICK_THROUGH: Readonly<Partial<Record<ChannelLabel, number>>> = {
  'Paid Search': 0.045,
  'Paid Social': 0.008,
  Events: 0.02,
  Email: 0.03,
  'Partner Referral': 0.012,
};

/** Web sessions per lead by channel (the web analytics export). */
export const SESSIONS_PER_LEAD: Readonly<Partial<Record<ChannelLabel, number>>> = {
  'Paid Search': 45,
  'Paid Social': 70,
  'Organic Search': 120,
  Email: 30,
  Direct: 90,
  'Partner Referral': 25,
};

export const SEGMENT_MIX: Readonly<Record<SourceTeamLabel, readonly (readonly [Segment, number])[]>> = {
  Marketing: [
    ['SMB', 0.58],
    ['Mid-Market', 0.32],
    ['Enterprise', 0.1],
  ],
  Sales: [
    ['SMB', 0.2],
    ['Mid-Market', 0.5],
    ['Enterprise', 0.3],
  ],
  Partner: [
    ['SMB', 0.45],
    ['Mid-Market', 0.4],
    ['Enterprise', 0.15],
  ],
  '': [
    ['SMB', 0.7],
    ['Mid-Market', 0.25],
    ['Enterprise', 0.05],
  ],
};

export const REGION_MIX: readonly (readonly [string, number])[] = [
  ['North America', 0.55],
  ['EMEA', 0.28],
  ['APAC', 0.12],
  ['LATAM', 0.05],
];

/** Owning reps by region: codes, never personal names. */
export const REPS_BY_REGION: Readonly<Record<string, readonly string[]>> = {
  'North America': ['rep-01', 'rep-02', 'rep-03', 'rep-04', 'rep-05', 'rep-06', 'rep-07', 'rep-08'],
  EMEA: ['rep-09', 'rep-10', 'rep-11', 'rep-12', 'rep-13'],
  APAC: ['rep-14', 'rep-15', 'rep-16'],
  LATAM: ['rep-17', 'rep-18'],
};

/** A stage lag: log-normal with this median (days) and log-space sigma. */
export interface Lag {
  readonly median: number;
  readonly sigma: number;
}

export const FUNNEL = {
  /** Marketing (and untagged) leads becoming MQLs. */
  leadToMql: 0.43,
  leadToMqlLag: { median: 2, sigma: 0.9 },
  /** Sales and partner leads: most are qualified by a rep directly (no MQL step). */
  directToSql: { Sales: 0.3, Partner: 0.36 } as Readonly<Record<'Sales' | 'Partner', number>>,
  viaMql: { Sales: 0.08, Partner: 0.1 } as Readonly<Record<'Sales' | 'Partner', number>>,
  directToSqlLag: { median: 1.5, sigma: 0.8 },
  /** Sales accepting an MQL as SQL; the rest are disqualified with a reason. */
  mqlAcceptance: 0.6,
  plantedMqlAcceptance: 0.37,
  mqlDecisionLag: { median: 1.5, sigma: 0.8 },
  sqlToOpportunity: 0.45,
  sqlToOpportunityPartner: 0.55,
  sqlToOpportunityLag: { median: 6, sigma: 0.7 },
  /** In and after the planted quarter a share of would-be opportunities are never opened. */
  plantedOpportunityFactor: 0.78,
  winRate: { SMB: 0.31, 'Mid-Market': 0.27, Enterprise: 0.22 } as Readonly<Record<Segment, number>>,
  /** In and after the planted quarter a share of would-be wins are lost instead. */
  plantedWinRateFactor: 0.68,
  wonLag: { median: 35, sigma: 0.5 },
  lostLag: { median: 40, sigma: 0.65 },
  /** Sales cycles scale with deal size. */
  cycleFactor: { SMB: 0.7, 'Mid-Market': 1, Enterprise: 1.8 } as Readonly<Record<Segment, number>>,
  /** Expected close date set at creation: created + this many days (× cycle factor). */
  expectedCloseDays: 45,
} as const;

/** Deal amounts in USD, log-normal by segment. */
export const DEAL_AMOUNT: Readonly<Record<Segment, Lag>> = {
  SMB: { median: 9_000, sigma: 0.5 },
  'Mid-Market': { median: 28_000, sigma: 0.5 },
  Enterprise: { median: 90_000, sigma: 0.6 },
};

export const DISQUALIFICATION_REASONS: readonly (readonly [string, number])[] = [
  ['No budget', 0.3],
  ['Not decision maker', 0.24],
  ['Student / job seeker', 0.18],
  ['Existing customer', 0.16],
  ['Bad fit: too small', 0.12],
];
/** During the planted week sales rejects small companies wholesale. */
export const PLANTED_DISQUALIFICATION_REASONS: readonly (readonly [string, number])[] = [
  ['Bad fit: too small', 0.55],
  ['No budget', 0.15],
  ['Not decision maker', 0.12],
  ['Student / job seeker', 0.1],
  ['Existing customer', 0.08],
];

export const LOSS_REASONS: readonly (readonly [string, number])[] = [
  ['Lost to competitor', 0.3],
  ['No decision', 0.25],
  ['Price', 0.2],
  ['Timing', 0.15],
  ['Missing feature', 0.1],
];

export const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Drew', 'Robin'] as const;
export const LAST_NAMES = ['Sample', 'Example', 'Tester', 'Demo', 'Placeholder', 'Fictional', 'Madeup', 'Dummy'] as const;
export const COMPANY_WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Soylent', 'Cyberdyne', 'Wonka'] as const;
export const COMPANY_SUFFIXES = ['Labs', 'Systems', 'Logistics', 'Health', 'Retail', 'Analytics', 'Foods', 'Energy'] as const;
