import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/config/load-config.js';
import { sampleConfig } from '../../lambdas/config/sample-config.js';
import { resolveDeployConfig } from '../../lib/deploy-config.js';

const emptyDir = (): string => mkdtempSync(join(tmpdir(), 'funnel-review-deploy-config-'));

describe('resolveDeployConfig', () => {
  it('expect the built-in sample config (and no file) when the folder has no funnel-review.config.json', async () => {
    const resolved = await resolveDeployConfig(undefined, emptyDir());
    expect(resolved.file).toBeUndefined();
    expect(resolved.config).toEqual(sampleConfig());
  });

  it('expect ./funnel-review.config.json to be read when present', async () => {
    const dir = emptyDir();
    const sample = sampleConfig();
    writeFileSync(join(dir, 'funnel-review.config.json'), JSON.stringify({ ...sample, deploy: { ...sample.deploy, stackName: 'FromFile' } }));
    const resolved = await resolveDeployConfig(undefined, dir);
    expect(resolved.file).toBe(join(dir, 'funnel-review.config.json'));
    expect(resolved.config.deploy.stackName).toBe('FromFile');
  });

  it('expect -c config=<path> relative to the working directory', async () => {
    const dir = emptyDir();
    const sample = sampleConfig();
    writeFileSync(join(dir, 'prod.json'), JSON.stringify({ ...sample, deploy: { ...sample.deploy, stackName: 'Prod' } }));
    const resolved = await resolveDeployConfig('prod.json', dir);
    expect(resolved.config.deploy.stackName).toBe('Prod');
  });

  it('expect a -c config path that does not exist to fail, not fall back to the sample', async () => {
    const dir = emptyDir();
    await expect(resolveDeployConfig('missing.json', dir)).rejects.toThrow(
      new ConfigError(join(dir, 'missing.json'), ['file not found']),
    );
  });

  it('expect an invalid config to fail with the ConfigError message naming the file and each field', async () => {
    const dir = emptyDir();
    const sample = sampleConfig();
    const file = join(dir, 'funnel-review.config.json');
    writeFileSync(file, JSON.stringify({ ...sample, reporting: { ...sample.reporting, timeZone: 'Mars/Olympus' }, sender: { address: 'nope' } }));
    await expect(resolveDeployConfig(undefined, dir)).rejects.toThrow(
      `invalid config ${file}:\n  reporting.timeZone: not an IANA time zone (e.g. Europe/Berlin)\n  sender.address: not an email address`,
    );
  });
});
