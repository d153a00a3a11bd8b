import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRenderAssets } from '../../lambdas/render/asset-paths.js';

describe('resolveRenderAssets', () => {
  it('reads the wasm and fonts from FUNNEL_REVIEW_ASSET_DIR when set (the Lambda bundle layout)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assets-'));
    mkdirSync(path.join(dir, 'fonts'));
    for (const file of ['index_bg.wasm', 'fonts/Inter_400Regular.ttf', 'fonts/Inter_700Bold.ttf']) writeFileSync(path.join(dir, file), '');

    const assets = resolveRenderAssets({ FUNNEL_REVIEW_ASSET_DIR: dir });

    expect(assets).toEqual({ wasm: path.join(dir, 'index_bg.wasm'), fonts: [path.join(dir, 'fonts/Inter_400Regular.ttf'), path.join(dir, 'fonts/Inter_700Bold.ttf')] });
  });

  it('names the missing file and the variable when the asset dir is incomplete', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'assets-'));

    expect(() => resolveRenderAssets({ FUNNEL_REVIEW_ASSET_DIR: dir })).toThrow(`resvg wasm (FUNNEL_REVIEW_ASSET_DIR=${dir}) not found at ${path.join(dir, 'index_bg.wasm')}`);
  });

  it('falls back to the repo fonts and node_modules locally', () => {
    const assets = resolveRenderAssets({});

    expect(assets.wasm.endsWith(path.join('@resvg', 'resvg-wasm', 'index_bg.wasm'))).toBe(true);
    expect(assets.fonts.map((font) => path.relative(process.cwd(), font))).toEqual([path.join('assets', 'fonts', 'Inter_400Regular.ttf'), path.join('assets', 'fonts', 'Inter_700Bold.ttf')]);
  });
});
