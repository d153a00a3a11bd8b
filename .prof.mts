import { buildPack } from './lambdas/pack/build-pack.js';
import { packConfig } from './test/pack/fixtures/pack-config.js';
import { sampleFunnelMetrics } from './test/fixtures/funnel-metrics-fixture.js';
const c = packConfig();
let t = performance.now(); for (let i=0;i<5;i++) sampleFunnelMetrics(); console.log('fixture', (performance.now()-t)/5);
const m = sampleFunnelMetrics();
t = performance.now(); for (let i=0;i<5;i++) buildPack(m, c); console.log('build', (performance.now()-t)/5);
t = performance.now(); for (let i=0;i<5;i++) packConfig(); console.log('config', (performance.now()-t)/5);
