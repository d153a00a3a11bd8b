import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { FunnelReviewStack } from './funnel-review-stack.js';

export interface BuildAppOptions {
  /**
   * The app to add the stack to (bin/app.ts passes the one the CDK CLI configured).
   * @default - a new App built from `appProps`
   */
  readonly app?: App;
  /** Used only when `app` is not given (tests: outdir, context). */
  readonly appProps?: AppProps;
}

export interface FunnelReviewApp {
  readonly app: App;
  readonly stack: FunnelReviewStack;
}

/**
 * The CDK app for a validated config: one stack named config.deploy.stackName, checked by
 * cdk-nag's AwsSolutions pack. Account and region come from the CDK defaults; without them the
 * stack is environment-agnostic, so synth needs no credentials.
 */
export const buildApp = (config: FunnelReviewConfig, options: BuildAppOptions = {}): FunnelReviewApp => {
  const app = options.app ?? new App(options.appProps);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new FunnelReviewStack(app, config.deploy.stackName, {
    config,
    env: account !== undefined || region !== undefined ? { account, region } : undefined,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
};
