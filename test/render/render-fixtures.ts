import type { Cadence } from '../../lambdas/calendar/period-types.js';
import type { MetricId } from '../../lambdas/metrics/metric-types.js';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import type { KpiTile, Pack, PackSection } from '../../lambdas/pack/pack-types.js';
import { metricTile } from '../../lambdas/pack/shared-sections.js';
import { createPackContext } from '../../lambdas/pack/pack-context.js';
import { sampleFunnelMetrics, type FunnelMetricsFixtureOptions } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from '../pack/fixtures/pack-config.js';

/**
 * Packs as the rendering will get them once the pack model fills its optional fields: a lead
 * sentence per section (a long one, so layouts are tried with real text) and a sparkline on
 * every KPI tile, with three to five headline tiles.
 */

export const CADENCES: readonly Cadence[] = ['weekly', 'monthly', 'quarterly'];

/** About as long as a "so what" sentence gets: two clauses and a figure or two. */
export const leadFor = (section: PackSection): string =>
  `${section.title}: the figure that matters moved against its usual range, and the second one explains most of the change (41% vs a usual 58–62%).`;

const withSparkline = (tile: KpiTile, pack: Pack, history: (id: MetricId) => readonly { periodId: string; value: number }[]): KpiTile =>
  tile.metricId === 'goal_attainment' ? tile : { ...tile, sparkline: history(tile.metricId) };

const EXTRA_HEADLINE_TILES: readonly MetricId[] = ['win_rate', 'mql_acceptance_rate'];

export interface RenderFixtureOptions extends FunnelMetricsFixtureOptions {
  readonly cadence?: Cadence;
  /** Headline tiles: 3 (the pack's own) to 5. */
  readonly headlineTiles?: 3 | 4 | 5;
  /** Leave the optional fields empty, as today's pack model does. */
  readonly bare?: boolean;
}

/** A pack built from the sample metrics, with leads and sparklines set unless `bare`. */
export const renderFixturePack = (options: RenderFixtureOptions = {}): Pack => {
  const config = packConfig();
  const metrics = sampleFunnelMetrics(options);
  const pack = buildPack(metrics, config);
  if (options.bare) return pack;
  const context = createPackContext(metrics, config);
  const history = (id: MetricId) =>
    metrics.metrics[id].history.flatMap((point) => (point.value.available ? [{ periodId: point.periodId, value: point.value.value }] : []));
  const extra = EXTRA_HEADLINE_TILES.slice(0, (options.headlineTiles ?? 5) - pack.headline.tiles.length).map((id) => metricTile(context, id));
  const decorate = (section: PackSection): PackSection => ({
    ...section,
    lead: leadFor(section),
    blocks: section.blocks.map((block) => (block.kind === 'kpis' ? { ...block, tiles: block.tiles.map((tile) => withSparkline(tile, pack, history)) } : block)),
  });
  return {
    ...pack,
    headline: { ...pack.headline, tiles: [...pack.headline.tiles, ...extra].map((tile) => withSparkline(tile, pack, history)) },
    agenda: pack.agenda.map(decorate),
    shared: pack.shared.map(decorate),
  };
};
