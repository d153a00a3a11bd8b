import { ASSETS_PREFIX } from '../../pack-pages/page-keys.js';
import { FONT_STACK, LAYOUT, SCHEMES, type SchemeColors } from '../email-theme.js';

/**
 * The web page's and the archive index's stylesheet, from the same colour table as the email.
 * Browsers honour media queries, so the page uses them freely: dark colours, and tables that
 * stack into labelled rows on a phone.
 */

/** Where the shared fonts are archived, relative to the reports root. */
export const FONT_FILES = ['fonts/Inter_400Regular.ttf', 'fonts/Inter_700Bold.ttf'] as const;


/** `@font-face` for Inter from the archive's shared assets; `root` is the relative path to the reports root. */
export const fontFaces = (root: string): string =>
  FONT_FILES.map(
    (file, index) =>
      `@font-face{font-family:Inter;font-style:normal;font-weight:${index === 0 ? 400 : 700};font-display:swap;src:local('Inter'),url('${root}${ASSETS_PREFIX}${file}') format('truetype')}`,
  ).join('');

const variables = (colors: SchemeColors): string =>
  [
    `--page:${colors.page}`,
    `--card:${colors.card}`,
    `--text:${colors.text}`,
    `--muted:${colors.muted}`,
    `--rule:${colors.rule}`,
    `--accent:${colors.accent}`,
    `--link:${colors.link}`,
    `--good:${colors.tone.good}`,
    `--bad:${colors.tone.bad}`,
    `--neutral:${colors.tone.neutral}`,
    `--tile:${colors === SCHEMES.dark ? colors.page : '#f6f8fa'}`,
    ...(['warning', 'good', 'info'] as const).flatMap((tone) => [`--${tone}-bg:${colors.callout[tone].background}`, `--${tone}-border:${colors.callout[tone].border}`]),
  ].join(';');

/** Below this the page's main column is narrower than a wide chart: narrow charts, stacked tables. */
export const NARROW_PAGE = `(max-width:${LAYOUT.contentWidth + 31}px)`;
const phone = `@media ${NARROW_PAGE}`;

export const pageStyle = (root: string): string =>
  [
    fontFaces(root),
    `:root{color-scheme:light dark;${variables(SCHEMES.light)}}`,
    `@media (prefers-color-scheme:dark){:root{${variables(SCHEMES.dark)}}}`,
    `*{box-sizing:border-box}`,
    `body{margin:0;background:var(--page);color:var(--text);font-family:${FONT_STACK};font-size:15px;line-height:1.5;-webkit-text-size-adjust:100%}`,
    `main{max-width:${LAYOUT.emailWidth + 40}px;margin:0 auto;padding:12px 0 32px}`,
    `.card{background:var(--card);padding:16px;margin:0 0 8px;border-radius:6px}`,
    `h1{font-size:24px;line-height:1.25;margin:4px 0 8px}h2{font-size:19px;line-height:1.3;margin:0 0 4px}h3{font-size:15px;margin:12px 0 4px}`,
    `a{color:var(--link)}.muted{color:var(--muted)}.label{color:var(--accent);font-size:13px;font-weight:700;letter-spacing:.02em;margin:0}`,
    `.question{color:var(--muted);font-size:14px;margin:0 0 8px}.lead{font-size:16px;font-weight:600;margin:4px 0 10px}`,
    `.callout{border-left:4px solid;padding:10px 12px;margin:8px 0}`,
    ...(['warning', 'good', 'info'] as const).map((tone) => `.callout.${tone}{background:var(--${tone}-bg);border-color:var(--${tone}-border)}`),
    `.good{color:var(--good)}.bad{color:var(--bad)}.neutral{color:var(--neutral)}`,
    `.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px;margin:10px 0}`,
    `.tile{background:var(--tile);border-radius:6px;padding:8px 10px}.tile .value{font-size:22px;font-weight:700;line-height:1.3;white-space:nowrap}`,
    `.tile .change{font-size:13px;font-weight:600}.tile .note{font-size:12px;color:var(--muted)}.tile .name{font-size:12px;color:var(--muted)}`,
    `.tile img{display:block;width:100%;max-width:132px;height:auto;margin-top:4px}`,
    `.links{display:flex;flex-wrap:wrap;gap:4px 16px;font-weight:600;margin:10px 0 0}.links a{text-decoration:none;white-space:nowrap}`,
    `nav.toc ol{margin:4px 0 0;padding-left:20px}`,
    `figure{margin:8px 0}figure img{display:block;width:100%;height:auto}figcaption{font-size:13px;color:var(--muted)}`,
    `table{width:100%;border-collapse:collapse;font-size:14px;margin:4px 0 8px}caption{text-align:left;font-weight:700;padding:4px 0}`,
    `th,td{padding:5px 8px 5px 0;border-top:1px solid var(--rule);vertical-align:top}th{color:var(--muted);font-weight:600;text-align:left;border-top:0}`,
    `td.num,th.num{text-align:right;white-space:nowrap}td:last-child,th:last-child{padding-right:0}`,
    `ul{padding-left:20px;margin:4px 0}li{margin:0 0 4px}.missing{color:var(--muted);font-style:italic}`,
    `dl{margin:0}dt{font-weight:700;margin-top:10px}dd{margin:2px 0 0}`,
    `footer{color:var(--muted);font-size:13px;padding:8px 16px}`,
    `${phone}{main{padding:0 0 24px}.card{border-radius:0}` +
      `table.data thead{display:none}table.data,table.data tbody,table.data tr{display:block;width:100%}` +
      `table.data tr{border-top:1px solid var(--rule);padding:4px 0}table.data td{display:inline-block;border:0;padding:0 14px 0 0;text-align:left}` +
      `table.data td:first-child{display:block;font-weight:600}table.data td+td::before{content:attr(data-label) ' ';color:var(--muted)}}`,
  ].join('\n');
