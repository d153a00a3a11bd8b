import type { FunnelReviewConfig } from '../../config/config-schema.js';
import type { Block, ChartId, KpiTile, Pack, PackSection, TableBlock } from '../../pack/pack-types.js';
import { glossaryAnchor } from '../../ports/pack-links.js';
import { variantName, type ChartLayout } from '../charts/chart-layouts.js';
import { ARROWS, sparklineName } from '../components/kpi-tiles.js';
import { escapeHtml } from '../escape-html.js';
import type { ColorScheme } from '../email-theme.js';
import { imageName, type RenderedChart } from '../render-charts.js';
import { orderedSections } from '../section-order.js';
import type { PackPageEntry } from './archive-index.js';
import { NARROW_PAGE, pageStyle } from './page-styles.js';

/**
 * The pack's web page (`<cadence>/<period>/index.html`): everything the email has and what it
 * leaves out — every table in full, each section's question, the glossary with an anchor per
 * metric — with its images as files beside it and links relative to it, so the folder opens
 * anywhere: from disk, or through the pack pages' CloudFront distribution.
 */

/** Files of the archived pack the page links to, relative to the page. */
export const PAGE_LINKS = { csv: 'metrics.csv', json: 'metrics.json', email: 'email.html', archive: '../../index.html', root: '../../' } as const;

export interface PageOptions {
  readonly charts: readonly RenderedChart[];
}

const chartSrc = (chart: RenderedChart): string => `charts/${chart.filename}`;

/** A chart as a <picture>: the browser picks the width and colour scheme. */
const figure = (id: ChartId, pack: Pack, images: ReadonlyMap<string, RenderedChart>): string => {
  const alt = pack.charts.find((chart) => chart.id === id)?.alt ?? '';
  const image = (layout: ChartLayout, scheme: ColorScheme) => images.get(variantName(id, { layout, scheme }));
  const base = image('wide', 'light');
  if (base === undefined) return `<p class="muted">${escapeHtml(alt)}</p>`;
  const sources = [
    [image('narrow', 'dark'), `${NARROW_PAGE} and (prefers-color-scheme:dark)`],
    [image('narrow', 'light'), NARROW_PAGE],
    [image('wide', 'dark'), '(prefers-color-scheme:dark)'],
  ] as const;
  return (
    `<figure><picture>${sources.map(([chart, media]) => (chart ? `<source media="${media}" srcset="${escapeHtml(chartSrc(chart))}">` : '')).join('')}` +
    `<img src="${escapeHtml(chartSrc(base))}" width="${base.width}" height="${base.height}" alt="${escapeHtml(alt)}" style="max-width:${base.width}px"></picture></figure>`
  );
};

const tile = (kpi: KpiTile, images: ReadonlyMap<string, RenderedChart>): string => {
  const spark = images.get(sparklineName(kpi.metricId));
  const name = kpi.metricId === 'goal_attainment' ? escapeHtml(kpi.label) : `<a href="#${glossaryAnchor(kpi.metricId)}" class="muted">${escapeHtml(kpi.label)}</a>`;
  return (
    `<div class="tile"><div class="name">${name}</div><div class="value">${escapeHtml(kpi.value)}</div>` +
    (kpi.change ? `<div class="change ${kpi.change.tone}">${ARROWS[kpi.change.direction]} ${escapeHtml(kpi.change.text)}</div>` : '') +
    (kpi.note ? `<div class="note">${escapeHtml(kpi.note)}</div>` : '') +
    (spark && kpi.sparkline ? `<img src="${escapeHtml(chartSrc(spark))}" alt="${escapeHtml(spark.alt)}" width="132" height="30">` : '') +
    `</div>`
  );
};

const tiles = (list: readonly KpiTile[], images: ReadonlyMap<string, RenderedChart>): string => `<div class="tiles">${list.map((kpi) => tile(kpi, images)).join('')}</div>`;

/** A full table; on a phone the stylesheet stacks each row and labels its cells from `data-label`. */
const table = (block: TableBlock, glossary: ReadonlyMap<string, string>): string => {
  const numeric = (index: number) => (block.columns[index]?.align === 'right' ? ' class="num"' : '');
  const name = (text: string) => {
    const id = glossary.get(text);
    return id === undefined ? escapeHtml(text) : `<a href="#${glossaryAnchor(id)}">${escapeHtml(text)}</a>`;
  };
  const head = block.columns.map((column, index) => `<th scope="col"${numeric(index)}>${escapeHtml(column.label)}</th>`).join('');
  const rows = block.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, index) => `<td${numeric(index)} data-label="${escapeHtml(block.columns[index]?.label ?? '')}">${index === 0 ? name(cell) : escapeHtml(cell)}</td>`)
          .join('')}</tr>`,
    )
    .join('');
  return `<table class="data">${block.caption ? `<caption>${escapeHtml(block.caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
};

interface PageContext {
  readonly pack: Pack;
  readonly images: ReadonlyMap<string, RenderedChart>;
  readonly glossary: ReadonlyMap<string, string>;
}

const block = (entry: Block, context: PageContext): string => {
  switch (entry.kind) {
    case 'kpis':
      return tiles(entry.tiles, context.images);
    case 'table':
      return table(entry, context.glossary);
    case 'paragraph':
      return `<p>${escapeHtml(entry.text)}</p>`;
    case 'bullets':
      return `<ul>${entry.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'callout':
      return `<div class="callout ${entry.tone}"><strong>${escapeHtml(entry.title)}</strong>${entry.text ? `<br>${escapeHtml(entry.text)}` : ''}</div>`;
    case 'missing':
      return `<p class="missing">${escapeHtml(entry.text)}</p>`;
    case 'chart':
      return figure(entry.chartId, context.pack, context.images);
  }
};

