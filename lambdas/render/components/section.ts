import type { PackSection } from '../../pack/pack-types.js';
import { pageAnchor } from '../../ports/pack-links.js';
import { digestBlocks, type DigestBlock } from '../email-digest.js';
import { THEME } from '../email-theme.js';
import { callout } from './callout.js';
import { chart } from './chart.js';
import type { EmailContext } from './email-context.js';
import { CLASS } from './email-styles.js';
import { kpiTiles } from './kpi-tiles.js';
import { bullets, lead, missingNote, moreNote, paragraph, sectionTitle } from './prose.js';
import { table } from './table.js';

const columnBlock = (block: Exclude<DigestBlock, { kind: 'kpis' }>, context: EmailContext): string => {
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
    case 'chart':
      return chart(block.chartId, context);
    case 'more':
      // The title's "Full section" link already leads to the section's tables.
      if (block.rest === 'tables' && context.links) return '';
      return moreNote(block.text, context.links && pageAnchor(context.links, block.anchor));
  }
};

/** A card on the page: the grey gap above it is its top border, so cards never touch. */
export const card = (content: string, padding = '14px 16px'): string =>
  `<mj-wrapper css-class="${CLASS.card}" background-color="${THEME.card}" border-top="6px solid ${THEME.page}" padding="${padding}">${content}</mj-wrapper>`;

/** A run of HTML fragments as one column of one MJML section. */
export const textRow = (fragments: readonly string[], padding = '0'): string =>
  fragments.length === 0 ? '' : `<mj-section padding="${padding}"><mj-column><mj-text padding="0">${fragments.join('')}</mj-text></mj-column></mj-section>`;

/**
 * A titled section card: its title, its lead sentence, then the email's digest of its blocks,
 * all in one text element.
 */
export const section = (pack: PackSection, context: EmailContext): string =>
  card(
    textRow([
      sectionTitle(pack.title, context.links && pageAnchor(context.links, pack.id)),
      ...(pack.lead ? [lead(pack.lead)] : []),
      ...digestBlocks(pack).map((block) => (block.kind === 'kpis' ? kpiTiles(block.tiles, context, false) : columnBlock(block, context))),
    ]),
  );
