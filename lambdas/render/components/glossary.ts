import type { Pack } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

/** The shared definitions, compact: one paragraph per term. */
export const glossary = (entries: Pack['glossary']): string =>
  `<mj-wrapper background-color="${THEME.card}" border-top="8px solid ${THEME.page}" padding="16px"><mj-section padding="0"><mj-column>` +
  `<mj-text font-size="18px" font-weight="700" padding="0 0 8px">Glossary</mj-text>` +
  `<mj-text font-size="12px" line-height="1.45">${entries
    .map((entry) => `<strong>${escapeHtml(entry.label)}</strong>: ${escapeHtml(entry.definition)}`)
    .join('<br><br>')}</mj-text></mj-column></mj-section></mj-wrapper>`;
