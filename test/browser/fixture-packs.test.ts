import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GMAIL_CLIP_BYTES } from '../../lambdas/render/render-pack.js';
import { COLOR_SCHEME_NAMES, EMAIL_HEIGHT_TARGETS, inspectPage, launchChromium, VIEWPORT_WIDTHS } from '../../scripts/pack-screens.js';
import { CADENCES, renderFixturePack } from '../render/render-fixtures.js';
import { archiveFixturePacks, expectReadable, type ArchivedFixture } from './browser-fixtures.js';

/**
 * Each cadence's email and web page in Chromium at a phone's 375 px and the email's 600 px, light
 * and dark, from packs with everything the pack model can fill: five headline tiles with
 * sparklines, a long lead sentence in every section.
 */
let browser: Browser;
let archive: Awaited<ReturnType<typeof archiveFixturePacks>>;

beforeAll(async () => {
  archive = await archiveFixturePacks(CADENCES.map((cadence) => renderFixturePack({ cadence, headlineTiles: 5 })));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const views = VIEWPORT_WIDTHS.flatMap((width) => COLOR_SCHEME_NAMES.map((scheme) => [width, scheme] as const));
/** `funnel-narrow-dark.png` at 375 px in dark mode, `funnel.png` at 600 px in light mode. */
const chartFile = (id: string, width: number, scheme: string) => `${id}${width < 480 ? '-narrow' : ''}${scheme === 'dark' ? '-dark' : ''}.png`;
const fixture = (cadence: string): ArchivedFixture => archive.packs.find((entry) => entry.cadence === cadence)!;

describe.each(CADENCES)('the %s pack in Chromium', (cadence) => {
  it.each(views)('email at %i px, %s: no sideways scroll, whole words, every image, legible charts', async (width, scheme) => {
    const report = await inspectPage(browser, fixture(cadence).emailUrl, width, scheme);

    expectReadable(report);
    // One variant of each of the three charts (trend, funnel, attribution): narrow on a phone, dark in dark mode.
    expect(report.chartsShown).toEqual(['trend', 'funnel', 'attribution'].map((id) => chartFile(id, width, scheme)));
    if (width === 600) expect(report.height).toBeLessThanOrEqual(EMAIL_HEIGHT_TARGETS[cadence]);
  });

  it.each(views)('web page at %i px, %s: no sideways scroll, whole words, every image, legible charts', async (width, scheme) => {
    const report = await inspectPage(browser, fixture(cadence).pageUrl, width, scheme);

    expectReadable(report);
    expect(report.chartsShown).toEqual(['trend', 'funnel', 'attribution'].map((id) => chartFile(id, width, scheme)));
  });

  it('sends an email HTML under Gmail’s clipping limit', () => {
    expect(fixture(cadence).emailBytes).toBeLessThan(GMAIL_CLIP_BYTES);
  });
});

describe('the archive index in Chromium', () => {
  it.each(views)('at %i px, %s: no sideways scroll, whole words', async (width, scheme) => {
    const report = await inspectPage(browser, archive.indexUrl, width, scheme);

    expect(report.overflowing).toEqual([]);
    expect(report.brokenWords).toEqual([]);
    expect(report.brokenImages).toEqual([]);
  });
});

describe('the page checks', () => {
  it('catch what the old layout did: a squeezed word, a too-wide table, a missing image, shrunken chart text', async () => {
    const chart = (await readdir(join(archive.root, 'weekly', '2026-W47', 'charts'))).find((file) => file === 'funnel.png')!;
    const page = join(archive.root, 'weekly', '2026-W47', 'bad.html');
    await writeFile(
      page,
      '<!doctype html><html><body style="margin:0;font:14px sans-serif">' +
        // MJML's cells break words anywhere: a column narrower than "Opportunity".
        '<table style="width:120px;word-break:break-word"><tr><td>Opportunity</td><td>1,234,567,890</td><td>1,234,567,890</td></tr></table>' +
        '<div style="width:500px">A row wider than a phone</div>' +
        '<img src="charts/missing.png" alt="">' +
        // The 560 px desktop funnel chart squeezed into 200 px: its 11 px labels show at 11 × 200 ÷ 560 = 3.9 px.
        `<img src="charts/${chart}" style="width:200px" alt="">` +
        '</body></html>',
    );

    const report = await inspectPage(browser, pathToFileURL(page).href, 375, 'light');

    expect(report.brokenWords.some((word) => word.startsWith('"Opportunity"'))).toBe(true);
    expect(report.overflowing.some((element) => element.includes('A row wider than a phone'))).toBe(true);
    expect(report.brokenImages).toEqual([pathToFileURL(join(archive.root, 'weekly', '2026-W47', 'charts', 'missing.png')).href]);
    expect(report.smallChartText).toEqual(['funnel.png: 3.9 px']);
  });
});