const section = (entry: PackSection, context: PageContext): string =>
  `<section class="card" id="${escapeHtml(entry.id)}"><h2>${escapeHtml(entry.title)}</h2>` +
  (entry.question ? `<p class="question">${escapeHtml(entry.question)}</p>` : '') +
  (entry.lead ? `<p class="lead">${escapeHtml(entry.lead)}</p>` : '') +
  entry.blocks.map((item) => block(item, context)).join('') +
  `</section>`;

const header = (pack: Pack, context: PageContext): string => {
  const tone = pack.headline.onTrack === undefined ? 'info' : pack.headline.onTrack ? 'good' : 'warning';
  const links = [
    ['Metrics CSV', PAGE_LINKS.csv],
    ['Metrics JSON', PAGE_LINKS.json],
    ['The email', PAGE_LINKS.email],
    ['Glossary', '#glossary'],
    ['All packs', PAGE_LINKS.archive],
  ];
  return (
    `<header class="card">` +
    (pack.dataIncomplete ? `<div class="callout warning" role="alert"><strong>${escapeHtml(pack.dataIncomplete.banner)}</strong><br>Figures for the missing days are not in this pack.</div>` : '') +
    `<p class="label">${escapeHtml(pack.title.toUpperCase())}</p><h1>${escapeHtml(pack.period.label)}</h1>` +
    `<div class="callout ${tone}"><strong>${escapeHtml(pack.headline.verdict)}</strong></div>` +
    tiles(pack.headline.tiles, context.images) +
    `<nav class="links">${links.map(([label, href]) => `<a href="${escapeHtml(href ?? '')}">${escapeHtml(label ?? '')} →</a>`).join('')}</nav>` +
    `</header>`
  );
};

const contents = (sections: readonly PackSection[], freshness: PackSection): string =>
  `<nav class="card toc" aria-label="Sections"><strong>In this pack</strong><ol>${[...sections.map((entry) => [entry.id, entry.title]), ['glossary', 'Glossary'], [freshness.id, freshness.title]]
    .map(([id, title]) => `<li><a href="#${escapeHtml(id ?? '')}">${escapeHtml(title ?? '')}</a></li>`)
    .join('')}</ol></nav>`;

const glossarySection = (pack: Pack): string =>
  `<section class="card" id="glossary"><h2>Glossary</h2><dl>${pack.glossary
    .map((entry) => `<dt id="${escapeHtml(glossaryAnchor(entry.id))}">${escapeHtml(entry.label)}</dt><dd>${escapeHtml(entry.definition)}</dd>`)
    .join('')}</dl></section>`;

/** A pack's web page and what the archive index says of it. */
export interface PackPage {
  readonly html: string;
  readonly entry: PackPageEntry;
}

/** The web page of a pack, as a standalone HTML document, and its archive index entry. */
export const renderPackPage = (pack: Pack, config: FunnelReviewConfig, options: PageOptions): PackPage => {
  const context: PageContext = {
    pack,
    images: new Map(options.charts.map((chart) => [imageName(chart), chart])),
    glossary: new Map(pack.glossary.map((entry) => [entry.label, entry.id])),
  };
  const sections = orderedSections(pack);
  const body =
    header(pack, context) +
    contents(sections, pack.freshness) +
    sections.map((entry) => section(entry, context)).join('') +
    glossarySection(pack) +
    section(pack.freshness, context) +
    `<footer>Both teams receive this same pack: the same figures and definitions. Period ${escapeHtml(pack.period.start)} to ${escapeHtml(pack.period.end)}, ` +
    `${escapeHtml(config.reporting.timeZone)}; amounts in ${escapeHtml(pack.currency)}.</footer>`;
  const html =
    `<!doctype html><html lang="${escapeHtml(config.reporting.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light dark">` +
    `<title>${escapeHtml(pack.subject)}</title><style>${pageStyle(PAGE_LINKS.root)}</style></head>` +
    `<body><main>${body}</main></body></html>\n`;
  const entry: PackPageEntry = {
    cadence: pack.cadence,
    periodId: pack.period.id,
    periodLabel: pack.period.label,
    summary: pack.headline.summary,
    verdict: pack.headline.verdict,
    lang: config.reporting.lang,
    ...(pack.dataIncomplete ? { banner: pack.dataIncomplete.banner } : {}),
  };
  return { html, entry };
};
