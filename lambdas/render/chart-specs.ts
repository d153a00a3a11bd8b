import type { TopLevelSpec } from 'vega-lite';
import type { ChartData } from '../pack/pack-types.js';
import type { MetricUnit } from '../metrics/metric-types.js';
import { currencySymbol, formatCount, formatRatio } from '../pack/format-figures.js';
import { sourceTeamLabel } from '../pack/shared-sections.js';
import { THEME } from './email-theme.js';

/** Vega-Lite specs for the pack's charts, sized for the email's 560 px content width. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-W47` → `W47`, `2026-11` → `Nov`, `2026-Q3` → `Q3 26`: axis labels that fit. */
export const shortPeriodLabel = (periodId: string): string => {
  const [year = '', part = periodId] = periodId.split('-');
  if (/^\d{2}$/.test(part)) return `${MONTHS[Number(part) - 1] ?? part}${part === '01' ? ` ${year.slice(2)}` : ''}`;
  if (part.startsWith('Q')) return `${part} ${year.slice(2)}`;
  return part;
};

/** `  → 41% to SQLs`, `  → 12% so far to Won`, `  → too early for Won`. */
const conversionLabel = (step: { conversionToNext?: number; conversionText?: string }, next: string): string => {
  if (step.conversionText?.startsWith('too early')) return `  → too early for ${next}`;
  if (step.conversionText !== undefined) return `  → ${step.conversionText.replace(/ so far$/, '')} to ${next}${step.conversionText.endsWith(' so far') ? ' so far' : ''}`;
  return step.conversionToNext !== undefined ? `  → ${formatRatio(step.conversionToNext)} to ${next}` : '';
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

const BASE_CONFIG = {
  font: 'Inter',
  background: '#ffffff',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelColor: THEME.muted, titleColor: THEME.muted, gridColor: '#eceff1', domainColor: THEME.rule, tickColor: THEME.rule },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
  header: { labelFontSize: 12, labelFontWeight: 'bold', labelColor: THEME.text, title: null },
  text: { fontSize: 11 },
} as const;

const SOURCE_TEAM_ORDER = ['marketing', 'sales', 'partner', 'unknown'];

export const chartSpec = (chart: ChartData, currency: string): TopLevelSpec => {
  const width = THEME.contentWidth;
  switch (chart.id) {
    case 'funnel': {
      const max = Math.max(1, ...chart.steps.map((step) => step.count));
      const values = chart.steps.map((step, index) => {
        const next = chart.steps[index + 1];
        return {
          stage: step.stage,
          count: step.count,
          label: `${formatCount(step.count)}${next ? conversionLabel(step, next.stage) : ''}`,
          won: step.stage === 'Won',
        };
      });
      return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width,
        height: 32 * values.length,
        autosize: { type: 'fit-x', contains: 'padding' },
        config: BASE_CONFIG,
        data: { values },
        encoding: {
          y: { field: 'stage', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 12, labelColor: THEME.text, domain: false, ticks: false, labelPadding: 6 } },
          x: { field: 'count', type: 'quantitative', title: null, axis: null, scale: { domain: [0, max * 1.9] } },
        },
        layer: [
          {
            mark: { type: 'bar', cornerRadiusEnd: 3, height: 22 },
            encoding: { color: { field: 'won', type: 'nominal', legend: null, scale: { domain: [false, true], range: [THEME.palette[0], THEME.palette[2]] } } },
          },
          { mark: { type: 'text', align: 'left', dx: 6, fontSize: 12, color: THEME.text }, encoding: { text: { field: 'label' } } },
        ],
      };
    }
    case 'trend': {
      // One small chart per metric side by side, each with its own y-axis format: a shared facet axis
      // cannot put the currency symbol on revenue and not on SQLs.
      const columns = Math.max(1, chart.series.length);
      return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        config: { ...BASE_CONFIG, concat: { spacing: 18 } },
        hconcat: chart.series.map((series) => ({
          title: { text: series.label, fontSize: 12, fontWeight: 'bold', color: THEME.text },
          width: Math.floor((width - 60 * columns) / columns),
          height: 110,
          data: { values: trendLabels(series.points.map((point) => point.periodId)).map((period, index) => ({ period, order: series.points[index]!.periodId, value: series.points[index]!.value })) },
          encoding: {
            x: { field: 'period', type: 'ordinal', sort: { field: 'order' }, title: null, axis: { labelAngle: -60, labelFontSize: 9 } },
            y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false }, axis: { tickCount: 4, ...axisFormat(series.unit, currency) } },
          },
          layer: [
            { mark: { type: 'line', color: THEME.palette[0], strokeWidth: 2 } },
            { mark: { type: 'point', filled: true, color: THEME.palette[0], size: 28 } },
          ],
        })),
      } as TopLevelSpec;
    }
    case 'attribution': {
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
          label: row.share >= 0.08 ? formatRatio(row.share) : '',
        };
      });
      const teams = SOURCE_TEAM_ORDER.map(sourceTeamLabel);
      return {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        width,
        height: 80,
        autosize: { type: 'fit-x', contains: 'padding' },
        config: BASE_CONFIG,
        data: { values },
        encoding: {
          y: { field: 'measure', type: 'nominal', title: null, sort: ['Pipeline', 'Revenue'], axis: { labelFontSize: 12, labelColor: THEME.text, domain: false, ticks: false } },
        },
        layer: [
          {
            mark: { type: 'bar', height: 26 },
            encoding: {
              x: { field: 'share', type: 'quantitative', stack: 'zero', title: null, axis: { format: '.0%', tickCount: 5 }, scale: { domain: [0, 1] } },
              order: { field: 'order', type: 'quantitative' },
              color: { field: 'team', type: 'nominal', title: 'Sourced by', scale: { domain: teams, range: [THEME.palette[0], THEME.palette[1], THEME.palette[2], '#9e9e9e'] } },
            },
          },
          {
            mark: { type: 'text', color: '#ffffff', fontWeight: 'bold', fontSize: 11 },
            encoding: { text: { field: 'label' }, x: { field: 'middle', type: 'quantitative', stack: null } },
          },
        ],
      } as TopLevelSpec;
    }
  }
};
