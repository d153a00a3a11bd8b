#!/usr/bin/env node
// The CDK app (cdk.json: "npx tsx bin/app.ts"). Config: -c config=<path>, else ./funnel-review.config.json,
// else the built-in sample config.
import { App } from 'aws-cdk-lib';
import { ConfigError } from '../lambdas/config/load-config.js';
import { resolveDeployConfig } from '../lib/deploy-config.js';
import { buildApp } from '../lib/funnel-review-app.js';

const app = new App();
try {
  const { config, file } = await resolveDeployConfig(app.node.tryGetContext('config'), process.cwd());
  if (file === undefined) {
    console.error('note: no funnel-review.config.json found (and no -c config=<path>): using the built-in sample config.');
  }
  buildApp(config, { app });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
