import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { FunnelReviewConfig } from '../../lambdas/config/config-schema.js';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { buildApp } from '../../lib/funnel-review-app.js';
import type { FunnelReviewStack } from '../../lib/funnel-review-stack.js';
import { PROJECT_ROOT } from '../../lib/pipeline-function.js';

/** The feature flags `cdk synth` runs with, so tests see the same template. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface Synthesized {
  readonly app: App;
  readonly stack: FunnelReviewStack;
  readonly template: Template;
  readonly assemblyDir: string;
}

/**
 * Synthesises through buildApp, the same path as bin/app.ts. Without `bundle`, esbuild is skipped
 * (context aws:cdk:bundling-stacks = []), which keeps variant tests fast.
 */
export const synthesize = (config: FunnelReviewConfig, options: { bundle?: boolean } = {}): Synthesized => {
  const outdir = mkdtempSync(join(tmpdir(), 'funnel-review-synth-'));
  const context = { ...cdkJsonContext(), ...(options.bundle === true ? {} : { 'aws:cdk:bundling-stacks': [] }) };
  const { app, stack } = buildApp(config, { appProps: { outdir, context } });
  const assembly = app.synth();
  const template = Template.fromJSON(assembly.getStackByName(stack.stackName).template as Record<string, unknown>);
  return { app, stack, template, assemblyDir: assembly.directory };
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const merge = (base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && current !== null && typeof current === 'object'
        ? merge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
};

/** The sample config with a few fields changed, validated like a real file. */
export const configWith = (patch: DeepPartial<typeof SAMPLE_CONFIG_INPUT>): FunnelReviewConfig =>
  parseConfig(merge(SAMPLE_CONFIG_INPUT as Record<string, unknown>, patch as Record<string, unknown>), '<test config>');
