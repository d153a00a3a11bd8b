import { simpleParser } from 'mailparser';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../lambdas/adapters/local/duckdb-query-engine.js';
import { FilePackLinker } from '../../lambdas/adapters/local/file-pack-links.js';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { OutboxMailer } from '../../lambdas/adapters/local/outbox-mailer.js';
import type { Cadence } from '../../lambdas/calendar/period-types.js';
import { sampleConfig } from '../../lambdas/config/sample-config.js';
import { packPageKey } from '../../lambdas/pack-pages/page-keys.js';
import { runIngestRequest } from '../../lambdas/pipeline/ingest-request.js';
import { runReportRequest, type ReportOutcome } from '../../lambdas/pipeline/report-request.js';
import { fixedClock } from '../../lambdas/ports/clock.js';
import { GMAIL_CLIP_BYTES } from '../../lambdas/render/render-pack.js';
import { generateSample } from '../../lambdas/sample/generate-sample.js';
import { COLOR_SCHEME_NAMES, EMAIL_HEIGHT_TARGETS, inspectPage, launchChromium, VIEWPORT_WIDTHS } from '../../scripts/pack-screens.js';
import { RecordingLogger, RecordingMetrics, RecordingNotifier } from '../pipeline/report-fixtures.js';
import { expectReadable } from './browser-fixtures.js';

/**
 * The packs the local pipeline makes, in Chromium: four months of sample exports (a new
 * deployment, so the packs also say what history they lack) → ingest → DuckDB → the three packs,
 * archived as a run archives them, opened from disk.
 */
const CADENCES: readonly Cadence[] = ['weekly', 'monthly', 'quarterly'];
let browser: Browser;
let reports: string;
const outcomes = new Map<Cadence, ReportOutcome>();

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'browser-pipeline-'));
  reports = join(dir, 'reports');
  const landing = new FolderObjectStore(join(dir, 'landing'));
  await generateSample({ seed: 7, from: '2026-06-01', to: '2026-10-04', scale: 0.1 }, (key, content) => landing.put(key, content));
  const engine = await DuckDbQueryEngine.open({ lakeDir: join(dir, 'lake') });
  try {
    const deps = {
      config: sampleConfig(),
      landing,
      lake: new FolderObjectStore(join(dir, 'lake')),
      reports: new FolderObjectStore(reports),
      engine,
      mailer: new OutboxMailer(join(dir, 'outbox')),
      clock: fixedClock('2026-10-05T12:00:00Z'),
      logger: new RecordingLogger(),
      notifier: new RecordingNotifier(),
      metrics: new RecordingMetrics(),
      packLinks: new FilePackLinker(reports),
    };
    await runIngestRequest({ from: '2026-06-01', to: '2026-10-04' }, deps);
    for (const cadence of CADENCES) outcomes.set(cadence, await runReportRequest({ cadence }, deps));
  } finally {
    await engine.close();
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const views = VIEWPORT_WIDTHS.flatMap((width) => COLOR_SCHEME_NAMES.map((scheme) => [width, scheme] as const));
const fileUrl = (key: string) => pathToFileURL(join(reports, ...key.split('/'))).href;

describe.each(CADENCES)('the local pipeline’s %s pack in Chromium', (cadence) => {
  it('was sent: the week, month and quarter before 2026-10-05', () => {
    expect([outcomes.get(cadence)?.period.id, outcomes.get(cadence)?.status]).toEqual([{ weekly: '2026-W40', monthly: '2026-09', quarterly: '2026-Q3' }[cadence], 'sent']);
  });

  it.each(views)('archived email at %i px, %s: no sideways scroll, whole words, every image, legible charts, short', async (width, scheme) => {
    const report = await inspectPage(browser, fileUrl(outcomes.get(cadence)!.htmlKey), width, scheme);

    expectReadable(report);
    expect(report.chartsShown.length).toBeGreaterThanOrEqual(2);
    if (width === 600) expect(report.height).toBeLessThanOrEqual(EMAIL_HEIGHT_TARGETS[cadence]);
  });

  it.each(views)('web page at %i px, %s: no sideways scroll, whole words, every image, legible charts', async (width, scheme) => {
    const outcome = outcomes.get(cadence)!;
    const report = await inspectPage(browser, fileUrl(packPageKey(cadence, outcome.period.id)), width, scheme);

    expectReadable(report);
  });

  it('sends each team an HTML part under Gmail’s clipping limit, its links pointing at the archived files', async () => {
    const outcome = outcomes.get(cadence)!;
    for (const team of ['marketing', 'sales']) {
      const message = await simpleParser(await readFile(join(reports, ...outcome.archivePrefix.split('/'), `${team}.eml`)), { keepCidLinks: true });
      const html = typeof message.html === 'string' ? message.html : '';

      expect(Buffer.byteLength(html, 'utf8')).toBeLessThan(GMAIL_CLIP_BYTES);
      expect(html).toContain(`href="${fileUrl(packPageKey(cadence, outcome.period.id))}#glossary"`);
    }
  });
});

describe('the local pipeline’s archive index', () => {
  it('lists the three packs, each linking to its web page', async () => {
    const index = await readFile(join(reports, 'index.html'), 'utf8');

    for (const [cadence, outcome] of outcomes) expect(index).toContain(`href="${packPageKey(cadence, outcome.period.id)}"`);
  });

  it.each(views)('at %i px, %s: no sideways scroll, whole words', async (width, scheme) => {
    const report = await inspectPage(browser, fileUrl('index.html'), width, scheme);

    expect(report.overflowing).toEqual([]);
    expect(report.brokenWords).toEqual([]);
  });
});
