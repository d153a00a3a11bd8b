import type { TopLevelSpec } from 'vega-lite';
import { formatRatio } from '../../pack/format-figures.js';
import type { ChartData } from '../../pack/pack-types.js';
import { sourceTeamLabel } from '../../pack/shared-sections.js';
import { SCHEMES } from '../email-theme.js';
import { baseConfig, VEGA_LITE_SCHEMA } from './chart-config.js';
import { CHART_LAYOUTS, type ChartVariant } from './chart-layouts.js';

type AttributionChart = Extract<ChartData, { id: 'attribution' }>;

const SOURCE_TEAM_ORDER = ['marketing', 'sales', 'partner', 'unknown'];
/** A segment narrower than this share has no room for its label. */
const LABEL_MIN_SHARE = { wide: 0.08, narrow: 0.12 } as const;

/** Pipeline and revenue split by source team: two 100% bars from zero, shares printed on the segments. */
export const attributionSpec = (chart: AttributionChart, variant: ChartVariant): TopLevelSpec => {
  const colors = SCHEMES[variant.scheme];
  const layout = CHART_LAYOUTS[variant.layout];
  // Label positions are computed here (the middle of each stacked segment) rather than by a second stack.
  const sorted = [...chart.rows].sort((a, b) => SOURCE_TEAM_ORDER.indexOf(a.sourceTeam) - SOURCE_TEAM_ORDER.indexOf(b.sourceTeam));
  const offsets = new Map<string, number>();
  const values = sorted.map((row) => {
    const start = offsets.get(row.measure) ?? 0;
    offsets.set(row.measure, start + row.share);
    return {
      measure: row.measure,
      team: sourceTeamLabel(row.sourceTeam),
      order: SOURCE_TEAM_ORDER.indexOf(row.sourceTeam),
      share: row.share,
      middle: start + row.share / 2,
      label: row.share >= LABEL_MIN_SHARE[variant.layout] ? formatRatio(row.share) : '',
    };
  });
  const teams = SOURCE_TEAM_ORDER.map(sourceTeamLabel);
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: layout.width,
    height: 72,
    autosize: { type: 'fit-x', contains: 'padding' },
    config: { ...baseConfig(variant), legend: { ...baseConfig(variant).legend, columns: variant.layout === 'narrow' ? 2 : 4, symbolType: 'square' } },
    data: { values },
    encoding: {
      y: { field: 'measure', type: 'nominal', title: null, sort: ['Pipeline', 'Revenue'], axis: { labelFontSize: layout.fontSize, labelColor: colors.text, domain: false, ticks: false } },
    },
    layer: [
      {
        mark: { type: 'bar', height: 24 },
        encoding: {
          x: { field: 'share', type: 'quantitative', stack: 'zero', title: null, axis: { format: '.0%', tickCount: variant.layout === 'narrow' ? 3 : 5 }, scale: { domain: [0, 1] } },
          order: { field: 'order', type: 'quantitative' },
          color: { field: 'team', type: 'nominal', title: 'Sourced by', scale: { domain: teams, range: [...colors.chart.teams] } },
        },
      },
      {
        mark: { type: 'text', color: colors.chart.onBar, fontWeight: 'bold', fontSize: layout.minFontSize },
        encoding: { text: { field: 'label' }, x: { field: 'middle', type: 'quantitative', stack: null } },
      },
    ],
  } as TopLevelSpec;
};
