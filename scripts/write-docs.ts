/**
 * Writes the generated parts of docs/: the configuration reference (docs/configuration.md, from the
 * zod schema's descriptions) and the glossary table in docs/metrics.md (from the metric
 * definitions the packs print). A test compares the committed files with this output, so the
 * docs cannot drift from the code.
 *
 *   npm run docs
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema, goalTargetsSchema, scheduleSchema } from '../lambdas/config/config-schema.js';
import { GLOSSARY, METRIC_DEFINITIONS } from '../lambdas/metrics/metric-definitions.js';

export const GENERATED_DOCS = { configuration: 'docs/configuration.md', metrics: 'docs/metrics.md' } as const;

/** The glossary table sits between these lines in docs/metrics.md; the rest of that file is written by hand. */
export const GLOSSARY_START = '<!-- generated glossary: start (npm run docs writes what is between these lines) -->';
export const GLOSSARY_END = '<!-- generated glossary: end -->';

interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly title?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly propertyNames?: JsonSchema;
  readonly items?: JsonSchema;
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly format?: string;
}

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue: unknown;
  readonly description: string;
}

const code = (text: string): string => `\`${text}\``;
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const literal = (value: unknown): string => code(JSON.stringify(value));

const isRecord = (schema: JsonSchema): schema is JsonSchema & { additionalProperties: JsonSchema } =>
  typeof schema.additionalProperties === 'object' && schema.properties === undefined;

const range = (schema: JsonSchema): string => {
  if (schema.minimum !== undefined && schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER) return ` ${schema.minimum}–${schema.maximum}`;
  if (schema.exclusiveMinimum === 0) return ' > 0';
  if (schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER) return ` ≥ ${schema.minimum}`;
  return '';
};

/** A short, readable type: `"monday" \| "sunday"`, `integer 1–12`, `string[]`, `{ team: object }`. */
const typeOf = (schema: JsonSchema): string => {
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.title !== undefined && schema.properties !== undefined) return schema.title;
  if (schema.enum !== undefined) return schema.enum.map(literal).join(' | ');
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants !== undefined) return [...new Set(variants.map(typeOf))].join(' or ');
  if (schema.properties !== undefined) return 'object';
  if (schema.type === 'array') return `${schema.items === undefined ? 'any' : typeOf(schema.items)}[]`;
  if (isRecord(schema)) return `{ ${keyName(schema)}: ${typeOf(schema.additionalProperties)} }`;
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  if (schema.format === 'email') return 'email address';
  if (typeof schema.type === 'string') return `${schema.type}${range(schema)}`;
  return 'any';
};

/** How a record's keys are written in a path: `<team>`, `<quarter>`, or the key's own words. */
function keyName(schema: JsonSchema): string {
  const keys = schema.propertyNames;
  if (keys?.title !== undefined) return `<${keys.title}>`;
  if (keys?.enum !== undefined) return `<${keys.enum.join(' | ')}>`;
  return '<field>';
}

/** Objects with a title (goal targets) are described once, in their own table, not under every key that uses them. */
const isNamedType = (schema: JsonSchema): boolean => schema.title !== undefined && schema.properties !== undefined;

/** Rows for an object's fields, depth first; a record's value schema is walked under `<key>`. */
const fieldRows = (schema: JsonSchema, prefix: string): FieldRow[] => {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants !== undefined && variants.every((variant) => variant.properties !== undefined)) return variantRows(variants, prefix);
  if (schema.properties === undefined || (isNamedType(schema) && prefix !== '')) return [];
  return Object.entries(schema.properties).flatMap(([name, field]) => {
    const fieldPath = prefix === '' ? name : `${prefix}.${name}`;
    const row: FieldRow = {
      path: fieldPath,
      type: typeOf(field),
      required: schema.required?.includes(name) ?? false,
      defaultValue: field.default,
      description: field.description ?? '',
    };
    const nested = isRecord(field) ? fieldRows(field.additionalProperties, `${fieldPath}.${keyName(field)}`) : fieldRows(field, fieldPath);
    return [row, ...nested];
  });
};

/** A discriminated union (a file format): the union of the variants' fields, each saying where it applies. */
const variantRows = (variants: readonly JsonSchema[], prefix: string): FieldRow[] => {
  const tag = (variant: JsonSchema): string => {
    const discriminator = variant.properties?.type;
    return discriminator === undefined ? '' : typeOf(discriminator);
  };
  const seen = new Map<string, FieldRow>();
  for (const variant of variants) {
    for (const row of fieldRows(variant, prefix)) {
      const earlier = seen.get(row.path);
      if (earlier === undefined) seen.set(row.path, row);
      else if (earlier.type !== row.type) seen.set(row.path, { ...earlier, type: `${earlier.type} | ${row.type}` });
    }
  }
  return [...seen.values()].map((row) => {
    const inVariants = variants.filter((variant) => fieldRows(variant, prefix).some((other) => other.path === row.path));
    if (inVariants.length === variants.length || row.path.endsWith('.type')) return row;
    return { ...row, description: `${row.description} (only with type ${inVariants.map(tag).join(', ')})`.trim() };
  });
};

