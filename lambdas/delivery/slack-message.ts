import type { Headline, KpiTile } from '../pack/pack-types.js';
import type { SlackPayload } from '../ports/slack-poster.js';

export interface SlackMessageInput {
  /** The pack's subject line: `Weekly funnel review 2026-W47: revenue $412k, on track`. */
  readonly title: string;
  readonly headline: Headline;
  /** The data-gap line, when days were missing or failed. */
  readonly banner?: string;
  /** The pack's web page, when it exists. */
  readonly pageUrl?: string;
}

/** Slack's header blocks hold at most 150 characters of plain text. */
const HEADER_LIMIT = 150;

/** `&`, `<` and `>` are Slack's control characters in mrkdwn; everything else is text. */
export const escapeSlackText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const tileField = (tile: KpiTile): Record<string, unknown> => {
  const change = tile.change === undefined ? '' : ` (${tile.change.text})`;
  const note = tile.note === undefined ? '' : `\n_${escapeSlackText(tile.note)}_`;
  return { type: 'mrkdwn', text: `*${escapeSlackText(tile.label)}*\n${escapeSlackText(tile.value)}${escapeSlackText(change)}${note}` };
};

/**
 * The pack in a Slack channel: the verdict, the KPI tiles with their changes, and the link to the
 * web page (or a pointer to the email when there is none). Figures come from the pack model, so
 * Slack says exactly what the email says.
 */
export const slackMessage = ({ title, headline, banner, pageUrl }: SlackMessageInput): SlackPayload => {
  const header = title.length > HEADER_LIMIT ? `${title.slice(0, HEADER_LIMIT - 1)}…` : title;
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: header } }];
  if (banner !== undefined) {
    const line = banner.charAt(0).toUpperCase() + banner.slice(1);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: *${escapeSlackText(line)}*` } });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeSlackText(headline.verdict) } });
  // A section holds at most 10 fields.
  if (headline.tiles.length > 0) blocks.push({ type: 'section', fields: headline.tiles.slice(0, 10).map(tileField) });
  blocks.push(
    pageUrl === undefined
      ? { type: 'context', elements: [{ type: 'mrkdwn', text: 'The full pack, its charts and the CSV are in your email.' }] }
      : { type: 'section', text: { type: 'mrkdwn', text: `<${pageUrl}|Open the full pack>` } },
  );
  return { text: escapeSlackText(`${title}. ${headline.verdict}`), blocks };
};
