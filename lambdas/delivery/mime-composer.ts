import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Cadence } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { RenderedParts } from '../pipeline/pack-producer.js';
import type { OutgoingMessage } from '../ports/mailer.js';

/** Header naming the pack and team (`weekly/2026-W47/sales`); the outbox names its files by it. */
export const PACK_HEADER = 'X-Funnel-Review-Pack';

/** Marks a test send (besides the subject), so a mail rule can file or drop it. */
export const TEST_HEADER = 'X-Funnel-Review-Test';

/** The subject of a test send: `[Test] Weekly funnel review 2026-W47: …`. */
export const testSubject = (subject: string): string => `[Test] ${subject}`;

/** The metric table attachment: `funnel-review-weekly-2026-W47.csv`. */
export const csvAttachmentName = (cadence: Cadence, periodId: string): string => `funnel-review-${cadence}-${periodId}.csv`;

export interface TeamMessageInput {
  readonly config: FunnelReviewConfig;
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly team: string;
  readonly parts: RenderedParts;
  /** The Date header. */
  readonly date: Date;
  /**
   * A test send: to `testRecipients` from config instead of the team's recipients, `[Test]` in
   * the subject, the TEST_HEADER set.
   */
  readonly test?: boolean;
}

/** A test send was asked for, but the config names no test recipients. */
export class NoTestRecipientsError extends Error {
  constructor() {
    super('a test send needs testRecipients in the config: none are configured');
    this.name = 'NoTestRecipientsError';
  }
}

export class UnknownTeamError extends Error {
  constructor(readonly team: string) {
    super(`team "${team}" is not in the config`);
    this.name = 'UnknownTeamError';
  }
}

/**
 * One team's email as raw MIME: HTML and plain-text alternatives, the charts inline by CID
 * beside the HTML, the CSV attached. From and To come from config only.
 */
export const composeTeamMessage = async ({ config, cadence, periodId, team, parts, date, test = false }: TeamMessageInput): Promise<OutgoingMessage> => {
  const teamConfig = config.teams[team];
  if (teamConfig === undefined) throw new UnknownTeamError(team);
  if (test && config.testRecipients.length === 0) throw new NoTestRecipientsError();
  const from = { name: config.sender.name, address: config.sender.address };
  const to = test ? [...config.testRecipients] : [...teamConfig.recipients];
  const subject = test ? testSubject(parts.subject) : parts.subject;
  const composer = new MailComposer({
    from,
    to,
    subject,
    date,
    text: parts.text,
    html: parts.html,
    headers: test ? { [PACK_HEADER]: `${cadence}/${periodId}/${team}/test`, [TEST_HEADER]: 'yes' } : { [PACK_HEADER]: `${cadence}/${periodId}/${team}` },
    attachments: [
      // Only charts the HTML shows: an unreferenced inline image turns up as a stray attachment.
      ...parts.charts.filter((chart) => parts.html.includes(`cid:${chart.cid}`)).map((chart) => ({
        filename: chart.filename,
        content: Buffer.from(chart.png),
        contentType: 'image/png',
        cid: chart.cid,
        contentDisposition: 'inline',
      })),
      { filename: csvAttachmentName(cadence, periodId), content: parts.csv, contentType: 'text/csv; charset=utf-8' },
    ],
  });
  const raw: Uint8Array = await composer.compile().build();
  return { team, from: config.sender.address, to, subject, raw };
};
