import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/pipeline-function.js';

// The real thing: the CDK CLI, cdk.json, esbuild bundling, cdk-nag, no AWS credentials.
describe('npx cdk synth --quiet', () => {
  it('expect the stack to synthesise offline without credentials', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'funnel-review-cdk-cli-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' };
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete env[name];
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(join(outdir, 'FunnelReview.template.json'))).toBe(true);
  });
});
