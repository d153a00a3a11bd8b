import { readFile } from 'node:fs/promises';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { z } from 'zod';
import { configSchema, type FunnelReviewConfig } from './config-schema.js';

/** Invalid configuration: one problem per line, each starting with its path. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid config ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `teams.sales.recipients[1]` from zod's path. */
export const formatIssuePath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out === '' ? String(part) : `${out}.${String(part)}`;
  }, '');

export const formatIssues = (issues: readonly z.core.$ZodIssue[]): string[] =>
  issues.flatMap((issue) => {
    // One line per unknown key, each with its own path, so a typo is found at a glance.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatIssuePath([...issue.path, key])}: unknown key`);
    }
    const where = formatIssuePath(issue.path);
    return [where === '' ? issue.message : `${where}: ${issue.message}`];
  });

/** Validates an already parsed value (the CLI, the CDK app and the Lambdas all come through here). */
export const parseConfig = (value: unknown, file = '<inline>'): FunnelReviewConfig => {
  const result = configSchema.safeParse(value);
  if (!result.success) throw new ConfigError(file, formatIssues(result.error.issues));
  return result.data;
};

/** Parses JSON with comments (the shipped example is commented), then validates. */
export const parseConfigText = (text: string, file: string): FunnelReviewConfig => {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    throw new ConfigError(
      file,
      errors.map((e) => {
        const before = text.slice(0, e.offset);
        const line = before.split('\n').length;
        const column = e.offset - before.lastIndexOf('\n');
        return `line ${line}, column ${column}: ${printParseErrorCode(e.error)}`;
      }),
    );
  }
  return parseConfig(value, file);
};

export const loadConfigFile = async (file: string): Promise<FunnelReviewConfig> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, [code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'unknown error'})`]);
  }
  return parseConfigText(text, file);
};
