/**
 * Writes funnel-review.config.schema.json, the JSON Schema editors use to complete and check
 * funnel-review.config.json. Generated from the same zod schema the loader validates with, so
 * the two cannot drift (a test compares the committed file with this output).
 *
 *   npm run schema
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema } from '../lambdas/config/config-schema.js';

export const CONFIG_SCHEMA_FILE = 'funnel-review.config.schema.json';

/** The JSON Schema text, as committed (2-space indent, trailing newline). */
export const configJsonSchemaText = (): string => {
  // `input`: what a person writes, so keys with defaults are optional.
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' });
  const document = {
    ...schema,
    title: 'funnel-review config',
    description: 'funnel-review.config.json: recipients, sender, time zone, schedules, fiscal year, goals and source mappings.',
  };
  return `${JSON.stringify(document, null, 2)}\n`;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = path.join(repoRoot, CONFIG_SCHEMA_FILE);
  await writeFile(file, configJsonSchemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
