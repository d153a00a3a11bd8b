/**
 * Looking at packs in a real browser, for the browser tests and `npm run preview`: Chromium from
 * Debian's packages driven by playwright-core, each page measured for what a reader would notice
 * (sideways scrolling, words broken inside themselves, missing images, chart text too small to
 * read, an email too long to scan).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Cadence } from '../lambdas/calendar/period-types.js';
import { CHART_SCALE } from '../lambdas/render/chart-renderer.js';
import { CHART_LAYOUTS } from '../lambdas/render/charts/chart-layouts.js';
import type { ColorScheme } from '../lambdas/render/email-theme.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const VIEWPORT_WIDTHS = [375, 600] as const;
export const COLOR_SCHEME_NAMES: readonly ColorScheme[] = ['light', 'dark'];

/** An email at 600 px may be this tall at most: one or two screens a section, a scan in 30 seconds. */
export const EMAIL_HEIGHT_TARGETS: Readonly<Record<Cadence, number>> = { weekly: 3000, monthly: 4500, quarterly: 4500 };

/** Chart text no smaller than this, in CSS px as displayed. */
export const MIN_CHART_TEXT_PX = 11;

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
}

export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM_PATH)) throw new ChromiumMissingError(`${CHROMIUM_PATH} not found: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
};

export interface PageReport {
  readonly height: number;
  /** Elements reaching past the right edge of the viewport. */
  readonly overflowing: readonly string[];
  /** Words a line break split inside themselves (`Op|por|tun|ity`). */
  readonly brokenWords: readonly string[];
  /** Images that did not load. */
  readonly brokenImages: readonly string[];
  /** Charts whose smallest text shows below MIN_CHART_TEXT_PX, with the size it shows at. */
  readonly smallChartText: readonly string[];
  /** File names of the chart images on show (one variant of each chart). */
  readonly chartsShown: readonly string[];
}

/** The in-page measurements, a plain script so that no compiler rewrites what runs in the browser. */
const INSPECT_SCRIPT = fileURLToPath(new URL('./inspect-page.js', import.meta.url));

/** Opens `url` at a width and colour scheme, waits for its images, and measures it. */
export const inspectPage = async (browser: Browser, url: string, width: number, scheme: ColorScheme, screenshot?: string): Promise<PageReport> => {
  const page: Page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate('document.fonts.ready.then(() => true)');
    const minFont = { wide: CHART_LAYOUTS.wide.minFontSize, narrow: CHART_LAYOUTS.narrow.minFontSize };
    await page.addScriptTag({ path: INSPECT_SCRIPT });
    const report = (await page.evaluate(`window.inspectPackPage(${JSON.stringify({ scale: CHART_SCALE, minFont, minText: MIN_CHART_TEXT_PX })})`)) as PageReport;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return report;
  } finally {
    await page.close();
  }
};

/** `weekly-email-375-dark.png` */
export const screenshotName = (cadence: Cadence, document: 'email' | 'page', width: number, scheme: ColorScheme): string => `${cadence}-${document}-${width}-${scheme}.png`;
