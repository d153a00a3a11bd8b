import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../lib/funnel-review-app.js';
import { sampleConfig } from '../lambdas/config/sample-config.js';
const { app } = buildApp(sampleConfig(), { appProps: { outdir: '/tmp/cdkprobe', context: { ...JSON.parse(require('fs').readFileSync('cdk.json','utf8')).context, 'aws:cdk:bundling-stacks': [] } } });
app.synth();
const r = new AwsSolutionsChecks().validateScope(app);
for (const v of r.violations) console.log(v.severity, v.ruleName, v.violatingResources.map((x: any) => x.constructPath ?? x.resourceLogicalId).join(','));
console.log('count', r.violations.length);
