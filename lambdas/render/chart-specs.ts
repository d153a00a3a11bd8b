import type { TopLevelSpec } from 'vega-lite';
import type { ChartData } from '../pack/pack-types.js';
import { attributionSpec } from './charts/attribution-spec.js';
import type { ChartVariant } from './charts/chart-layouts.js';
import { funnelSpec } from './charts/funnel-spec.js';
import { trendSpec } from './charts/trend-spec.js';

export { axisFormat, shortPeriodLabel, trendLabels } from './charts/chart-config.js';

/** The Vega-Lite spec of a chart, drawn for one width and colour scheme. */
export const chartSpec = (chart: ChartData, currency: string, variant: ChartVariant): TopLevelSpec => {
  switch (chart.id) {
    case 'funnel':
      return funnelSpec(chart, variant);
    case 'trend':
      return trendSpec(chart, currency, variant);
    case 'attribution':
      return attributionSpec(chart, variant);
  }
};
