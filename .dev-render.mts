import fs from 'node:fs';
import { buildPack } from './lambdas/pack/build-pack.js';
import { renderCharts, renderPack } from './lambdas/render/render-pack.js';
import { packConfig } from './test/pack/fixtures/pack-config.js';
import { sampleFunnelMetrics } from './test/fixtures/funnel-metrics-fixture.js';
const config = packConfig();
const t0 = performance.now();
for (const cadence of ['weekly', 'monthly', 'quarterly'] as const) {
  const pack = buildPack(sampleFunnelMetrics({ cadence, ...(process.argv[2] ? { priorPeriods: Number(process.argv[2]) } : {}) }), config);
  const charts = await renderCharts(pack);
  for (const team of [undefined, 'marketing', 'sales']) {
    const r = await renderPack(pack, config, { charts, ...(team ? { team } : {}) });
    const dir = `/tmp/packs/${team ?? 'neutral'}/${cadence}/${pack.period.id}`;
    fs.mkdirSync(`${dir}/charts`, { recursive: true });
    fs.writeFileSync(`${dir}/email.html`, r.html); fs.writeFileSync(`${dir}/email.txt`, r.text); fs.writeFileSync(`${dir}/metrics.csv`, r.csv); fs.writeFileSync(`${dir}/metrics.json`, r.json);
    for (const c of r.charts) fs.writeFileSync(`${dir}/charts/${c.filename}`, c.png);
    console.log(cadence, team, Buffer.byteLength(r.html), 'bytes html', r.subject);
  }
}
console.log('ms', performance.now() - t0);
