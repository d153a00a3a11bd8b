import { CADENCES, type Cadence } from '../calendar/period-types.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';

/**
 * Where the browsable archive lives in the reports store: each pack's web page beside its other
 * files, and the archive index at the root. One table for the archive writer, the links and the
 * pages' server.
 */
export const PAGE_FILES = {
  page: 'index.html',
  /** What the archive index says of the pack. */
  entry: 'page.json',
} as const;

/** The archive index, at the root of the reports store. */
export const ARCHIVE_INDEX_KEY = 'index.html';

/** The key of a pack's web page: `weekly/2026-W47/index.html` (what an email or a Slack message links to). */
export const packPageKey = (cadence: Cadence, periodId: string): string => REPORT_KEYS.packPrefix(cadence, periodId) + PAGE_FILES.page;

/** The key of another file of the pack: `weekly/2026-W47/metrics.csv`. */
export const packFileKey = (cadence: Cadence, periodId: string, file: string): string => REPORT_KEYS.packPrefix(cadence, periodId) + file;

/** The open endpoint a link leads to, `/open?to=<path>` (a CloudFront behaviour in AWS). */
export const OPEN_PATH = '/open';
export const OPEN_TARGET_PARAM = 'to';

/** Shared files of the pages (fonts), at the reports root. */
export const ASSETS_PREFIX = 'assets/';

/**
 * What the pages' server may read from the reports store: the archive index, the shared assets
 * and the packs' folders. Everything else (delivery records, run claims, test sends) is not for
 * readers, nor are the sent messages inside the packs' folders (`*.eml`: they list recipients).
 */
export const SERVED_KEYS = [ARCHIVE_INDEX_KEY, `${ASSETS_PREFIX}*`, ...CADENCES.map((cadence) => `${cadence}/*`)] as const;
export const UNSERVED_KEYS_IN_PACKS = ['*.eml'] as const;
