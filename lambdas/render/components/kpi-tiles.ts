import type { KpiTile } from '../../pack/pack-types.js';
import { glossaryAnchor, pageAnchor } from '../../ports/pack-links.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { SPARKLINE } from '../charts/chart-layouts.js';
import type { EmailContext } from './email-context.js';
import { CLASS } from './email-styles.js';

export const ARROWS = { up: '▲', down: '▼', flat: '►' } as const;

/** The image name of a tile's sparkline. */
export const sparklineName = (metricId: string): string => `spark-${metricId}`;

/** `Revenue, last 8 weeks, oldest to latest ending at $412k`: what a sparkline shows, for its alt text. */
export const sparklineAlt = (tile: KpiTile, periodsWord: string): string =>
  `${tile.label}, last ${tile.sparkline?.length ?? 0} ${periodsWord}, oldest to latest ending at ${tile.value}`;

/**
 * Tile widths by how many share a row: the widest that still puts them all on one 560 px row,
 * two (three for five tiles) on a 343 px phone and at least one on 288 px. Tiles are inline
 * blocks, so they reflow without media queries; Outlook on Windows gets a table row instead.
 */
const TILE_WIDTH: Readonly<Record<number, number>> = { 1: 167, 2: 167, 3: 167, 4: 130, 5: 104 };
const GAP = 8;

const label = (kpi: KpiTile, context: EmailContext): string => {
  const text = escapeHtml(kpi.label);
  if (context.links === undefined || kpi.metricId === 'goal_attainment') return text;
  const href = escapeHtml(pageAnchor(context.links, glossaryAnchor(kpi.metricId)));
  return `<a class="${CLASS.muted}" href="${href}" style="color:${THEME.muted};text-decoration:none">${text}</a>`;
};

const sparkline = (kpi: KpiTile, context: EmailContext): string => {
  const cid = context.images.get(sparklineName(kpi.metricId))?.cid;
  if (cid === undefined || kpi.sparkline === undefined) return '';
  return (
    `<img src="cid:${escapeHtml(cid)}" width="${SPARKLINE.width}" height="${SPARKLINE.height}" alt="${escapeHtml(sparklineAlt(kpi, context.periodsWord))}" ` +
    `style="display:block;width:100%;max-width:${SPARKLINE.width}px;height:auto;border:0;margin-top:4px">`
  );
};

const tile = (kpi: KpiTile, width: number, context: EmailContext, withSparkline: boolean): string => {
  const valueSize = width < 120 ? 20 : 22;
  const change = kpi.change
    ? `<div class="${CLASS.tone[kpi.change.tone]}" style="color:${THEME.tone[kpi.change.tone]};font-weight:600;font-size:${width < 120 ? 12 : 13}px;line-height:18px">${ARROWS[kpi.change.direction]} ${escapeHtml(kpi.change.text)}</div>`
    : '';
  const note = kpi.note ? `<div class="${CLASS.muted}" style="color:${THEME.muted};font-size:12px;line-height:16px">${escapeHtml(kpi.note)}</div>` : '';
  return (
    `<div class="${CLASS.tile}" style="display:inline-block;vertical-align:top;width:100%;max-width:${width}px;margin:0 ${GAP}px ${GAP}px 0;` +
    `background:#f6f8fa;border-radius:6px;font-size:14px;line-height:1.4"><div style="padding:8px">` +
    `<div class="${CLASS.muted}" style="color:${THEME.muted};font-size:12px;line-height:16px">${label(kpi, context)}</div>` +
    `<div style="font-size:${valueSize}px;font-weight:700;line-height:1.3;white-space:nowrap">${escapeHtml(kpi.value)}</div>${change}${note}${withSparkline ? sparkline(kpi, context) : ''}` +
    `</div></div>`
  );
};

/**
 * A row of KPI tiles (up to five), as an HTML fragment of the section's text. Sparklines are drawn
 * on the headline's tiles; a section's tiles leave theirs to the web page, to keep the email short.
 */
export const kpiTiles = (tiles: readonly KpiTile[], context: EmailContext, withSparklines: boolean): string => {
  const width = TILE_WIDTH[tiles.length] ?? TILE_WIDTH[5]!;
  const cells = tiles.map((kpi) => `<!--[if mso]><td width="${width}" valign="top"><![endif]-->${tile(kpi, width, context, withSparklines)}<!--[if mso]></td><![endif]-->`);
  return `<div style="font-size:0;margin:4px -${GAP}px 4px 0"><!--[if mso]><table role="presentation"><tr><![endif]-->${cells.join('')}<!--[if mso]></tr></table><![endif]--></div>`;
};
