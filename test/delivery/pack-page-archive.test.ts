import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { archivedEmailHtml, pageWrites, publishArchiveIndex } from '../../lambdas/delivery/pack-page-archive.js';
import type { RenderedParts } from '../../lambdas/pipeline/pack-producer.js';
import type { PackPageEntry } from '../../lambdas/render/web/archive-index.js';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
const chart = (name: string) => ({ cid: `${name}@funnel-review`, filename: `${name}.png`, png, alt: name });
const entry = (cadence: PackPageEntry['cadence'], periodId: string): PackPageEntry => ({ cadence, periodId, periodLabel: periodId, summary: 'Revenue $1', verdict: 'On track.', lang: 'en' });

const parts = (page?: PackPageEntry): RenderedParts => ({
  subject: 's',
  headline: 'h',
  html: '<html><head><title>t</title></head><body><img src="cid:funnel-narrow@funnel-review"><img src="cid:spark-revenue@funnel-review"><img src="cid:unknown@elsewhere"></body></html>',
  text: 't',
  csv: 'c',
  json: '{}',
  charts: [chart('funnel-narrow'), chart('spark-revenue')],
  ...(page ? { page: { html: '<!doctype html><p>page</p>', entry: page } } : {}),
});

describe('the browsable archive', () => {
  it('points the archived email’s CID images at the archived charts, leaving others as they are', () => {
    const html = archivedEmailHtml(parts());

    expect(html).toContain('<img src="charts/funnel-narrow.png"><img src="charts/spark-revenue.png"><img src="cid:unknown@elsewhere">');
    expect(html).toContain("<style>@font-face{font-family:Inter;font-style:normal;font-weight:400;font-display:swap;src:local('Inter'),url('../../assets/fonts/Inter_400Regular.ttf')");
  });

  it('writes the web page and its index entry, with the delivery’s data-gap banner', () => {
    const writes = pageWrites('weekly/2026-W10/', parts(entry('weekly', '2026-W10')), 'Data incomplete: 2026-03-04 missing');

    expect(writes.map((write) => [write.key, write.contentType])).toEqual([
      ['weekly/2026-W10/index.html', 'text/html; charset=utf-8'],
      ['weekly/2026-W10/page.json', 'application/json'],
    ]);
    expect(JSON.parse(String(writes[1]!.body))).toEqual({ ...entry('weekly', '2026-W10'), banner: 'Data incomplete: 2026-03-04 missing' });
    expect(pageWrites('weekly/2026-W10/', parts(), undefined)).toEqual([]);
  });

  it('rebuilds the index from every pack in the store, and copies the fonts once', async () => {
    const store = new FolderObjectStore(path.join(await mkdtemp(path.join(tmpdir(), 'archive-index-')), 'reports'));
    for (const [cadence, periodId] of [['weekly', '2026-W09'], ['weekly', '2026-W10'], ['quarterly', '2026-Q1']] as const) {
      for (const write of pageWrites(`${cadence}/${periodId}/`, parts(entry(cadence, periodId)), undefined)) await store.put(write.key, write.body);
    }
    await store.put('deliveries/weekly/2026-W10/sales.json', '{}');

    await publishArchiveIndex(store);
    const fonts = await store.list('assets/');
    await publishArchiveIndex(store);

    const index = Buffer.from((await store.get('index.html'))!).toString('utf8');
    expect(index.match(/href="[a-z]+\/[^/]+\/index\.html"/g)).toEqual(['href="weekly/2026-W10/index.html"', 'href="weekly/2026-W09/index.html"', 'href="quarterly/2026-Q1/index.html"']);
    expect(fonts.map((object) => object.key)).toEqual(['assets/fonts/Inter_400Regular.ttf', 'assets/fonts/Inter_700Bold.ttf']);
    expect(await store.list('assets/')).toEqual(fonts);
  });

  it('names an entry that is not JSON on the index, and still lists the others', async () => {
    const store = new FolderObjectStore(path.join(await mkdtemp(path.join(tmpdir(), 'archive-index-')), 'reports'));
    await store.put('monthly/2026-10/page.json', '{ not json');
    for (const write of pageWrites('monthly/2026-11/', parts(entry('monthly', '2026-11')), undefined)) await store.put(write.key, write.body);

    const { unreadable } = await publishArchiveIndex(store);

    expect(unreadable).toEqual([expect.stringMatching(/^monthly\/2026-10\/page\.json is not valid JSON: /)]);
    const index = Buffer.from((await store.get('index.html'))!).toString('utf8');
    expect(index).toContain('href="monthly/2026-11/index.html"');
    expect(index).toContain('<h2>Not listed</h2><ul><li class="bad">monthly/2026-10/page.json is not valid JSON: ');
  });
});
