import { readFile } from 'node:fs/promises';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { resolveRenderAssets } from './asset-paths.js';

/** Retina: PNGs are drawn at twice the size they are displayed at. */
export const CHART_SCALE = 2;

export class ChartRenderError extends Error {
  override readonly name = 'ChartRenderError';
}

interface RendererState {
  readonly fonts: Uint8Array[];
}

let ready: Promise<RendererState> | undefined;

/** Loads the wasm and the fonts once per process (a Lambda container keeps them warm). */
const renderer = (): Promise<RendererState> => {
  ready ??= (async () => {
    const assets = resolveRenderAssets();
    const [wasm, ...fonts] = await Promise.all([readFile(assets.wasm), ...assets.fonts.map((font) => readFile(font))]);
    await initWasm(wasm!);
    return { fonts: fonts.map((font) => new Uint8Array(font)) };
  })();
  ready.catch(() => {
    // Let a later call retry instead of caching the failure.
    ready = undefined;
  });
  return ready;
};

/**
 * Vega-Lite → Vega → SVG (headless, no canvas) → PNG with the bundled Inter fonts; no system fonts
 * exist in Lambda. Without a background the PNG is transparent.
 */
export interface ChartImage {
  readonly png: Uint8Array;
  /** CSS px the image is drawn for (the PNG has CHART_SCALE times as many pixels). */
  readonly width: number;
  readonly height: number;
}

export const renderChartPng = async (spec: TopLevelSpec, name: string, background?: string): Promise<ChartImage> => {
  const { fonts } = await renderer();
  let svg: string;
  try {
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
    svg = await view.toSVG();
    view.finalize();
  } catch (error) {
    throw new ChartRenderError(`chart "${name}": Vega could not draw the spec: ${(error as Error).message}`, { cause: error });
  }
  const resvg = new Resvg(svg, {
    font: { fontBuffers: fonts, defaultFontFamily: 'Inter', sansSerifFamily: 'Inter' },
    fitTo: { mode: 'zoom', value: CHART_SCALE },
    ...(background === undefined ? {} : { background }),
  });
  try {
    const image = resvg.render();
    const result = { png: image.asPng(), width: image.width / CHART_SCALE, height: image.height / CHART_SCALE };
    image.free();
    return result;
  } finally {
    resvg.free();
  }
};
