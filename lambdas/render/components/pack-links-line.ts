import { pageAnchor, type PackLinks } from '../../ports/pack-links.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { CLASS } from './email-styles.js';

/** The links every pack carries: its web page, its CSV, the glossary, the archive. */
export const PACK_LINK_LABELS = { page: 'Full pack', csv: 'Metrics CSV', glossary: 'Glossary', archive: 'All packs' } as const;

export const packLinkTargets = (links: PackLinks): readonly { readonly label: string; readonly href: string }[] => [
  { label: PACK_LINK_LABELS.page, href: links.page },
  { label: PACK_LINK_LABELS.csv, href: links.csv },
  { label: PACK_LINK_LABELS.glossary, href: pageAnchor(links, 'glossary') },
  { label: PACK_LINK_LABELS.archive, href: links.archive },
];

/** One line of links, wrapping between links (never inside one) on a narrow screen. */
export const packLinksLine = (links: PackLinks): string =>
  `<p style="margin:6px 0 0;font-size:14px;font-weight:600">${packLinkTargets(links)
    .map(({ label, href }) => `<a class="${CLASS.link}" href="${escapeHtml(href)}" style="color:${THEME.link};text-decoration:none;white-space:nowrap">${escapeHtml(label)} →</a>`)
    .join('&nbsp;&nbsp; ')}</p>`;
