import type { TableBlock } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

/** A data table: header row, one row per line, numbers right-aligned. Styles inline for Gmail and Outlook. */
export const table = (block: TableBlock): string => {
  // Figures never break across lines on a phone ("$15.28 / M"); only the label column wraps.
  const align = (index: number) => (block.columns[index]?.align === 'right' ? ' align="right" nowrap' : '');
  const caption = block.caption ? `<mj-text padding="8px 0 2px" font-weight="700">${escapeHtml(block.caption)}</mj-text>` : '';
  const head = `<tr style="border-bottom:2px solid ${THEME.rule};color:${THEME.muted}">${block.columns
    .map((column, index) => `<th${align(index) || ' align="left"'}>${escapeHtml(column.label)}</th>`)
    .join('')}</tr>`;
  const rows = block.rows
    .map((row) => `<tr style="border-bottom:1px solid ${THEME.rule}">${row.map((cell, index) => `<td${align(index)}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `${caption}<mj-table font-size="13px" cellpadding="4" padding="4px 0">${head}${rows}</mj-table>`;
};
