import { AGENDA_SECTION_IDS, type Block, type PackSection } from '../pack/pack-types.js';

/**
 * What the email shows of a section: the web page shows all of it. The agenda answers keep their
 * tables, cut to the first rows (the pack orders them, most important first); the shared sections
 * show their tiles and charts, and leave their tables to the web page. A section with a chart
 * leaves its tables there too: the chart draws the same figures. Lists are cut to their first
 * points. A line says what the web page has besides. The HTML and the plain-text part read the
 * same digest, so both parts of the message say the same.
 */
export const EMAIL_LIMITS = { tableRows: 3, bulletItems: 3 } as const;

/** A pointer to the rest of a block on the web page. */
export interface MoreBlock {
  readonly kind: 'more';
  /** What the web page has besides: the rest of a table's rows or a list's points, or the section's tables. */
  readonly rest: 'rows' | 'points' | 'tables';
  readonly text: string;
  /** The section's anchor on the web page. */
  readonly anchor: string;
}

export type DigestBlock = Block | MoreBlock;

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

const trimmed = (block: Block, anchor: string): DigestBlock[] => {
  if (block.kind === 'table' && block.rows.length > EMAIL_LIMITS.tableRows) {
    const text = `First ${EMAIL_LIMITS.tableRows} of ${block.rows.length} rows; all ${block.rows.length} in the full pack.`;
    return [{ ...block, rows: block.rows.slice(0, EMAIL_LIMITS.tableRows) }, { kind: 'more', rest: 'rows', text, anchor }];
  }
  if (block.kind === 'bullets' && block.items.length > EMAIL_LIMITS.bulletItems) {
    const rest = block.items.length - EMAIL_LIMITS.bulletItems;
    return [{ ...block, items: block.items.slice(0, EMAIL_LIMITS.bulletItems) }, { kind: 'more', rest: 'points', text: `${plural(rest, 'more point')} in the full pack.`, anchor }];
  }
  return [block];
};

const isAgenda = (section: PackSection): boolean => (AGENDA_SECTION_IDS as readonly string[]).includes(section.id);

/**
 * Data freshness is a footnote to the pack (a gap is also a banner at the top): its sentences run
 * on as one line at the foot of the email.
 */
export const freshnessLine = (section: PackSection): string =>
  section.blocks
    .flatMap((block) => (block.kind === 'bullets' ? block.items : block.kind === 'paragraph' || block.kind === 'missing' ? [block.text] : block.kind === 'callout' ? [block.title, block.text] : []))
    .filter(Boolean)
    .join(' ');

export const digestBlocks = (section: PackSection): DigestBlock[] => {
  const tables = section.blocks.filter((block) => block.kind === 'table').length;
  const keepTables = isAgenda(section) && !section.blocks.some((block) => block.kind === 'chart');
  if (keepTables || tables === 0) return section.blocks.flatMap((block) => trimmed(block, section.id));
  const what = tables === 1 ? 'Its table' : `Its ${tables} tables`;
  const more: MoreBlock = { kind: 'more', rest: 'tables', text: `${what}: in the full pack.`, anchor: section.id };
  return [...section.blocks.filter((block) => block.kind !== 'table').flatMap((block) => trimmed(block, section.id)), more];
};
