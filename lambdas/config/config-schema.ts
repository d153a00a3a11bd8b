import { z } from 'zod';
import { sourceMappingSchema } from './source-mapping-schema.js';

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const email = z.email({ error: 'not an email address' });
const positive = z.number().positive({ error: 'must be a positive number' });
const share = z.number().min(0, { error: 'must be between 0 and 1' }).max(1, { error: 'must be between 0 and 1' });

/** Goal metric ids, as in the glossary. */
export const GOAL_METRICS = [
  'leads',
  'mqls',
  'sqls',
  'opportunities',
  'pipeline_created',
  'deals_won',
  'revenue',
  'win_rate',
  'cac',
] as const;
export type GoalMetric = (typeof GOAL_METRICS)[number];

export const goalTargetsSchema = z
  .strictObject({
    leads: positive.describe('Leads created.'),
    mqls: positive.describe('MQLs.'),
    sqls: positive.describe('SQLs.'),
    opportunities: positive.describe('Opportunities created.'),
    pipeline_created: positive.describe('Pipeline created, in the reporting currency.'),
    deals_won: positive.describe('Deals won.'),
    revenue: positive.describe('Revenue, in the reporting currency.'),
    win_rate: share.describe('Win rate, 0–1.'),
    cac: positive.describe('Customer acquisition cost (lower is better).'),
  })
  .partial()
  .strict()
  .meta({ title: 'goal targets', description: 'Any of these metrics, each optional. Win rate and CAC apply as they are to every period; the others prorate by days.' });
export type GoalTargets = z.infer<typeof goalTargetsSchema>;

/**
 * Secrets Manager names a deployment may read team webhooks from: `FunnelReview/slack/`. The
 * report role's grant covers exactly this prefix, so a new team's webhook needs no deploy.
 */
export const slackSecretPrefix = (stackName: string): string => `${stackName}/slack/`;

const slackSchema = z
  .strictObject({
    webhookSecret: z
      .string()
      .min(1)
      .describe(
        "Name of the Secrets Manager secret whose value is the team's Slack incoming-webhook URL. Must start with `<deploy.stackName>/slack/`, e.g. `FunnelReview/slack/sales`: the report function may read only those secrets.",
      ),
  })
  .describe('Post each pack to this team\'s Slack channel too (verdict, KPI tiles, link to the web page), at most once per pack.');

export const teamSchema = z.strictObject({
  name: z.string().min(1).describe('Display name, e.g. "Sales".'),
  recipients: z.array(email).min(1, { error: 'needs at least one recipient' }).describe('Email addresses of the team: the only source of recipients.'),
  intro: z.string().optional().describe("A short line printed at the top of this team's email."),
  slack: slackSchema.optional(),
});

