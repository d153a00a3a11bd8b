import { computeFunnelMetrics } from '../metrics/compute-funnel-metrics.js';
import { buildPack } from '../pack/build-pack.js';
import { renderCharts, renderPack } from '../render/render-pack.js';
import type { PackProducer, RenderedParts } from './pack-producer.js';

/** The real chain: metric queries, the pack model, charts rendered once, one rendering per team. */
export const produceFunnelPack: PackProducer = async ({ config, engine, period, asOf, freshness, teams, links }) => {
  const metrics = await computeFunnelMetrics({ config, engine, period, asOf, freshness });
  const pack = buildPack(metrics, config);
  const charts = await renderCharts(pack);
  const neutral: RenderedParts = await renderPack(pack, config, { charts, ...(links ? { links } : {}) });
  const byTeam: Record<string, RenderedParts> = {};
  for (const team of teams) byTeam[team] = await renderPack(pack, config, { team, charts, ...(links ? { links } : {}) });
  return { neutral, byTeam, headline: pack.headline, queryStats: metrics.queryStats };
};
