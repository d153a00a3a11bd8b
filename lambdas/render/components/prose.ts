import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { CLASS } from './email-styles.js';

/**
 * The running text of a section as HTML fragments: a section's blocks share one MJML text
 * element (one element a block would repeat MJML's wrapper markup and fill the 102 KB).
 */

const TITLE_STYLE = 'margin:0 0 4px;font-size:18px;line-height:1.3;font-weight:700';

/** The section's title, with a link to the whole section on the web page when there is one. */
export const sectionTitle = (text: string, href?: string): string => {
  const title = `<h2 style="${TITLE_STYLE}">${escapeHtml(text)}</h2>`;
  if (href === undefined) return title;
  return (
    `<table width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse"><tr><td valign="top">${title}</td>` +
    `<td align="right" valign="top" style="padding:3px 0 0 8px;white-space:nowrap;font-size:13px;font-weight:600">` +
    `<a class="${CLASS.link}" href="${escapeHtml(href)}" style="color:${THEME.link};text-decoration:none">Full section →</a></td></tr></table>`
  );
};

/** The section's "so what": the one sentence a reader who reads nothing else should see. */
export const lead = (text: string): string => `<p style="margin:0 0 10px;font-size:15px;font-weight:600;line-height:1.45">${escapeHtml(text)}</p>`;

export const paragraph = (text: string): string => `<p style="margin:0 0 8px">${escapeHtml(text)}</p>`;

export const bullets = (items: readonly string[]): string =>
  `<ul style="margin:0 0 8px;padding-left:20px">${items.map((item) => `<li style="margin:0 0 4px">${escapeHtml(item)}</li>`).join('')}</ul>`;

/** Missing history or data, said plainly and set apart so nobody mistakes it for a figure. */
export const missingNote = (text: string): string => `<p class="${CLASS.muted}" style="margin:0 0 8px;font-style:italic;color:${THEME.muted}">${escapeHtml(text)}</p>`;

/** Where the rest of a trimmed table or list is: a link to the section on the web page, or just the words. */
export const moreNote = (text: string, href: string | undefined): string => {
  const words = escapeHtml(text);
  const body = href ? `<a class="${CLASS.link}" href="${escapeHtml(href)}" style="color:${THEME.link}">${words}</a>` : words;
  return `<p class="${CLASS.muted}" style="margin:0 0 8px;font-size:13px;color:${THEME.muted}">${body}</p>`;
};
