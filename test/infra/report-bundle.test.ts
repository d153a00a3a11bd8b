import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cadence } from '../../lambdas/calendar/period-types.js';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import * as sourceRenderer from '../../lambdas/render/render-pack.js';
import { lambdaBuildSettings, NEVER_CALLED_MODULES } from '../../lib/lambda-bundle.js';
import { PROJECT_ROOT } from '../../lib/pipeline-function.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from '../pack/fixtures/pack-config.js';

/**
 * The Lambda bundle resolves modules that are loaded but never called to an empty module
 * (NEVER_CALLED_MODULES). These tests render packs through the renderer bundled exactly that way
 * and compare them with the renderer run from source: byte for byte the same HTML and text.
 */
let dir: string;
let bundled: typeof sourceRenderer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'render-bundle-'));
  const outfile = join(dir, 'render-pack.mjs');
  await build({
    ...lambdaBuildSettings(),
    entryPoints: [join(PROJECT_ROOT, 'lambdas/render/render-pack.ts')],
    outfile,
    logLevel: 'warning',
  });
  bundled = (await import(pathToFileURL(outfile).href)) as typeof sourceRenderer;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the renderer as bundled for Lambda', () => {
  it('expect the stubbed modules to be the minifier chain, undici, the encoding sniffer and the beautifier', () => {
    expect([...NEVER_CALLED_MODULES]).toEqual(['htmlnano', 'cssnano-preset-lite', 'undici', 'encoding-sniffer', 'js-beautify']);
  });

  it.each<[Cadence, string | undefined]>([
    ['weekly', undefined],
    ['monthly', 'sales'],
    ['quarterly', 'marketing'],
  ])('expect the %s pack (team %s) to render the same HTML and text as from source', async (cadence, team) => {
    const config = packConfig();
    const pack = buildPack(sampleFunnelMetrics({ cadence }), config);
    // Charts are PNGs drawn by resvg from the bundle's asset folder; the HTML only references them.
    const charts = pack.charts.map((chart) => ({ cid: sourceRenderer.imageCid(chart.id), filename: `${chart.id}.png`, png: new Uint8Array([1]), alt: chart.alt, width: 560, height: 200 }));
    const options = { ...(team === undefined ? {} : { team }), charts };

    const fromSource = await sourceRenderer.renderPack(pack, config, options);
    const fromBundle = await bundled.renderPack(pack, config, options);

    expect(fromBundle.html.length).toBeGreaterThan(10_000);
    expect(fromBundle.html).toBe(fromSource.html);
    expect(fromBundle.text).toBe(fromSource.text);
  });
});
