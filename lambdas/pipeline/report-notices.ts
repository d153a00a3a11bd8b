import type { Cadence, Period } from '../calendar/period-types.js';
import { DeliveryFailedError } from '../delivery/delivery-errors.js';
import type { TeamDelivery } from '../delivery/deliver-pack.js';

/** An ops notification: the SNS subject and body (the ops log file locally). */
export interface OpsNotice {
  readonly subject: string;
  readonly message: string;
}

/** The pack was archived, not sent, because ingest days are missing (`freshness.onMissingData: hold`). */
export const heldNotice = (cadence: Cadence, period: Period, banner: string, archiveLocation: string): OpsNotice => ({
  subject: `Funnel Review: ${cadence} pack ${period.id} held`,
  message: [
    `The ${cadence} pack for ${period.label} (${period.id}) was not sent: ${banner}.`,
    `It is archived at ${archiveLocation} for review.`,
    'Backfill the missing days with the ingest function, then re-run the report with',
    `  { "cadence": "${cadence}", "period": "${period.id}" }`,
    `or send it as it is, with the banner, with { "cadence": "${cadence}", "period": "${period.id}", "force": true }.`,
  ].join('\n'),
});

/** Some sends failed; the invocation fails so the platform retries the teams that did not get it. */
export const failedNotice = (cadence: Cadence, periodId: string, failures: readonly TeamDelivery[]): OpsNotice => ({
  subject: `Funnel Review: ${cadence} pack ${periodId} not delivered`,
  message: `${new DeliveryFailedError(cadence, periodId, failures).message}.\nThe invocation fails so it is retried; a later run sends only to the teams and channels that did not get it.`,
});

/** A run claimed a delivery and died before recording the outcome: a person decides. */
export const unknownNotice = (cadence: Cadence, periodId: string, unknown: readonly TeamDelivery[]): OpsNotice => ({
  subject: `Funnel Review: ${cadence} pack ${periodId} needs a decision`,
  message: [
    `A run claimed the ${cadence} pack ${periodId} for ${unknown.map((d) => d.team).join(', ')} and stopped before recording the outcome.`,
    'Whether it went out cannot be known, so it is not re-sent automatically.',
    'Check the SES sending logs (or the Slack channel); to send again use',
    `  { "cadence": "${cadence}", "period": "${periodId}", "teams": ${JSON.stringify([...new Set(unknown.map((d) => d.team))])}, "force": true }`,
  ].join('\n'),
});

/** The live config failed validation: the run stopped before reading data or sending anything. */
export const invalidConfigNotice = (run: 'report' | 'ingest', problem: string): OpsNotice => ({
  subject: `Funnel Review: ${run} run refused, the live config is invalid`,
  message: [
    `The ${run} run stopped before reading any data or sending anything:`,
    problem,
    'Fix the config file and upload it again with `funnel-review config push --config <file> --bucket <ConfigBucketName>`;',
    'the next run reads it. An earlier version is in the bucket\'s version history.',
  ].join('\n'),
});
