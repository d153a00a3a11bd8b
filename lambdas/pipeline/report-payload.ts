import { z } from 'zod';
import { CADENCES, type Cadence } from '../calendar/period-types.js';

const PERIOD_FORMS: Readonly<Record<Cadence, { pattern: RegExp; example: string }>> = {
  weekly: { pattern: /^\d{4}-W\d{2}$/, example: '2026-W47' },
  monthly: { pattern: /^\d{4}-\d{2}$/, example: '2026-10' },
  quarterly: { pattern: /^\d{4}-Q\d$/, example: '2026-Q4' },
};

/**
 * The report Lambda's event. Scheduled: `{ "cadence": "weekly" }` (the latest full period).
 * On demand: `{ "cadence": "monthly", "period": "2026-10", "teams": ["sales"], "dryRun": true }`,
 * or a test send: `{ "cadence": "weekly", "test": true }`.
 * Strict: any other key (`to`, `recipients`, …) is refused, so a payload can narrow the teams
 * but never add an address.
 */
export const reportRequestSchema = z
  .object({
    cadence: z.enum(CADENCES, { error: 'must be weekly, monthly or quarterly' }),
    /** Period id; defaults to the latest full period in the reporting time zone. */
    period: z.string({ error: 'must be a period id such as 2026-W47, 2026-10 or 2026-Q4' }).optional(),
    /** Team ids from config to send to; defaults to every team. */
    teams: z
      .array(z.string({ error: 'must be a team id' }), { error: 'must be a list of team ids, e.g. ["sales"]' })
      .min(1, { error: 'must name at least one team (leave it out for every team)' })
      .optional(),
    /** Render and archive, send nothing, write no delivery record. */
    dryRun: z.boolean({ error: 'must be true or false' }).default(false),
    /** Send even to teams that already have this pack (or a held pack); the record says so. */
    force: z.boolean({ error: 'must be true or false' }).default(false),
    /**
     * Render and send each team's copy only to `testRecipients` from config, `[Test]` in the
     * subject, recorded under `test-sends/` apart from the deliveries; no Slack, repeatable.
     */
    test: z.boolean({ error: 'must be true or false' }).default(false),
    /**
     * When the schedule fired (EventBridge Scheduler's `<aws.scheduler.scheduled-time>`). Used
     * instead of the clock to pick the latest full period, so a retry that runs after midnight
     * still reports the period the schedule meant.
     */
    scheduledTime: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 timestamp' }).optional(),
  })
  .strict()
  .check(
    // `when` runs the cross-field checks even when another field is wrong, so every problem is listed.
    z.superRefine(
      (request: { cadence?: unknown; period?: unknown; teams?: unknown; test?: unknown; dryRun?: unknown; force?: unknown }, context) => {
        if (request.test === true && request.dryRun === true) {
          context.addIssue({ code: 'custom', path: ['test'], message: 'a test send sends; leave out dryRun (or test)' });
        }
        if (request.test === true && request.force === true) {
          context.addIssue({ code: 'custom', path: ['test'], message: 'a test send may always be repeated; leave out force' });
        }
        const form = typeof request.cadence === 'string' ? PERIOD_FORMS[request.cadence as Cadence] : undefined;
        if (form !== undefined && typeof request.period === 'string' && !form.pattern.test(request.period)) {
          context.addIssue({ code: 'custom', path: ['period'], message: `must look like ${form.example} for ${String(request.cadence)}` });
        }
        if (Array.isArray(request.teams)) {
          const seen = new Set<unknown>();
          request.teams.forEach((team: unknown, index) => {
            if (seen.has(team)) context.addIssue({ code: 'custom', path: ['teams', index], message: `"${String(team)}" is listed twice` });
            seen.add(team);
          });
        }
      },
      { when: () => true },
    ),
  );

export type ReportRequest = z.infer<typeof reportRequestSchema>;
