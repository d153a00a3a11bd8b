import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

/** Closing lines: the one-truth promise and where the rest of the numbers are. */
export const footer = (lines: readonly string[]): string =>
  `<mj-section padding="16px"><mj-column>${lines
    .map((line) => `<mj-text color="${THEME.muted}" font-size="12px" padding="0 0 6px">${escapeHtml(line)}</mj-text>`)
    .join('')}</mj-column></mj-section>`;
