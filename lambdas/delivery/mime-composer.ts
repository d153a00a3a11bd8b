import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Cadence } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { RenderedParts } from '../pipeline/pack-producer.js';
import type { OutgoingMessage } from '../ports/mailer.js';

/** Header naming the pack and team (`weekly/2026-W47/sales`); the outbox names its files by it. */
export const PACK_HEADER = 'X-Funnel-Review-Pack';

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
export const composeTeamMessage = async ({ config, cadence, periodId, team, parts, date }: TeamMessageInput): Promise<OutgoingMessage> => {
  const teamConfig = config.teams[team];
  if (teamConfig === undefined) throw new UnknownTeamError(team);
  const from = { name: config.sender.name, address: config.sender.address };
  const to = [...teamConfig.recipients];
  const composer = new MailComposer({
    from,
    to,
    subject: parts.subject,
    date,
    text: parts.text,
    html: parts.html,
    headers: { [PACK_HEADER]: `${cadence}/${periodId}/${team}` },
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
  return { team, from: config.sender.address, to, subject: parts.subject, raw };
};
