import type { ColorScheme } from '../email-theme.js';

/**
 * Every chart is drawn twice for width and twice for colour scheme. Each is drawn for the width
 * it is shown at, so its text is as large on a phone as on a desktop (a desktop chart scaled down
 * to a phone would shrink 11 px labels to about 7 px).
 */
export type ChartLayout = 'wide' | 'narrow';

export interface ChartLayoutSpec {
  /** CSS px the image is shown at: the email's content width, or a 375 px phone's. */
  readonly width: number;
  /** The smallest text in the chart, in CSS px as displayed at `width`. */
  readonly minFontSize: number;
  /** Body text of the chart (labels, values). */
  readonly fontSize: number;
  /** Trend: small multiples per row. */
  readonly trendColumns: number;
  readonly trendHeight: number;
}

export const CHART_LAYOUTS: Readonly<Record<ChartLayout, ChartLayoutSpec>> = {
  wide: { width: 560, minFontSize: 11, fontSize: 12, trendColumns: 3, trendHeight: 88 },
  narrow: { width: 343, minFontSize: 12, fontSize: 13, trendColumns: 1, trendHeight: 72 },
};

export interface ChartVariant {
  readonly layout: ChartLayout;
  readonly scheme: ColorScheme;
}

/** Every variant, the default (light, wide) first. */
export const CHART_VARIANTS: readonly ChartVariant[] = [
  { layout: 'wide', scheme: 'light' },
  { layout: 'wide', scheme: 'dark' },
  { layout: 'narrow', scheme: 'light' },
  { layout: 'narrow', scheme: 'dark' },
];

/** `funnel`, `funnel-dark`, `funnel-narrow`, `funnel-narrow-dark`: the archived file stem and the CID's local part. */
export const variantName = (id: string, variant: ChartVariant): string =>
  [id, ...(variant.layout === 'narrow' ? ['narrow'] : []), ...(variant.scheme === 'dark' ? ['dark'] : [])].join('-');

/** Sparklines: one transparent image per tile, legible on both schemes' cards. */
export const SPARKLINE = { width: 132, height: 30 } as const;
