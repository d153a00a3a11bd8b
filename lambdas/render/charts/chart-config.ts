import type { MetricUnit } from '../../metrics/metric-types.js';
import { currencySymbol } from '../../pack/format-figures.js';
import { FONT_STACK, SCHEMES } from '../email-theme.js';
import { CHART_LAYOUTS, type ChartVariant } from './chart-layouts.js';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-W47` → `W47`, `2026-11` → `Nov`, `2026-Q3` → `Q3 26`: axis labels that fit. */
export const shortPeriodLabel = (periodId: string): string => {
  const [year = '', part = periodId] = periodId.split('-');
  if (/^\d{2}$/.test(part)) return `${MONTHS[Number(part) - 1] ?? part}${part === '01' ? ` ${year.slice(2)}` : ''}`;
  if (part.startsWith('Q')) return `${part} ${year.slice(2)}`;
  return part;
};

/**
 * Short x-axis labels that stay distinct: a 13-month series starts and ends in the same month,
 * and an ordinal axis would put both points on one `Oct`. The first month carries its year.
 */
export const trendLabels = (periodIds: readonly string[]): string[] =>
  periodIds.map((id, index) => {
    const label = shortPeriodLabel(id);
    return index === 0 && /^\d{4}-\d{2}$/.test(id) && !label.includes(' ') ? `${label} ${id.slice(2, 4)}` : label;
  });

/** Y-axis labels in the series' unit: `$1.3M`, `41%`, `1.2k`. */
export const axisFormat = (unit: MetricUnit, currency: string): { format: string } | { labelExpr: string } => {
  if (unit === 'ratio') return { format: '.0%' };
  if (unit !== 'currency') return { format: '~s' };
  return { labelExpr: `${JSON.stringify(currencySymbol(currency))} + format(datum.value, '~s')` };
};

/** Vega-Lite config for a variant: the scheme's colours, the layout's type sizes, the shared font stack. */
export const baseConfig = (variant: ChartVariant) => {
  const colors = SCHEMES[variant.scheme];
  const layout = CHART_LAYOUTS[variant.layout];
  const small = layout.minFontSize;
  return {
    font: FONT_STACK,
    background: colors.chart.background,
    view: { stroke: null },
    axis: {
      labelFontSize: small,
      titleFontSize: small,
      labelColor: colors.muted,
      titleColor: colors.muted,
      gridColor: colors.chart.grid,
      domainColor: colors.chart.domain,
      tickColor: colors.chart.domain,
    },
    legend: { labelFontSize: small, titleFontSize: small, labelColor: colors.text, titleColor: colors.muted, orient: 'bottom' },
    title: { fontSize: layout.fontSize, color: colors.text, anchor: 'start', fontWeight: 'bold' },
    text: { fontSize: layout.fontSize, color: colors.text },
  } as const;
};
