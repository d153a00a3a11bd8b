import { readFile } from 'node:fs/promises';
import { CADENCES } from '../calendar/period-types.js';
import type { RenderedParts } from '../pipeline/pack-producer.js';
import type { ObjectStore } from '../ports/object-store.js';
import { resolveRenderAssets } from '../render/asset-paths.js';
import { renderArchiveIndex, type PackPageEntry } from '../render/web/archive-index.js';
import { fontFaces, FONT_FILES } from '../render/web/page-styles.js';
import { ARCHIVE_INDEX_KEY, ASSETS_PREFIX, PAGE_FILES } from '../pack-pages/page-keys.js';

/**
 * The browsable side of the archive: each pack's web page beside its files, the archived copy of
 * the email with its images resolved, and the archive index of every pack at the reports root
 * (with the fonts the pages share). `archivePack` writes these with the rest of the pack.
 */

export interface ArchiveWrite {
  readonly key: string;
  readonly body: Uint8Array | string;
  readonly contentType: string;
}

/**
 * The email as archived: the same HTML, its `cid:` images pointed at the archived `charts/` files
 * and Inter loaded from the archive, so `email.html` opens with its charts in a browser. The
 * message that is sent keeps its CID images.
 */
export const archivedEmailHtml = (parts: Pick<RenderedParts, 'html' | 'charts'>): string => {
  const files = new Map(parts.charts.map((chart) => [chart.cid, chart.filename]));
  const html = parts.html.replace(/src="cid:([^"]+)"/g, (match, cid: string) => {
    const file = files.get(cid);
    return file === undefined ? match : `src="charts/${file}"`;
  });
  return html.replace('</head>', `<style>${fontFaces('../../')}</style></head>`);
};

/** The web page and its index entry, for the pack's folder; none when the rendering has no page. */
export const pageWrites = (prefix: string, neutral: RenderedParts, banner: string | undefined): ArchiveWrite[] => {
  if (neutral.page === undefined) return [];
  const entry: PackPageEntry = { ...neutral.page.entry, ...(banner === undefined ? {} : { banner }) };
  return [
    { key: prefix + PAGE_FILES.page, body: neutral.page.html, contentType: 'text/html; charset=utf-8' },
    { key: prefix + PAGE_FILES.entry, body: `${JSON.stringify(entry, null, 2)}\n`, contentType: 'application/json' },
  ];
};

/** An entry the index could not read: it says so on the index rather than failing the pack's run. */
const readEntry = async (store: ObjectStore, key: string): Promise<PackPageEntry | string> => {
  const body = await store.get(key);
  if (body === undefined) return `${key} was listed but could not be read`;
  try {
    return JSON.parse(Buffer.from(body).toString('utf8')) as PackPageEntry;
  } catch (error) {
    return `${key} is not valid JSON: ${(error as Error).message}`;
  }
};

/** The fonts the pages load, copied once to `assets/fonts/` in the reports store. */
const publishFonts = async (store: ObjectStore): Promise<void> => {
  const present = new Set((await store.list(`${ASSETS_PREFIX}fonts/`)).map((object) => object.key));
  const sources = resolveRenderAssets().fonts;
  await Promise.all(
    FONT_FILES.map(async (file, index) => {
      const key = ASSETS_PREFIX + file;
      const source = sources[index];
      if (present.has(key) || source === undefined) return;
      await store.put(key, await readFile(source), { contentType: 'font/ttf' });
    }),
  );
};

/**
 * Rebuilds the archive index from every pack's `page.json`, so it always lists what the archive
 * holds (a pack archived by a concurrent run appears at the next rebuild at the latest). An entry
 * that cannot be read is named on the index and returned; it never fails the run that sends a pack.
 */
export const publishArchiveIndex = async (store: ObjectStore): Promise<{ readonly key: string; readonly unreadable: readonly string[] }> => {
  const keys = (await Promise.all(CADENCES.map((cadence) => store.list(`${cadence}/`))))
    .flat()
    .map((object) => object.key)
    .filter((key) => key.endsWith(`/${PAGE_FILES.entry}`));
  const read = await Promise.all(keys.map((key) => readEntry(store, key)));
  const entries = read.filter((entry): entry is PackPageEntry => typeof entry !== 'string');
  const unreadable = read.filter((entry): entry is string => typeof entry === 'string');
  await publishFonts(store);
  await store.put(ARCHIVE_INDEX_KEY, renderArchiveIndex(entries, unreadable), { contentType: 'text/html; charset=utf-8' });
  return { key: ARCHIVE_INDEX_KEY, unreadable };
};
