import type { Block, KpiTile, Pack, PackSection, TableBlock } from '../pack/pack-types.js';

/**
 * The plain-text part, written from the pack model (not scraped from the HTML), so it carries
 * the same figures in the same order as the team's HTML.
 */

const ARROWS = { up: '▲', down: '▼', flat: '►' } as const;

const underline = (text: string, char: string) => `${text}\n${char.repeat(Math.min(72, [...text].length))}`;

const width = (text: string) => [...text].length;
const pad = (text: string, size: number, align: 'left' | 'right') =>
  align === 'right' ? ' '.repeat(Math.max(0, size - width(text))) + text : text + ' '.repeat(Math.max(0, size - width(text)));

const tableText = (block: TableBlock): string => {
  const all = [block.columns.map((column) => column.label), ...block.rows];
  const sizes = block.columns.map((_, index) => Math.max(...all.map((row) => width(row[index] ?? ''))));
  const line = (row: readonly string[]) =>
    row
      .map((cell, index) => pad(cell, sizes[index] ?? 0, block.columns[index]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [...(block.caption ? [block.caption] : []), line(block.columns.map((column) => column.label)), ...block.rows.map(line)].join('\n');
};

const tileText = (tile: KpiTile): string =>
  `  ${tile.label}: ${tile.value}${tile.change ? ` ${ARROWS[tile.change.direction]} ${tile.change.text}` : ''}${tile.note ? ` (${tile.note})` : ''}`;

const blockText = (block: Block, chartAlt: (id: string) => string): string => {
  switch (block.kind) {
    case 'kpis':
      return block.tiles.map(tileText).join('\n');
    case 'table':
      return tableText(block);
    case 'paragraph':
      return block.text;
    case 'bullets':
      return block.items.map((item) => `- ${item}`).join('\n');
    case 'callout':
      return `>> ${block.title}${block.text ? `\n>> ${block.text}` : ''}`;
    case 'missing':
      return `(${block.text})`;
    case 'chart':
      return `[Chart] ${chartAlt(block.chartId)}`;
  }
};

export const sectionText = (section: PackSection, chartAlt: (id: string) => string): string =>
  [underline(section.title.toUpperCase(), '-'), ...(section.question ? [section.question] : []), ...section.blocks.map((block) => blockText(block, chartAlt))].join('\n\n');

export const renderText = (pack: Pack, sections: readonly PackSection[], intro: string | undefined, footerLines: readonly string[]): string => {
  const chartAlt = (id: string) => pack.charts.find((chart) => chart.id === id)?.alt ?? '';
  const parts = [
    ...(pack.dataIncomplete ? [`!! ${pack.dataIncomplete.banner} !!`] : []),
    underline(`${pack.title.toUpperCase()} · ${pack.period.label}`, '='),
    ...(intro ? [intro] : []),
    [pack.headline.verdict, ...pack.headline.tiles.map(tileText)].join('\n'),
    ...sections.map((section) => sectionText(section, chartAlt)),
    [underline('GLOSSARY', '-'), ...pack.glossary.map((entry) => `${entry.label}: ${entry.definition}`)].join('\n'),
    sectionText(pack.freshness, chartAlt),
    footerLines.join('\n'),
  ];
  return `${parts.join('\n\n')}\n`;
};