const defaultText = (row: FieldRow, hasFields: boolean): string => {
  const value = row.defaultValue;
  // An object whose fields are listed below defaults to their defaults; saying so beats a long JSON.
  if (hasFields && typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) return "its fields' defaults";
  if (value !== undefined) return literal(value);
  return row.required ? 'required' : '—';
};

const fieldTable = (rows: readonly FieldRow[]): string =>
  [
    '| key | type | default | meaning |',
    '|---|---|---|---|',
    ...rows.map((row) => {
      const hasFields = rows.some((other) => other.path.startsWith(`${row.path}.`));
      return `| ${code(row.path)} | ${cell(row.type)} | ${cell(defaultText(row, hasFields))} | ${cell(row.description)} |`;
    }),
  ].join('\n');

const toJsonSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as unknown as JsonSchema;

/** Shapes used under several keys, each described once in its own table (they carry a `title`). */
const NAMED_TYPES: readonly z.ZodType[] = [goalTargetsSchema, scheduleSchema];

/** docs/configuration.md, whole. */
export const configurationReference = (): string => {
  const schema = toJsonSchema(configSchema);
  const sections = Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const required = schema.required?.includes(name) ?? false;
    const rows = isRecord(field) ? fieldRows(field.additionalProperties, `${name}.${keyName(field)}`) : fieldRows(field, name);
    const heading = `## \`${name}\`${required ? ' (required)' : ''}`;
    const intro = field.description ?? '';
    const shape = isRecord(field) ? `\n\nKeyed by ${code(keyName(field))}: ${cell(typeOf(field))}.` : '';
    return [heading, '', `${intro}${shape}`, ...(rows.length > 0 ? ['', fieldTable(rows)] : [])].join('\n');
  });
  const typeSections = NAMED_TYPES.map((type) => {
    const named = toJsonSchema(type);
    return [`## ${named.title ?? ''}`, '', named.description ?? '', '', fieldTable(fieldRows(named, ''))].join('\n');
  });
  return [
    '# Configuration reference',
    '',
    '<!-- Generated by `npm run docs` from lambdas/config/config-schema.ts; edit the schema\'s descriptions, not this file. -->',
    '',
    'One file, `funnel-review.config.json` (JSON with comments; any path with `--config`), read by the CLI,',
    'the CDK app and the Lambdas alike and validated by one zod schema. Editors complete and check it',
    'through `funnel-review.config.schema.json`, generated from the same schema (`npm run schema`).',
    '`funnel-review.config.example.json` is a commented example of every key. An invalid config stops',
    'the command with exit code 2 and one line per problem, each with its path',
    '(`teams.sales.recipients[1]: not an email address`); unknown keys are refused.',
    '',
    'In a path, `<team>`, `<quarter>`, `<source>`… stand for keys you choose. "required" means the key',
    'must be present; "—" means it is optional with no default.',
    '',
    [...sections, ...typeSections].join('\n\n'),
    '',
  ].join('\n');
};

const yesNo = (value: boolean): string => (value ? 'higher' : 'lower');

/** The glossary table written into docs/metrics.md: every metric, then the packs' other terms. */
export const glossaryTable = (): string => {
  const metricIds = new Set(Object.keys(METRIC_DEFINITIONS));
  const metrics = Object.values(METRIC_DEFINITIONS).map(
    (entry) => `| ${code(entry.id)} | ${cell(entry.label)} | ${entry.unit} | ${yesNo(entry.higherIsBetter)} | ${cell(entry.definition)} |`,
  );
  const terms = GLOSSARY.filter((entry) => !metricIds.has(entry.id)).map((entry) => `| ${code(entry.id)} | ${cell(entry.label)} | — | — | ${cell(entry.definition)} |`);
  return ['| id | label | unit | better when | definition |', '|---|---|---|---|---|', ...metrics, ...terms].join('\n');
};

export class GeneratedBlockError extends Error {
  override readonly name = 'GeneratedBlockError';
}

/** The document with the text between the glossary markers replaced by `block`. */
export const withGlossary = (document: string, file: string): string => {
  const start = document.indexOf(GLOSSARY_START);
  const end = document.indexOf(GLOSSARY_END);
  if (start < 0 || end < start) throw new GeneratedBlockError(`${file}: the glossary markers are missing (${GLOSSARY_START} … ${GLOSSARY_END})`);
  return `${document.slice(0, start + GLOSSARY_START.length)}\n${glossaryTable()}\n${document.slice(end)}`;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const configurationFile = path.join(repoRoot, GENERATED_DOCS.configuration);
  await writeFile(configurationFile, configurationReference());
  const metricsFile = path.join(repoRoot, GENERATED_DOCS.metrics);
  await writeFile(metricsFile, withGlossary(await readFile(metricsFile, 'utf8'), GENERATED_DOCS.metrics));
  process.stdout.write(`wrote ${GENERATED_DOCS.configuration} and the glossary of ${GENERATED_DOCS.metrics}\n`);
}
