import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../../lambdas/metrics/metric-types.js';
import { GLOSSARY } from '../../lambdas/metrics/metric-definitions.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const ciScript = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8');

describe('README', () => {
  it('documents every metric id in its glossary table', () => {
    const missing = METRIC_IDS.filter((id) => !readme.includes(`| \`${id}\` |`));

    expect(missing).toEqual([]);
  });

  it('prints the same label for each metric as the packs do', () => {
    const mismatched = GLOSSARY.filter((entry) => METRIC_IDS.includes(entry.id as never))
      .filter((entry) => !readme.includes(`| \`${entry.id}\` | ${entry.label} |`))
      .map((entry) => entry.id);

    expect(mismatched).toEqual([]);
  });

  it('states the two commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test ');
  });

  it('is what CI runs: Chromium from Debian when missing, a clean install, then the README test command', () => {
    const commands = ciScript.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !line.startsWith('set ') && !line.startsWith('cd '));

    expect(commands).toEqual(['[ -x /usr/bin/chromium ] || { apt-get update && apt-get install -y chromium; }', 'npm ci', 'npm test']);
  });
});
