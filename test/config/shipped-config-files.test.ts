import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { CONFIG_SCHEMA_FILE, configJsonSchemaText } from '../../scripts/write-config-schema.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');

describe('files shipped with the repository', () => {
  it('the commented example config validates', async () => {
    const config = await loadConfigFile(path.join(repoRoot, 'funnel-review.config.example.json'));

    expect(config.reporting.timeZone).toBe('America/New_York');
    expect(config.teams.sales?.recipients).toEqual(['sales-leads@example.com', 'revops@example.com']);
  });

  it('the example config reads the same sources as the built-in sample config', async () => {
    const config = await loadConfigFile(path.join(repoRoot, 'funnel-review.config.example.json'));

    expect(Object.keys(config.sources).sort()).toEqual(Object.keys(SAMPLE_CONFIG_INPUT.sources).sort());
  });

  it('the committed JSON Schema is what `npm run schema` generates', async () => {
    const committed = await readFile(path.join(repoRoot, CONFIG_SCHEMA_FILE), 'utf8');

    expect(committed).toBe(configJsonSchemaText());
  });

  it('the JSON Schema refuses unknown top-level keys and requires the teams', () => {
    const schema = JSON.parse(configJsonSchemaText()) as { additionalProperties?: unknown; required?: string[] };

    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['reporting', 'sender', 'teams', 'sources']));
  });
});
