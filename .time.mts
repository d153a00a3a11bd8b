import { buildPack } from './lambdas/pack/build-pack.js';
import { renderCharts, renderPack } from './lambdas/render/render-pack.js';
import { packConfig } from './test/pack/fixtures/pack-config.js';
import { sampleFunnelMetrics } from './test/fixtures/funnel-metrics-fixture.js';
const config = packConfig();
let t = performance.now();
const lap = (l: string) => { const n = performance.now(); console.log(l, Math.round(n - t)); t = n; };
for (const cadence of ['weekly', 'monthly', 'quarterly'] as const) {
  const pack = buildPack(sampleFunnelMetrics({ cadence }), config); lap('build ' + cadence);
  const charts = await renderCharts(pack); lap('charts');
  for (const team of ['marketing', 'sales']) { await renderPack(pack, config, { charts, team }); lap('render ' + team); }
}
