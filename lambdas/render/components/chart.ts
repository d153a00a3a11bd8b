import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

/** An inline chart: the PNG travels as a CID attachment; the alt text states the numbers. */
export const chart = (cid: string, alt: string): string =>
  `<mj-image src="cid:${escapeHtml(cid)}" alt="${escapeHtml(alt)}" width="${THEME.contentWidth}px" padding="8px 0" />`;

/** When the chart image could not be drawn, the numbers still reach the reader. */
export const chartFallback = (alt: string): string => `<mj-text color="${THEME.muted}">${escapeHtml(alt)}</mj-text>`;
