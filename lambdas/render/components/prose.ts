import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

/** Paragraphs, bullet lists and "what is missing" notes: the running text of a section. */

export const paragraph = (text: string): string => `<mj-text>${escapeHtml(text)}</mj-text>`;

export const bullets = (items: readonly string[]): string =>
  `<mj-text><ul style="margin:0;padding-left:20px">${items.map((item) => `<li style="margin:0 0 6px">${escapeHtml(item)}</li>`).join('')}</ul></mj-text>`;

/** Missing history or data, said plainly and set apart so nobody mistakes it for a figure. */
export const missingNote = (text: string): string =>
  `<mj-text color="${THEME.muted}" font-style="italic">${escapeHtml(text)}</mj-text>`;
