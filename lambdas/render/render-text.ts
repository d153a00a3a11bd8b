import type { KpiTile, Pack, PackSection, TableBlock } from '../pack/pack-types.js';
import type { PackLinks } from '../ports/pack-links.js';
import { packLinkTargets } from './components/pack-links-line.js';
import { ARROWS } from './components/kpi-tiles.js';
import { digestBlocks, freshnessLine, type DigestBlock } from './email-digest.js';

/**
 * The plain-text part, written from the pack model (not scraped from the HTML), so it carries
 * the same figures in the same order as the team's HTML. Lines are wrapped at 78 characters
 * (RFC 5322's recommendation); a link longer than that stands alone on its line, unbroken.
 * Tables are written as one line per row, each figure named by its column, so they read the
 * same in a proportional font.
 */
export const TEXT_WIDTH = 78;

const length = (text: string) => [...text].length;

/** Greedy word wrap; `indent` starts every line after the first (a hanging indent). */
export const wrapText = (text: string, indent = '', width = TEXT_WIDTH): string => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter(Boolean)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && length(candidate) > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines.join('\n');
};

/** Wraps every line of a block of text, keeping its own line breaks. */
const wrapLines = (text: string, indent = ''): string =>
  text
    .split('\n')
    .map((line) => wrapText(line, indent))
    .join('\n');

const underline = (text: string, char: string) => `${text}\n${char.repeat(Math.min(TEXT_WIDTH, length(text)))}`;

/** `- Leads — Last week 357 · Prior week 402 · WoW −11%` */
export const tableText = (block: TableBlock): string => {
  const row = (cells: readonly string[]) => {
    const [name = '', ...figures] = cells;
    const named = figures.map((cell, index) => `${block.columns[index + 1]?.label ?? ''} ${cell}`.trim());
    return wrapText(`- ${name} — ${named.join(' · ')}`, '  ');
  };
  return [...(block.caption ? [block.caption] : []), ...block.rows.map(row)].join('\n');
};

const tileText = (tile: KpiTile): string =>
  wrapText(`- ${tile.label}: ${tile.value}${tile.change ? ` ${ARROWS[tile.change.direction]} ${tile.change.text}` : ''}${tile.note ? ` (${tile.note})` : ''}`, '  ');

const blockText = (block: DigestBlock, chartAlt: (id: string) => string): string => {
  switch (block.kind) {
    case 'kpis':
      return block.tiles.map(tileText).join('\n');
    case 'table':
      return tableText(block);
    case 'paragraph':
      return wrapLines(block.text);
    case 'bullets':
      return block.items.map((item) => wrapText(`- ${item}`, '  ')).join('\n');
    case 'callout':
      return wrapLines(`>> ${block.title}${block.text ? `\n>> ${block.text}` : ''}`, '   ');
    case 'missing':
      return wrapText(`(${block.text})`, ' ');
    case 'chart':
      return wrapText(`[Chart] ${chartAlt(block.chartId)}`, '  ');
    case 'more':
      // The full pack's link is printed once, under the headline: a link per note would bury the text.
      return wrapText(block.text);
  }
};

/** `Label: <url>` on one line when it fits, else the URL on its own line. */
const linkLine = (label: string, href: string | undefined): string => {
  if (href === undefined) return wrapText(label);
  const line = `${label} ${href}`;
  return length(line) <= TEXT_WIDTH ? line : `${wrapText(label)}\n${href}`;
};

export const sectionText = (section: PackSection, chartAlt: (id: string) => string): string =>
  [
    underline(section.title.toUpperCase(), '-'),
    ...(section.lead ? [wrapText(section.lead)] : []),
    ...digestBlocks(section).map((block) => blockText(block, chartAlt)),
  ].join('\n\n');

export interface TextOptions {
  readonly intro?: string;
  readonly footerLines: readonly string[];
  readonly links?: PackLinks;
}

export const renderText = (pack: Pack, sections: readonly PackSection[], options: TextOptions): string => {
  const chartAlt = (id: string) => pack.charts.find((chart) => chart.id === id)?.alt ?? '';
  const { links } = options;
  const parts = [
    ...(pack.dataIncomplete ? [wrapText(`!! ${pack.dataIncomplete.banner} !!`)] : []),
    underline(wrapText(`${pack.title.toUpperCase()} · ${pack.period.label}`), '='),
    ...(options.intro ? [wrapText(options.intro)] : []),
    [wrapText(pack.headline.verdict), ...pack.headline.tiles.map(tileText)].join('\n'),
    ...(links ? [packLinkTargets(links).map(({ label, href }) => linkLine(`${label}:`, href)).join('\n')] : []),
    ...sections.map((section) => sectionText(section, chartAlt)),
    [`${pack.freshness.title}: ${freshnessLine(pack.freshness)}`, ...options.footerLines].map((line) => wrapText(line)).join('\n'),
  ];
  return `${parts.join('\n\n')}\n`;
};
