import { CADENCES, type Cadence } from '../../calendar/period-types.js';
import { escapeHtml } from '../escape-html.js';
import { pageStyle } from './page-styles.js';

/** What the archive index says of one pack: written beside its web page as `page.json`. */
export interface PackPageEntry {
  readonly cadence: Cadence;
  readonly periodId: string;
  /** `Week 47 · 16–22 Nov 2026`. */
  readonly periodLabel: string;
  /** The headline's short form: `Revenue $412k (+12% WoW) · 61% of Q4 goal`. */
  readonly summary: string;
  /** The on-track verdict: `Behind: revenue is at 50% of the Q4 FY2026 goal with 73% of the period gone.` */
  readonly verdict: string;
  /** The config's `reporting.lang` when the pack was rendered. */
  readonly lang: string;
  /** Set when the pack's days were not all ingested. */
  readonly banner?: string;
}

const CADENCE_TITLES: Readonly<Record<Cadence, string>> = { weekly: 'Weekly packs', monthly: 'Monthly packs', quarterly: 'Quarterly packs' };

/** Period ids sort by time within a cadence (`2026-W09` < `2026-W10`, `2026-09` < `2026-10`). */
const newestFirst = (a: PackPageEntry, b: PackPageEntry) => b.periodId.localeCompare(a.periodId);

const row = (entry: PackPageEntry): string => {
  const folder = `${entry.cadence}/${entry.periodId}/`;
  return (
    `<tr><td><a href="${escapeHtml(`${folder}index.html`)}">${escapeHtml(entry.periodLabel)}</a></td>` +
    `<td>${escapeHtml(entry.summary)}<br><span class="muted">${escapeHtml(entry.verdict)}</span>${entry.banner ? `<br><span class="bad">${escapeHtml(entry.banner)}</span>` : ''}</td>` +
    `<td class="num"><a href="${escapeHtml(`${folder}metrics.csv`)}">CSV</a></td></tr>`
  );
};

/**
 * The archive's front page (`index.html` at the reports root): every pack by cadence, newest
 * first, each linking to its web page and its CSV.
 */
export const renderArchiveIndex = (entries: readonly PackPageEntry[], unreadable: readonly string[] = []): string => {
  const lang = [...entries].sort(newestFirst)[0]?.lang ?? 'en';
  const groups = CADENCES.map((cadence) => {
    const packs = entries.filter((entry) => entry.cadence === cadence).sort(newestFirst);
    const body =
      packs.length === 0
        ? '<p class="muted">No packs yet.</p>'
        : `<table class="data"><thead><tr><th scope="col">Period</th><th scope="col">Headline</th><th scope="col" class="num">Data</th></tr></thead><tbody>${packs.map(row).join('')}</tbody></table>`;
    return `<section class="card" id="${cadence}"><h2>${CADENCE_TITLES[cadence]}</h2>${body}</section>`;
  });
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="color-scheme" content="light dark"><title>Funnel review packs</title><style>${pageStyle('')}</style></head>` +
    `<body><main><header class="card"><p class="label">FUNNEL REVIEW</p><h1>Every pack</h1>` +
    `<p class="muted">${entries.length} packs: ${CADENCES.map((cadence) => `<a href="#${cadence}">${cadence}</a>`).join(' · ')}.</p></header>` +
    groups.join('') +
    (unreadable.length > 0
      ? `<section class="card"><h2>Not listed</h2><ul>${unreadable.map((problem) => `<li class="bad">${escapeHtml(problem)}</li>`).join('')}</ul></section>`
      : '') +
    `</main></body></html>\n`
  );
};
