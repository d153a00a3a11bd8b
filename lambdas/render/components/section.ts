import type { Block, PackSection } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { callout } from './callout.js';
import { chart, chartFallback } from './chart.js';
import { kpiTiles } from './kpi-tiles.js';
import { bullets, missingNote, paragraph } from './prose.js';
import { table } from './table.js';

export interface ChartRef {
  readonly cid: string;
  readonly alt: string;
}

const columnBlock = (block: Exclude<Block, { kind: 'kpis' }>, charts: ReadonlyMap<string, ChartRef>, altFor: (id: string) => string): string => {
  switch (block.kind) {
    case 'paragraph':
      return paragraph(block.text);
    case 'bullets':
      return bullets(block.items);
    case 'missing':
      return missingNote(block.text);
    case 'callout':
      return callout(block.tone, block.title, block.text);
    case 'table':
      return table(block);
    case 'chart': {
      const ref = charts.get(block.chartId);
      return ref ? chart(ref.cid, ref.alt) : chartFallback(altFor(block.chartId));
    }
  }
};

/**
 * A titled section card. Runs of text, tables and charts share one column; KPI tiles get their
 * own row, because a column cannot hold columns.
 */
export const section = (pack: PackSection, charts: ReadonlyMap<string, ChartRef>, altFor: (id: string) => string): string => {
  const title =
    `<mj-text font-size="18px" font-weight="700" padding="0 0 2px">${escapeHtml(pack.title)}</mj-text>` +
    (pack.question ? `<mj-text color="${THEME.muted}" font-size="13px" padding="0 0 8px">${escapeHtml(pack.question)}</mj-text>` : '');
  const parts: string[] = [];
  let column: string[] = [title];
  const flush = () => {
    if (column.length > 0) parts.push(`<mj-section padding="0"><mj-column>${column.join('')}</mj-column></mj-section>`);
    column = [];
  };
  for (const block of pack.blocks) {
    if (block.kind === 'kpis') {
      flush();
      parts.push(kpiTiles(block.tiles));
    } else {
      column.push(columnBlock(block, charts, altFor));
    }
  }
  flush();
  return `<mj-wrapper background-color="${THEME.card}" border-top="8px solid ${THEME.page}" padding="16px">${parts.join('')}</mj-wrapper>`;
};
