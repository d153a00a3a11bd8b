import type { TableBlock } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { CLASS } from './email-styles.js';

/**
 * A data table as the email shows it, readable from a 320 px screen without media queries: as
 * columns when it has at most three and they fit, else as stacked rows (the row's name and first
 * figure on a line, its other figures as "Label value" pairs under it). Nothing is hidden: every
 * cell of the rows shown is printed. MJML's cells let words break anywhere (`word-break:
 * break-word`), which squeezed "Opportunity" into one letter a line; these tables undo that.
 */

/** The narrowest content width the email is laid out for: a 320 px screen less the card's padding. */
export const NARROWEST_CONTENT_PX = 288;
/** A generous advance per character of 13 px Inter, so an estimate errs towards stacking. */
const CHAR_PX = 8;
const CELL_PADDING_PX = 12;
/** A "Label value" pair shorter than this stays on one line. */
const NOWRAP_PAIR_CHARS = 28;

const TABLE_STYLE = 'border-collapse:collapse;word-break:normal;overflow-wrap:normal;font-size:13px;line-height:18px;margin:2px 0 8px';

const longestWord = (text: string) => Math.max(0, ...text.split(/\s+/).map((word) => [...word].length));

/** Whether the table fits as columns at the narrowest width, figures unbroken and the first column wrapping between words. */
export const fitsAsColumns = (block: TableBlock): boolean => {
  if (block.columns.length > 3) return false;
  const widths = block.columns.map((column, index) => {
    const cells = block.rows.map((row) => row[index] ?? '');
    const chars = index === 0 ? Math.max(longestWord(column.label), ...cells.map(longestWord)) : Math.max(longestWord(column.label), ...cells.map((cell) => [...cell].length));
    return chars * CHAR_PX + CELL_PADDING_PX;
  });
  return widths.reduce((sum, width) => sum + width, 0) <= NARROWEST_CONTENT_PX;
};


const asColumns = (block: TableBlock): string => {
  const align = (index: number) => (block.columns[index]?.align === 'right' ? 'right' : 'left');
  const cellStyle = (index: number) => `padding:5px ${index === block.columns.length - 1 ? 0 : 8}px 5px 0${index > 0 ? ';white-space:nowrap' : ''}`;
  const head = block.columns
    .map((column, index) => `<th scope="col" align="${align(index)}" class="${CLASS.muted}" style="${cellStyle(0)};color:${THEME.muted};font-weight:600">${escapeHtml(column.label)}</th>`)
    .join('');
  const rows = block.rows
    .map(
      (row) =>
        `<tr class="${CLASS.rule}" style="border-top:1px solid ${THEME.rule}">${row
          .map((cell, index) => `<td align="${align(index)}" style="${cellStyle(index)}">${index === 0 ? escapeHtml(cell) : escapeHtml(cell)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table width="100%" cellpadding="0" cellspacing="0" style="${TABLE_STYLE}"><tr>${head}</tr>${rows}</table>`;
};

/** `Prior week 402`, kept on one line by non-breaking spaces when it is short. */
const pair = (label: string, value: string): string => {
  const text = `${escapeHtml(label)} <b>${escapeHtml(value)}</b>`;
  return [...label, ...value].length < NOWRAP_PAIR_CHARS ? text.replace(/ /g, '&nbsp;') : text;
};

const stacked = (block: TableBlock): string => {
  const [first, second] = block.columns;
  const mutedCell = `class="${CLASS.muted}" style="color:${THEME.muted};font-size:12px;padding:0 0 2px"`;
  const head = `<tr><td ${mutedCell}>${escapeHtml(first?.label ?? '')}</td><td align="right" ${mutedCell}>${escapeHtml(second?.label ?? '')}</td></tr>`;
  const rows = block.rows
    .map((row) => {
      const details = block.columns
        .slice(2)
        .map((column, index) => pair(column.label, row[index + 2] ?? ''))
        .join(' · ');
      return (
        `<tr class="${CLASS.rule}" style="border-top:1px solid ${THEME.rule}"><td style="padding:5px 8px 0 0"><b>${escapeHtml(row[0] ?? '')}</b></td>` +
        `<td align="right" style="padding:5px 0 0;white-space:nowrap"><b>${escapeHtml(row[1] ?? '')}</b></td></tr>` +
        (details ? `<tr><td colspan="2" class="${CLASS.muted}" style="padding:1px 0 5px;color:${THEME.muted};font-size:12px">${details}</td></tr>` : '')
      );
    })
    .join('');
  return `<table width="100%" cellpadding="0" cellspacing="0" style="${TABLE_STYLE}">${head}${rows}</table>`;
};

export const table = (block: TableBlock): string => {
  const caption = block.caption ? `<p style="margin:8px 0 2px;font-weight:700">${escapeHtml(block.caption)}</p>` : '';
  const body = fitsAsColumns(block) ? asColumns(block) : stacked(block);
  return `${caption}${body}`;
};
