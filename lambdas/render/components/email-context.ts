import type { ChartId } from '../../pack/pack-types.js';
import type { PackLinks } from '../../ports/pack-links.js';

/** What the email components need besides the block they draw. */
export interface EmailContext {
  readonly links?: PackLinks;
  /** An image by its name (`funnel-narrow-dark`, `spark-revenue`); absent when it could not be drawn. */
  readonly images: ReadonlyMap<string, { readonly cid: string; readonly width: number }>;
  readonly chartAlt: (id: ChartId) => string;
  /** The key to a chart's marks (goal, usual range), when it has any. */
  readonly chartCaption: (id: ChartId) => string | undefined;
  /** `weeks`, `months`, `quarters`: for sparkline alt text. */
  readonly periodsWord: string;
}