const hour = z.number().int().min(0).max(23);
export const scheduleSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Whether the schedule runs.'),
  hour: hour.describe('Hour of the run, local time in `reporting.timeZone`.'),
  minute: z.number().int().min(0).max(59).default(0).describe('Minute of the run.'),
}).meta({ title: 'schedule', description: 'When a scheduled run happens, local time in `reporting.timeZone`.' });

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors (`./funnel-review.config.schema.json`).'),
    reporting: z
      .strictObject({
        timeZone: z
          .string()
          .refine(isTimeZone, { error: 'not an IANA time zone (e.g. Europe/Berlin)' })
          .describe('IANA time zone: days, weeks, schedules and lake partitions are local to it.'),
        weekStart: z.enum(['monday', 'sunday']).default('monday').describe('First day of the week: `monday` (ISO weeks) or `sunday`.'),
        fiscalYearStartMonth: z.number().int().min(1).max(12).default(1).describe('Month the fiscal year starts (1 = January: calendar quarters).'),
        fiscalYearNaming: z
          .enum(['start', 'end'])
          .default('end')
          .describe('Fiscal years are named after the calendar year they `end` in or `start` in.'),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, { error: 'not an ISO 4217 currency code (e.g. USD)' })
          .describe('ISO 4217 code of the one reporting currency.'),
        lang: z
          .string()
          .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'not a BCP 47 language tag (e.g. en, en-GB, de)' })
          .default('en')
          .describe("Language of the packs' text, as a BCP 47 tag (`en`, `en-GB`): the `lang` of the email and the web page, for screen readers and hyphenation."),
      })
      .describe('Calendar and currency every figure is reported in.'),
    sender: z
      .strictObject({
        address: email.describe('From address of every pack (verified in SES).'),
        name: z.string().default('Funnel Review').describe('From display name.'),
      })
      .describe('Who the packs come from.'),
    teams: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'team ids are lowercase words' }).meta({ title: 'team' }), teamSchema)
      .refine((teams) => 'marketing' in teams && 'sales' in teams, {
        error: 'must define at least the teams "marketing" and "sales"',
      })
      .describe('The teams that receive the packs, by lowercase id; `marketing` and `sales` are required.'),
    goals: z
      .strictObject({
        quarterly: z
          .record(z.string().regex(/^\d{4}-Q[1-4]$/, { error: 'quarter ids look like 2026-Q4' }).meta({ title: 'quarter' }), goalTargetsSchema)
          .default({})
          .describe('Targets for a fiscal quarter, keyed by period id (`2026-Q4`); over `everyQuarter`.'),
        monthly: z
          .record(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month ids look like 2026-11' }).meta({ title: 'month' }), goalTargetsSchema)
          .default({})
          .describe('Targets for a month, keyed `2026-11`; months without one are prorated from their quarter.'),
        everyQuarter: goalTargetsSchema.optional().describe('Targets applied to any quarter not listed in `quarterly`.'),
      })
      .default({ quarterly: {}, monthly: {} })
      .describe('Targets the packs measure attainment and pace against.'),
    thresholds: z
      .strictObject({
        strategicGap: share.default(0.1).describe('The quarterly pack flags strategic change when the forecast misses a goal by more than this share.'),
        onTrackPace: positive.default(0.95).describe('Attainment ÷ share of the period elapsed at or above this is "on pace".'),
        moverZScore: positive.default(2).describe('A metric this many standard deviations from its baseline is a mover.'),
        minBaselinePeriods: z.number().int().min(1).default(4).describe('Prior periods a baseline needs before trends are shown.'),
      })
      .default({ strategicGap: 0.1, onTrackPace: 0.95, moverZScore: 2, minBaselinePeriods: 4 })
      .describe('When the packs call something on pace, a mover, or a strategic gap.'),
    testRecipients: z
      .array(email)
      .default([])
      .describe(
        'Who gets a test send (`"test": true` in a report payload, `funnel-review report --test`): each team\'s rendering, subject marked [Test], sent only to these addresses and recorded apart from real deliveries.',
      ),
    freshness: z
      .strictObject({
        onMissingData: z
          .enum(['hold', 'banner'])
          .default('banner')
          .describe('Days the pack needs that are not ingested: `banner` sends the pack with a note; `hold` archives it, sends nothing and tells ops.'),
      })
      .default({ onMissingData: 'banner' })
      .describe('What a pack does when some of its days are not ingested.'),
    sources: z
      .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, { error: 'source ids are lowercase words' }).meta({ title: 'source' }), sourceMappingSchema)
      .describe('Landing sources (`landing/<source>/<date>/<file>`) and how each maps onto a canonical dataset; see docs/ingest.md.'),
    deploy: z
      .strictObject({
        stackName: z.string().default('FunnelReview').describe('CloudFormation stack name (also names the Glue database and Athena workgroup).'),
        opsEmail: email.optional().describe('Subscribed to the ops notification topic.'),
        sesIdentity: z.string().optional().describe('SES identity to verify: a domain (`example.com`) or the sender address; defaults to the sender address.'),
        athenaBytesScannedCutoffMb: z.number().int().min(10).default(10_240).describe('Per-query bytes-scanned limit of the Athena workgroup, in MB.'),
        retention: z
          .strictObject({
            landingDays: z.number().int().min(1).default(90).describe('Days landing files are kept.'),
            quarantineDays: z.number().int().min(1).default(30).describe('Days quarantined rows are kept.'),
            athenaResultsDays: z.number().int().min(1).default(7).describe('Days Athena query results are kept.'),
          })
          .default({ landingDays: 90, quarantineDays: 30, athenaResultsDays: 7 })
          .describe('Lifecycle rules of the buckets.'),
        schedules: z
          .strictObject({
            ingest: scheduleSchema.default({ enabled: true, hour: 2, minute: 0 }).describe('Nightly ingest of the previous day.'),
            weekly: scheduleSchema.default({ enabled: true, hour: 7, minute: 0 }).describe('Weekly pack, on the first day of the week.'),
            monthly: scheduleSchema.default({ enabled: true, hour: 7, minute: 0 }).describe('Monthly pack, on the 1st.'),
            quarterly: scheduleSchema.default({ enabled: true, hour: 7, minute: 0 }).describe('Quarterly pack, on the first day of each fiscal quarter.'),
          })
          .default({
            ingest: { enabled: true, hour: 2, minute: 0 },
            weekly: { enabled: true, hour: 7, minute: 0 },
            monthly: { enabled: true, hour: 7, minute: 0 },
            quarterly: { enabled: true, hour: 7, minute: 0 },
          })
          .describe('EventBridge Scheduler runs, in `reporting.timeZone`.'),
      })
      .prefault({})
      .describe('What only a deploy changes: the stack, its buckets and schedules.'),
  })
  .strict()
  .superRefine((config, context) => {
    const prefix = slackSecretPrefix(config.deploy.stackName);
    for (const [team, settings] of Object.entries(config.teams)) {
      const secret = settings.slack?.webhookSecret;
      if (secret !== undefined && !secret.startsWith(prefix)) {
        context.addIssue({
          code: 'custom',
          path: ['teams', team, 'slack', 'webhookSecret'],
          message: `must start with "${prefix}" (deploy.stackName + "/slack/"): the report function may read only those secrets`,
        });
      }
    }
  });

export type FunnelReviewConfig = z.infer<typeof configSchema>;
export type TeamConfig = z.infer<typeof teamSchema>;
