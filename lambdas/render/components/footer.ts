import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { CLASS } from './email-styles.js';

/** Closing lines: the one-truth promise and where the rest of the numbers are. */
export const footer = (lines: readonly string[]): string =>
  `<mj-section padding="16px"><mj-column><mj-text padding="0" font-size="12px">${lines
    .map((line) => `<p class="${CLASS.muted}" style="margin:0 0 6px;color:${THEME.muted}">${escapeHtml(line)}</p>`)
    .join('')}</mj-text></mj-column></mj-section>`;
