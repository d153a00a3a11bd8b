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
    leads: positive,
    mqls: positive,
    sqls: positive,
    opportunities: positive,
    pipeline_created: positive,
    deals_won: positive,
    revenue: positive,
    win_rate: share,
    cac: positive,
  })
  .partial()
  .strict();
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
  /** Display name, e.g. "Sales". */
  name: z.string().min(1),
  recipients: z.array(email).min(1, { error: 'needs at least one recipient' }),
  /** A short intro line printed at the top of this team's email. */
  intro: z.string().optional(),
  slack: slackSchema.optional(),
});

const hour = z.number().int().min(0).max(23);
const scheduleSchema = z.strictObject({ enabled: z.boolean().default(true), hour: hour, minute: z.number().int().min(0).max(59).default(0) });

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    reporting: z.strictObject({
      timeZone: z.string().refine(isTimeZone, { error: 'not an IANA time zone (e.g. Europe/Berlin)' }),
      weekStart: z.enum(['monday', 'sunday']).default('monday'),
      fiscalYearStartMonth: z.number().int().min(1).max(12).default(1),
      /** Fiscal years are named after the calendar year they end in (`end`) or start in (`start`). */
      fiscalYearNaming: z.enum(['start', 'end']).default('end'),
      currency: z.string().regex(/^[A-Z]{3}$/, { error: 'not an ISO 4217 currency code (e.g. USD)' }),
    }),
    sender: z.strictObject({ address: email, name: z.string().default('Funnel Review') }),
    teams: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'team ids are lowercase words' }), teamSchema)
      .refine((teams) => 'marketing' in teams && 'sales' in teams, {
        error: 'must define at least the teams "marketing" and "sales"',
      }),
    goals: z
      .strictObject({
        /** Targets for a fiscal quarter, keyed by period id: `2026-Q4`. */
        quarterly: z.record(z.string().regex(/^\d{4}-Q[1-4]$/, { error: 'quarter ids look like 2026-Q4' }), goalTargetsSchema).default({}),
        /** Targets for a month, keyed `2026-11`; months without one are prorated from their quarter. */
        monthly: z.record(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'month ids look like 2026-11' }), goalTargetsSchema).default({}),
        /** Applied to any quarter not listed in `quarterly`. */
        everyQuarter: goalTargetsSchema.optional(),
      })
      .default({ quarterly: {}, monthly: {} }),
    thresholds: z
      .strictObject({
        /** Quarterly pack flags strategic change when the forecast misses a goal by more than this share. */
        strategicGap: share.default(0.1),
        /** Attainment ÷ share of period elapsed at or above this is "on track". */
        onTrackPace: positive.default(0.95),
        /** A mover is reported when it sits this many standard deviations from its baseline. */
        moverZScore: positive.default(2),
        /** Number of prior periods a baseline needs before trends are shown. */
        minBaselinePeriods: z.number().int().min(1).default(4),
      })
      .default({ strategicGap: 0.1, onTrackPace: 0.95, moverZScore: 2, minBaselinePeriods: 4 }),
    testRecipients: z
      .array(email)
      .default([])
      .describe(
        'Who gets a test send (`"test": true` in a report payload, `funnel-review report --test`): each team\'s rendering, subject marked [Test], sent only to these addresses and recorded apart from real deliveries.',
      ),
    freshness: z
      .strictObject({
        /** Missing ingest days: `hold` the pack and notify ops, or send it with a `banner`. */
        onMissingData: z.enum(['hold', 'banner']).default('banner'),
      })
      .default({ onMissingData: 'banner' }),
    sources: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, { error: 'source ids are lowercase words' }), sourceMappingSchema),
    deploy: z
      .strictObject({
        stackName: z.string().default('FunnelReview'),
        opsEmail: email.optional(),
        /** SES identity to verify: a domain (`example.com`) or the sender address; defaults to the sender address. */
        sesIdentity: z.string().optional(),
        athenaBytesScannedCutoffMb: z.number().int().min(10).default(10_240),
        retention: z
          .strictObject({
            landingDays: z.number().int().min(1).default(90),
            quarantineDays: z.number().int().min(1).default(30),
            athenaResultsDays: z.number().int().min(1).default(7),
          })
          .default({ landingDays: 90, quarantineDays: 30, athenaResultsDays: 7 }),
        schedules: z
          .strictObject({
            ingest: scheduleSchema.default({ enabled: true, hour: 2, minute: 0 }),
            weekly: scheduleSchema.default({ enabled: true, hour: 7, minute: 0 }),
            monthly: scheduleSchema.default({ enabled: true, hour: 7, minute: 0 }),
            quarterly: scheduleSchema.default({ enabled: true, hour: 7, minute: 0 }),
          })
          .default({
            ingest: { enabled: true, hour: 2, minute: 0 },
            weekly: { enabled: true, hour: 7, minute: 0 },
            monthly: { enabled: true, hour: 7, minute: 0 },
            quarterly: { enabled: true, hour: 7, minute: 0 },
          }),
      })
      .prefault({}),
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
