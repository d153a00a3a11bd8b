import type { Pack } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { callout } from './callout.js';
import type { EmailContext } from './email-context.js';
import { packLinksLine } from './pack-links-line.js';
import { kpiTiles } from './kpi-tiles.js';
import { CLASS } from './email-styles.js';
import { textRow } from './section.js';

/** The 30-second scan: cadence, period, the verdict, the KPI tiles, and where the full pack is. */
export const headline = (pack: Pack, intro: string | undefined, context: EmailContext): string => {
  const verdictTone = pack.headline.onTrack === undefined ? 'info' : pack.headline.onTrack ? 'good' : 'warning';
  const top = [
    `<p style="margin:0;font-size:13px;font-weight:700;letter-spacing:.02em"><span style="color:${THEME.accent}">${escapeHtml(pack.title.toUpperCase())}</span></p>`,
    `<h1 style="margin:4px 0 8px;font-size:24px;line-height:1.25;font-weight:700">${escapeHtml(pack.period.label)}</h1>`,
    ...(intro ? [`<p class="${CLASS.muted}" style="margin:0 0 6px;color:${THEME.muted}">${escapeHtml(intro)}</p>`] : []),
    callout(verdictTone, pack.headline.verdict, ''),
  ];
  return (
    `<mj-wrapper css-class="${CLASS.card}" background-color="${THEME.card}" padding="20px 16px 12px">` +
    textRow([...top, kpiTiles(pack.headline.tiles, context, true), ...(context.links ? [packLinksLine(context.links)] : [])]) +
    `</mj-wrapper>`
  );
};
