import type { KpiTile, Pack } from '../pack/pack-types.js';
import { chartSpec } from './chart-specs.js';
import { renderChartPng } from './chart-renderer.js';
import { CHART_VARIANTS, variantName } from './charts/chart-layouts.js';
import { sparklineSpec } from './charts/sparkline-spec.js';
import { sparklineAlt, sparklineName } from './components/kpi-tiles.js';
import { SCHEMES } from './email-theme.js';

/** One image of the pack: a chart variant or a tile's sparkline, referenced from the HTML as `cid:<cid>`. */
export interface RenderedChart {
  readonly cid: string;
  /** `funnel-narrow-dark.png`: archived as `charts/<filename>`. */
  readonly filename: string;
  readonly png: Uint8Array;
  readonly alt: string;
  /** CSS px the image is shown at (its PNG is drawn at twice that, for sharp screens). */
  readonly width: number;
  readonly height: number;
}

/** `funnel-dark` → `funnel-dark@funnel-review`. */
export const imageCid = (name: string): string => `${name}@funnel-review`;

/** The name an image is known by (`funnel-dark`, `spark-revenue`): its filename without `.png`. */
export const imageName = (chart: Pick<RenderedChart, 'filename'>): string => chart.filename.replace(/\.png$/, '');

const PERIOD_WORDS = { weekly: 'weeks', monthly: 'months', quarterly: 'quarters' } as const;
export const periodsWord = (pack: Pack): string => PERIOD_WORDS[pack.cadence];

/** Every tile with a sparkline of two points or more, once per metric (a metric's tile may appear twice). */
const sparklineTiles = (pack: Pack): KpiTile[] => {
  const sections = [...pack.agenda, ...pack.shared, pack.freshness];
  const tiles = [...pack.headline.tiles, ...sections.flatMap((section) => section.blocks.flatMap((block) => (block.kind === 'kpis' ? block.tiles : [])))];
  const seen = new Set<string>();
  return tiles.filter((tile) => {
    if ((tile.sparkline?.length ?? 0) < 2 || seen.has(tile.metricId)) return false;
    seen.add(tile.metricId);
    return true;
  });
};

/**
 * Draws the pack's images once; pass the result to every renderPack call of the pack. Each chart
 * in four variants (wide and narrow, light and dark), each sparkline once on a transparent ground.
 */
export async function renderCharts(pack: Pack): Promise<RenderedChart[]> {
  const images: RenderedChart[] = [];
  const name = (image: string) => `${pack.cadence}/${pack.period.id}/${image}`;
  // One at a time: resvg-wasm is single-threaded, so parallel calls would only interleave.
  for (const chart of pack.charts) {
    for (const variant of CHART_VARIANTS) {
      const image = variantName(chart.id, variant);
      const drawn = await renderChartPng(chartSpec(chart, pack.currency, variant), name(image), SCHEMES[variant.scheme].chart.background);
      images.push({ cid: imageCid(image), filename: `${image}.png`, ...drawn, alt: chart.alt });
    }
  }
  for (const tile of sparklineTiles(pack)) {
    const image = sparklineName(tile.metricId);
    const drawn = await renderChartPng(sparklineSpec(tile.sparkline ?? []), name(image));
    images.push({ cid: imageCid(image), filename: `${image}.png`, ...drawn, alt: sparklineAlt(tile, periodsWord(pack)) });
  }
  return images;
}
