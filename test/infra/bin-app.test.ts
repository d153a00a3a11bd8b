import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/pipeline-function.js';

// Runs bin/app.ts as the CDK CLI would (context through CDK_CONTEXT_JSON, output to CDK_OUTDIR),
// from an empty folder, with bundling skipped: this is about config handling, not esbuild.
const runApp = (context: Record<string, unknown>) => {
  const cwd = mkdtempSync(join(tmpdir(), 'funnel-review-bin-app-'));
  const outdir = join(cwd, 'cdk.out');
  const result = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'bin', 'app.ts')], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
    },
  });
  return { ...result, cwd, outdir };
};

describe('bin/app.ts', () => {
  it('expect a fresh clone (no config file) to synthesise the sample config and say so', () => {
    const run = runApp({});
    expect(run.stderr).toContain('using the built-in sample config');
    expect(run.status).toBe(0);
    expect(existsSync(join(run.outdir, 'FunnelReview.template.json'))).toBe(true);
  });

  it('expect a bad config to stop synth with the ConfigError message and exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'funnel-review-bad-config-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ "reporting": { "timeZone": "Europe/Berlin", "currency": "euro" } }');
    const run = runApp({ config: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`invalid config ${file}:\n`);
    expect(run.stderr).toContain('  reporting.currency: not an ISO 4217 currency code (e.g. USD)\n');
    expect(existsSync(join(run.outdir, 'FunnelReview.template.json'))).toBe(false);
  });
});
