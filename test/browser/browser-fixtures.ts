import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Cadence } from '../../lambdas/calendar/period-types.js';
import { FilePackLinker } from '../../lambdas/adapters/local/file-pack-links.js';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { archivePack } from '../../lambdas/delivery/pack-archive.js';
import { archivedEmailHtml } from '../../lambdas/delivery/pack-page-archive.js';
import type { Pack } from '../../lambdas/pack/pack-types.js';
import { packPageKey } from '../../lambdas/pack-pages/page-keys.js';
import { renderCharts, renderPack } from '../../lambdas/render/render-pack.js';
import { REPORT_KEYS } from '../../lambdas/schema/canonical-schema.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from '../pack/fixtures/pack-config.js';
import type { PageReport } from '../../scripts/pack-screens.js';

export interface ArchivedFixture {
  readonly cadence: Cadence;
  /** The marketing team's email as sent, its images pointed at the archived files. */
  readonly emailUrl: string;
  readonly emailBytes: number;
  readonly pageUrl: string;
}

/**
 * Renders packs and archives them in a folder as a report run would, so the browser opens them
 * from disk: the web page, the archive index, and the marketing team's email beside them.
 */
export const archiveFixturePacks = async (packs: readonly Pack[]): Promise<{ root: string; indexUrl: string; packs: ArchivedFixture[] }> => {
  const root = path.join(await mkdtemp(path.join(tmpdir(), 'browser-packs-')), 'reports');
  const store = new FolderObjectStore(root);
  const linker = new FilePackLinker(root);
  const config = packConfig();
  const archived: ArchivedFixture[] = [];
  for (const pack of packs) {
    const charts = await renderCharts(pack);
    const links = await linker.linksFor(pack.cadence, pack.period.id);
    const neutral = await renderPack(pack, config, { charts, links });
    const marketing = await renderPack(pack, config, { team: 'marketing', charts, links });
    const freshness = sampleFunnelMetrics({ cadence: pack.cadence }).freshness;
    await archivePack({ store, cadence: pack.cadence, periodId: pack.period.id, neutral, teams: [], freshness, now: new Date('2026-11-24T07:00:00Z') });
    const emailFile = path.join(root, REPORT_KEYS.packPrefix(pack.cadence, pack.period.id), 'marketing-email.html');
    await writeFile(emailFile, archivedEmailHtml(marketing));
    archived.push({
      cadence: pack.cadence,
      emailUrl: pathToFileURL(emailFile).href,
      emailBytes: Buffer.byteLength(marketing.html, 'utf8'),
      pageUrl: pathToFileURL(path.join(root, packPageKey(pack.cadence, pack.period.id))).href,
    });
  }
  return { root, indexUrl: pathToFileURL(path.join(root, 'index.html')).href, packs: archived };
};

/** What every page must be at every width: nothing wider than the screen, whole words, every image, legible charts. */
export const expectReadable = (report: PageReport): void => {
  expect(report.overflowing).toEqual([]);
  expect(report.brokenWords).toEqual([]);
  expect(report.brokenImages).toEqual([]);
  expect(report.smallChartText).toEqual([]);
};
