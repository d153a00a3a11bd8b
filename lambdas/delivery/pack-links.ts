import type { Cadence } from '../calendar/period-types.js';
import { packPageKey } from '../pack-pages/page-keys.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { PackLinker } from '../ports/pack-links.js';

export { packPageKey } from '../pack-pages/page-keys.js';

/**
 * The link to a pack's web page (`<cadence>/<period>/index.html`, archived with the pack), for
 * Slack messages and anything else that links the page: a `file://` URL locally, a signed link
 * that only the teams' readers can open in AWS (see docs/pack-pages.md). Undefined when the
 * runtime has no linker or the page is not in the archive.
 */
export const existingPackPageUrl = async (store: ObjectStore, linker: PackLinker | undefined, cadence: Cadence, periodId: string): Promise<string | undefined> => {
  if (linker === undefined) return undefined;
  const key = packPageKey(cadence, periodId);
  const found = await store.list(key);
  return found.some((object) => object.key === key) ? (await linker.linksFor(cadence, periodId)).page : undefined;
};
