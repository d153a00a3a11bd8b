/**
 * Screenshots of the archived packs as a phone and a desktop mail client would show them, light
 * and dark, with the same measurements the browser tests assert.
 *
 *   npm run preview                      the latest pack of each cadence under .funnel-review/reports
 *   npm run preview -- path/to/reports   the latest packs of another archive
 *
 * Writes <cadence>-email|page-<375|600>-<light|dark>.png into .funnel-review/preview/ and prints each
 * one's height, the size of each team's HTML as sent, and anything the checks found.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import { CADENCES, type Cadence } from '../lambdas/calendar/period-types.js';
import { ARCHIVE_FILES } from '../lambdas/delivery/pack-archive.js';
import { packFileKey, packPageKey } from '../lambdas/pack-pages/page-keys.js';
import { GMAIL_CLIP_BYTES } from '../lambdas/render/render-pack.js';
import { COLOR_SCHEME_NAMES, EMAIL_HEIGHT_TARGETS, inspectPage, launchChromium, screenshotName, VIEWPORT_WIDTHS, type PageReport } from './pack-screens.js';

const DATA_DIR = path.join(process.cwd(), '.funnel-review');
const OUT_DIR = path.join(DATA_DIR, 'preview');

/** The most recent period with a web page, per cadence (period ids sort by time). */
const latestPeriods = (root: string): { cadence: Cadence; periodId: string }[] =>
  CADENCES.flatMap((cadence) => {
    const dir = path.join(root, cadence);
    if (!existsSync(dir)) return [];
    const latest = readdirSync(dir)
      .filter((period) => existsSync(path.join(root, ...packPageKey(cadence, period).split('/'))))
      .sort()
      .at(-1);
    return latest === undefined ? [] : [{ cadence, periodId: latest }];
  });

/** Bytes of each team's HTML part as sent (the archived `.eml`), CID links kept. */
const sentHtmlBytes = async (root: string, cadence: Cadence, periodId: string): Promise<string[]> => {
  const folder = path.join(root, cadence, periodId);
  const teams = readdirSync(folder).filter((file) => file.endsWith('.eml'));
  return Promise.all(
    teams.map(async (file) => {
      const message = await simpleParser(await readFile(path.join(folder, file)), { keepCidLinks: true });
      const bytes = Buffer.byteLength(typeof message.html === 'string' ? message.html : '', 'utf8');
      return `${file.replace(/\.eml$/, '')} ${bytes.toLocaleString('en-US')} B${bytes >= GMAIL_CLIP_BYTES ? ' (over Gmail’s 102 KB)' : ''}`;
    }),
  );
};

const problems = (report: PageReport, cadence: Cadence, document: 'email' | 'page', width: number): string[] => [
  ...report.overflowing.map((entry) => `wider than the screen: ${entry}`),
  ...report.brokenWords.map((entry) => `word broken: ${entry}`),
  ...report.brokenImages.map((entry) => `image missing: ${entry}`),
  ...report.smallChartText.map((entry) => `chart text too small: ${entry}`),
  ...(document === 'email' && width === 600 && report.height > EMAIL_HEIGHT_TARGETS[cadence] ? [`taller than ${EMAIL_HEIGHT_TARGETS[cadence]} px`] : []),
];

const main = async () => {
  const root = path.resolve(process.argv[2] ?? path.join(DATA_DIR, 'reports'));
  const packs = latestPeriods(root);
  if (packs.length === 0) {
    console.error(`No pack web pages under ${root}. Run \`npm start\` first, or pass the path of a reports folder.`);
    process.exit(1);
  }
  await mkdir(OUT_DIR, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const { cadence, periodId } of packs) {
      console.log(`${cadence} ${periodId}: HTML as sent ${(await sentHtmlBytes(root, cadence, periodId)).join(', ')}`);
      const documents = { email: packFileKey(cadence, periodId, ARCHIVE_FILES.html), page: packPageKey(cadence, periodId) } as const;
      for (const [document, key] of Object.entries(documents) as ['email' | 'page', string][]) {
        for (const width of VIEWPORT_WIDTHS) {
          for (const scheme of COLOR_SCHEME_NAMES) {
            const file = path.join(OUT_DIR, screenshotName(cadence, document, width, scheme));
            const report = await inspectPage(browser, pathToFileURL(path.join(root, ...key.split('/'))).href, width, scheme, file);
            const found = problems(report, cadence, document, width);
            console.log(`  ${path.relative(process.cwd(), file).padEnd(52)} ${String(report.height).padStart(6)} px${found.length > 0 ? `  ${found.join('; ')}` : ''}`);
            if (found.length > 0) process.exitCode = 1;
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
};

await main();
