import type { TopLevelSpec } from 'vega-lite';
import type { KpiTile } from '../../pack/pack-types.js';
import { VEGA_LITE_SCHEMA } from './chart-config.js';
import { SPARKLINE } from './chart-layouts.js';

/** Mid blue: at least 3:1 against both the light and the dark card, so one transparent image serves both. */
const SPARK_COLOR = '#1f7fc2';

/** A tile's recent periods as a line from zero (no axes), the latest period dotted. */
export const sparklineSpec = (points: NonNullable<KpiTile['sparkline']>): TopLevelSpec => {
  const values = points.map((point, index) => ({ order: index, value: point.value, latest: index === points.length - 1 }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: SPARKLINE.width,
    height: SPARKLINE.height,
    padding: 3,
    autosize: { type: 'fit', contains: 'padding' },
    config: { view: { stroke: null }, background: 'transparent' },
    data: { values },
    encoding: {
      x: { field: 'order', type: 'quantitative', axis: null, scale: { nice: false, zero: false } },
      y: { field: 'value', type: 'quantitative', axis: null, scale: { zero: true, nice: false } },
    },
    layer: [
      { mark: { type: 'area', color: SPARK_COLOR, opacity: 0.12 } },
      { mark: { type: 'line', color: SPARK_COLOR, strokeWidth: 2 } },
      { transform: [{ filter: 'datum.latest' }], mark: { type: 'point', filled: true, size: 30, color: SPARK_COLOR, opacity: 1 } },
    ],
  } as TopLevelSpec;
};
