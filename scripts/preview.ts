/**
 * Screenshots archived review packs as a phone and a desktop mail client would show them.
 *
 *   npm run preview                         the latest pack of each cadence under .funnel-review/reports
 *   npm run preview -- path/to/email.html   specific packs
 *
 * Writes email-600.png and email-375.png next to each email.html. Inline `cid:` images are
 * pointed at the archived charts/*.png for the screenshot only; the archived HTML is not changed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const WIDTHS = [600, 375] as const;
const DEFAULT_ROOT = path.join(process.cwd(), '.funnel-review', 'reports');
const CADENCES = ['weekly', 'monthly', 'quarterly'];

/** The most recent period folder holding an email.html, per cadence (period ids sort by time). */
const latestPacks = (root: string): string[] =>
  CADENCES.flatMap((cadence) => {
    const dir = path.join(root, cadence);
    if (!existsSync(dir)) return [];
    const periods = readdirSync(dir)
      .filter((name) => existsSync(path.join(dir, name, 'email.html')))
      .sort();
    const latest = periods.at(-1);
    return latest ? [path.join(dir, latest, 'email.html')] : [];
  });

/** `cid:funnel@funnel-review` → `charts/funnel.png` next to the email, as the archive stores it. */
const withLocalCharts = (html: string, emailFile: string): string =>
  html.replace(/src="cid:([^"@]+)(?:@[^"]*)?"/g, (_match, id: string) => `src="${pathToFileURL(path.join(path.dirname(emailFile), 'charts', `${id}.png`)).href}"`);

const main = async () => {
  if (!existsSync(CHROMIUM)) {
    console.error('install chromium: apt-get install -y chromium');
    process.exit(1);
  }
  const files = process.argv.slice(2).length > 0 ? process.argv.slice(2).map((file) => path.resolve(file)) : latestPacks(DEFAULT_ROOT);
  if (files.length === 0) {
    console.error(`No email.html found under ${DEFAULT_ROOT}. Run \`npm start\` first, or pass paths to email.html files.`);
    process.exit(1);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    for (const file of files) {
      if (!existsSync(file) || !statSync(file).isFile()) {
        console.error(`Not a file: ${file}`);
        process.exitCode = 1;
        continue;
      }
      const html = withLocalCharts(readFileSync(file, 'utf8'), file);
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 800 }, deviceScaleFactor: 1 });
        // Loaded from the email's own file URL so that the file:// chart paths resolve.
        await page.goto(pathToFileURL(file).href);
        await page.setContent(html, { waitUntil: 'load' });
        const out = path.join(path.dirname(file), `email-${width}.png`);
        await page.screenshot({ path: out, fullPage: true });
        await page.close();
        console.log(out);
      }
    }
  } finally {
    await browser.close();
  }
};

await main();
