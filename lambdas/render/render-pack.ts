import mjml2html from 'mjml';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { ChartId, Pack } from '../pack/pack-types.js';
import type { PackLinks } from '../ports/pack-links.js';
import { callout } from './components/callout.js';
import { chartCaption } from './charts/chart-captions.js';
import type { EmailContext } from './components/email-context.js';
import { COLOR_SCHEME_META, CLASS, darkStyle, layoutStyle } from './components/email-styles.js';
import { footer } from './components/footer.js';
import { headline } from './components/headline.js';
import { card, section, textRow } from './components/section.js';
import { escapeHtml } from './escape-html.js';
import { FONT_STACK, LAYOUT, THEME } from './email-theme.js';
import { imageName, periodsWord, renderCharts, type RenderedChart } from './render-charts.js';
import { freshnessLine } from './email-digest.js';
import { renderCsv } from './render-csv.js';
import { renderText } from './render-text.js';
import { orderedSections } from './section-order.js';
import { renderPackPage, type PackPage } from './web/render-page.js';

export { imageCid, renderCharts, type RenderedChart } from './render-charts.js';

export interface RenderedPack {
  readonly subject: string;
  readonly headline: string;
  readonly html: string;
  readonly text: string;
  readonly csv: string;
  readonly json: string;
  readonly charts: RenderedChart[];
  /** The pack's web page (`index.html`) and its archive index entry: rendered with the neutral copy only. */
  readonly page?: PackPage;
}

export interface RenderPackOptions {
  /** A team's copy (its own sections early, its intro line); without one, the neutral archive copy. */
  readonly team?: string;
  /** The pack's images from renderCharts, drawn once for every copy. */
  readonly charts?: RenderedChart[];
  /** Where the pack's web page, CSV and archive are; without them the email has no links. */
  readonly links?: PackLinks;
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

export const footerLines = (pack: Pack, config: FunnelReviewConfig): string[] => {
  const teams = Object.values(config.teams).map((team) => team.name);
  const names = teams.length > 1 ? `${teams.slice(0, -1).join(', ')} and ${teams.at(-1)}` : (teams[0] ?? 'every team');
  return [
    `${names} receive this same pack: the same figures and definitions; only the order of the sections differs. ` +
      'Every metric is in the attached metrics.csv; every table in full, and the glossary, on the web page.',
    `Period ${pack.period.start} to ${pack.period.end}, ${config.reporting.timeZone}; amounts in ${pack.currency}.`,
  ];
};

export const emailContext = (pack: Pack, charts: readonly RenderedChart[], links: PackLinks | undefined): EmailContext => ({
  ...(links === undefined ? {} : { links }),
  images: new Map(charts.map((chart) => [imageName(chart), chart])),
  chartAlt: (id: ChartId) => pack.charts.find((chart) => chart.id === id)?.alt ?? '',
  chartCaption: (id: ChartId) => {
    const chart = pack.charts.find((entry) => entry.id === id);
    return chart && chartCaption(chart, pack.cadence);
  },
  periodsWord: periodsWord(pack),
});

const head = (pack: Pack): string =>
  `<mj-head><mj-title>${escapeHtml(pack.subject)}</mj-title><mj-preview>${escapeHtml(pack.headline.verdict)}</mj-preview>` +
  `<mj-attributes><mj-all font-family="${FONT_STACK}" /><mj-text font-size="14px" line-height="1.5" color="${THEME.text}" padding="4px 0" /></mj-attributes>` +
  `<mj-raw>${COLOR_SCHEME_META}<style type="text/css">${layoutStyle()}</style><style type="text/css">${darkStyle()}</style></mj-raw></mj-head>`;

const mjmlDocument = (pack: Pack, config: FunnelReviewConfig, team: string | undefined, context: EmailContext): string => {
  const intro = team ? config.teams[team]?.intro : undefined;
  const banner = pack.dataIncomplete
    ? card(textRow([callout('warning', pack.dataIncomplete.banner, 'Figures for the missing days are not in this pack.')]), '12px 16px')
    : '';
  return (
    `<mjml lang="${escapeHtml(config.reporting.lang)}">${head(pack)}` +
    `<mj-body width="${LAYOUT.emailWidth}px" background-color="${THEME.page}" css-class="${CLASS.page}">` +
    banner +
    headline(pack, intro, context) +
    orderedSections(pack, team)
      .map((entry) => section(entry, context))
      .join('') +
    footer([`${pack.freshness.title}: ${freshnessLine(pack.freshness)}`, ...footerLines(pack, config)]) +
    `</mj-body></mjml>`
  );
};

/**
 * Renders one copy of the pack: for a team (its own sections after the first agenda answer, its
 * intro line) or, without a team, the neutral archive copy, which also carries the web page.
 * Figures come only from the pack, so every copy agrees.
 */
export async function renderPack(pack: Pack, config: FunnelReviewConfig, options: RenderPackOptions = {}): Promise<RenderedPack> {
  const { team, links } = options;
  if (team !== undefined && !(team in config.teams)) {
    throw new PackRenderError(`team "${team}" is not in config.teams (${Object.keys(config.teams).join(', ')})`);
  }
  const charts = options.charts ?? (await renderCharts(pack));
  const context = emailContext(pack, charts, links);
  const result = await mjml2html(mjmlDocument(pack, config, team, context), { validationLevel: 'strict', keepComments: false });
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
    text: renderText(pack, orderedSections(pack, team), { intro, footerLines: footerLines(pack, config), links }),
    csv: renderCsv(pack),
    json: `${JSON.stringify(pack, null, 2)}\n`,
    charts,
    ...(team === undefined ? { page: renderPackPage(pack, config, { charts }) } : {}),
  };
}
