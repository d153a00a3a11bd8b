import mjml2html from 'mjml';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { ChartId, Pack } from '../pack/pack-types.js';
import { chartSpec } from './chart-specs.js';
import { renderChartPng } from './chart-renderer.js';
import { callout } from './components/callout.js';
import { footer } from './components/footer.js';
import { glossary } from './components/glossary.js';
import { headline } from './components/headline.js';
import { section, type ChartRef } from './components/section.js';
import { TABLE_PHONE_STYLE } from './components/table.js';
import { escapeHtml } from './escape-html.js';
import { THEME } from './email-theme.js';
import { renderCsv } from './render-csv.js';
import { renderText } from './render-text.js';
import { orderedSections } from './section-order.js';

export interface RenderedChart {
  readonly cid: string;
  readonly filename: string;
  readonly png: Uint8Array;
  readonly alt: string;
}

export interface RenderedPack {
  readonly subject: string;
  readonly headline: string;
  readonly html: string;
  readonly text: string;
  readonly csv: string;
  readonly json: string;
  readonly charts: RenderedChart[];
}

/** Gmail clips a message whose HTML exceeds 102 KB (102 × 1024 bytes). */
export const GMAIL_CLIP_BYTES = 102 * 1024;

export class PackRenderError extends Error {
  override readonly name = 'PackRenderError';
}

/**
 * Drops the indentation MJML pretty-prints with: a fifth of the bytes, and Gmail clips at 102 KB.
 * Safe because no generated text spans lines (there is no <pre>), so newlines between tags carry no meaning.
 * (MJML's own `minify` needs cssnano and triples the render time.)
 */
export const compactHtml = (html: string): string => html.replace(/\n\s*/g, '\n').replace(/>\n</g, '><');

/** `funnel` → cid `funnel@funnel-review`, archived as `charts/funnel.png`. */
export const chartCid = (id: ChartId): string => `${id}@funnel-review`;

/** Draws the pack's charts once; pass the result to every renderPack call of the pack. */
export async function renderCharts(pack: Pack): Promise<RenderedChart[]> {
  const charts: RenderedChart[] = [];
  // One at a time: resvg-wasm is single-threaded, so parallel calls would only interleave.
  for (const chart of pack.charts) {
    const png = await renderChartPng(chartSpec(chart, pack.currency), `${pack.cadence}/${pack.period.id}/${chart.id}`);
    charts.push({ cid: chartCid(chart.id), filename: `${chart.id}.png`, png, alt: chart.alt });
  }
  return charts;
}

const footerLines = (pack: Pack, config: FunnelReviewConfig): string[] => {
  const teams = Object.values(config.teams).map((team) => team.name);
  const names = teams.length > 1 ? `${teams.slice(0, -1).join(', ')} and ${teams.at(-1)}` : (teams[0] ?? 'every team');
  return [
    `${names} receive this same pack: the same figures and definitions; only the order of the sections differs.`,
    'Every metric is in the attached metrics.csv.',
    `Period ${pack.period.start} to ${pack.period.end}, ${config.reporting.timeZone}; amounts in ${pack.currency}.`,
  ];
};

const mjmlDocument = (pack: Pack, config: FunnelReviewConfig, team: string | undefined, charts: readonly RenderedChart[]): string => {
  const intro = team ? config.teams[team]?.intro : undefined;
  const chartRefs = new Map<string, ChartRef>(
    charts.flatMap((chart) => {
      const id = pack.charts.find((data) => chartCid(data.id) === chart.cid)?.id;
      return id ? [[id, { cid: chart.cid, alt: chart.alt }] as const] : [];
    }),
  );
  const altFor = (id: string) => pack.charts.find((chart) => chart.id === id)?.alt ?? '';
  const banner = pack.dataIncomplete
    ? `<mj-wrapper background-color="${THEME.card}" padding="12px 16px"><mj-section padding="0"><mj-column>${callout('warning', pack.dataIncomplete.banner, 'Figures for the missing days are not in this pack.')}</mj-column></mj-section></mj-wrapper>`
    : '';
  const sections = orderedSections(pack, team).map((entry) => section(entry, chartRefs, altFor));
  return (
    `<mjml><mj-head><mj-title>${escapeHtml(pack.subject)}</mj-title><mj-preview>${escapeHtml(pack.headline.verdict)}</mj-preview>` +
    `<mj-attributes><mj-all font-family="${THEME.fontFamily}" /><mj-text font-size="14px" line-height="1.5" color="${THEME.text}" padding="4px 0" />` +
    `<mj-table color="${THEME.text}" /></mj-attributes>` +
    `<mj-style>${TABLE_PHONE_STYLE}</mj-style></mj-head>` +
    `<mj-body width="600px" background-color="${THEME.page}">` +
    banner +
    headline(pack, intro) +
    sections.join('') +
    glossary(pack.glossary) +
    section(pack.freshness, chartRefs, altFor) +
    footer(footerLines(pack, config)) +
    `</mj-body></mjml>`
  );
};

/**
 * Renders one copy of the pack: for a team (its lead sections and intro first) or, without a
 * team, the neutral archive copy. Figures come only from the pack, so every copy agrees.
 */
export async function renderPack(
  pack: Pack,
  config: FunnelReviewConfig,
  options: { team?: string; charts?: RenderedChart[] } = {},
): Promise<RenderedPack> {
  const { team } = options;
  if (team !== undefined && !(team in config.teams)) {
    throw new PackRenderError(`team "${team}" is not in config.teams (${Object.keys(config.teams).join(', ')})`);
  }
  const charts = options.charts ?? (await renderCharts(pack));
  const result = await mjml2html(mjmlDocument(pack, config, team, charts), { validationLevel: 'strict', keepComments: false });
  if (result.errors.length > 0) {
    throw new PackRenderError(
      `MJML rejected the ${pack.cadence} pack ${pack.period.id}: ${result.errors.map((error) => `line ${error.line}: ${error.message}`).join('; ')}`,
    );
  }
  const intro = team ? config.teams[team]?.intro : undefined;
  return {
    subject: pack.subject,
    headline: pack.headline.summary,
    html: compactHtml(result.html),
    text: renderText(pack, orderedSections(pack, team), intro, footerLines(pack, config)),
    csv: renderCsv(pack),
    json: `${JSON.stringify(pack, null, 2)}\n`,
    charts,
  };
}
