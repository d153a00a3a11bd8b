import type { Cadence } from '../calendar/period-types.js';
import type { ObjectStore } from '../ports/object-store.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';

/**
 * The pack's web page, archived as `<cadence>/<period>/index.html` in the reports store (by the
 * archive step) and served under a base URL: the stack's web construct in AWS
 * (PACK_WEB_BASE_URL), the reports folder locally. Slack messages and anything else that links
 * the page take the link from here.
 */
export const PACK_PAGE_FILE = 'index.html';

export const packPageKey = (cadence: Cadence, periodId: string): string => `${REPORT_KEYS.packPrefix(cadence, periodId)}${PACK_PAGE_FILE}`;

export const packPageUrl = (baseUrl: string, cadence: Cadence, periodId: string): string =>
  `${baseUrl.replace(/\/+$/, '')}/${packPageKey(cadence, periodId)}`;

/** The page's URL when a base URL is known and the page is in the archive; otherwise undefined. */
export const existingPackPageUrl = async (
  store: ObjectStore,
  baseUrl: string | undefined,
  cadence: Cadence,
  periodId: string,
): Promise<string | undefined> => {
  if (baseUrl === undefined) return undefined;
  const key = packPageKey(cadence, periodId);
  const found = await store.list(key);
  return found.some((object) => object.key === key) ? packPageUrl(baseUrl, cadence, periodId) : undefined;
};
