import type { TableBlock } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

export const SECONDARY_COLUMN_CLASS = 'sc';

/** For the head: below 480 px, secondary columns give their width to the ones that matter. */
export const TABLE_PHONE_STYLE = `@media only screen and (max-width:480px){.${SECONDARY_COLUMN_CLASS}{display:none!important}}`;

/** A data table: header row, one row per line, numbers right-aligned. Styles inline for Gmail and Outlook. */
export const table = (block: TableBlock): string => {
  // Figures never break across lines on a phone ("$15.28 / M"); only the label column wraps.
  // Secondary columns carry the class the head's media query hides on narrow screens.
  const align = (index: number) => {
    const column = block.columns[index];
    return `${column?.align === 'right' ? ' align="right"' : ''}${index > 0 ? ' nowrap' : ''}${column?.secondary ? ` class="${SECONDARY_COLUMN_CLASS}"` : ''}`;
  };
  const caption = block.caption ? `<mj-text padding="8px 0 2px" font-weight="700">${escapeHtml(block.caption)}</mj-text>` : '';
  const head = `<tr style="border-bottom:2px solid ${THEME.rule};color:${THEME.muted}">${block.columns
    .map((column, index) => `<th${block.columns[index]?.align === 'right' ? '' : ' align="left"'}${align(index)}>${escapeHtml(column.label)}</th>`)
    .join('')}</tr>`;
  const rows = block.rows
    .map((row) => `<tr style="border-bottom:1px solid ${THEME.rule}">${row.map((cell, index) => `<td${align(index)}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `${caption}<mj-table font-size="13px" cellpadding="4" padding="4px 0">${head}${rows}</mj-table>`;
};
