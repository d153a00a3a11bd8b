import type { Cadence } from '../calendar/period-types.js';

/**
 * Where a reader opens a pack's web page, its CSV and the archive: `file://` URLs locally, links
 * only the teams' readers can open in AWS (see docs/pack-pages.md). The email, the plain-text
 * part and a Slack message print them.
 */
export interface PackLinks {
  /** The pack's web page (`<cadence>/<period>/index.html`); `#glossary`, `#g-<metric id>` and `#<section id>` point into it. */
  readonly page: string;
  readonly csv: string;
  /** The archive index of every pack. */
  readonly archive: string;
}

export interface PackLinker {
  linksFor(cadence: Cadence, periodId: string): Promise<PackLinks>;
}

/** A place on the pack's web page: the glossary, one metric's definition, a section. */
export const pageAnchor = (links: PackLinks, anchor: string): string => `${links.page}#${anchor}`;

/** The web page's anchor for a glossary entry. */
export const glossaryAnchor = (id: string): string => `g-${id}`;
