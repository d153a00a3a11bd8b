import type { z } from 'zod';
import { formatIssuePath } from '../config/load-config.js';

/**
 * A request payload that cannot be run. The message lists every problem, one per line, each
 * starting with the field (`period: must look like 2026-10 for monthly`). Thrown before anything
 * is read, written or sent.
 */
export class PayloadError extends Error {
  constructor(
    readonly request: 'report' | 'ingest',
    readonly problems: readonly string[],
  ) {
    super(`invalid ${request} payload:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'PayloadError';
  }
}

const describeIssue = (issue: z.core.$ZodIssue, allowedKeys: readonly string[]): string[] => {
  const where = formatIssuePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    // Named per key so `to`/`recipients` read as refused, not as a typo somewhere.
    return issue.keys.map(
      (key) => `${where === '' ? key : `${where}.${key}`}: not a payload field (allowed: ${allowedKeys.join(', ')})`,
    );
  }
  return [where === '' ? issue.message : `${where}: ${issue.message}`];
};

/** Parses with a strict zod object schema, turning every issue into one line of a PayloadError. */
export const parsePayload = <Schema extends z.ZodObject>(
  request: 'report' | 'ingest',
  schema: Schema,
  payload: unknown,
  example: string,
): z.infer<Schema> => {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new PayloadError(request, [`the payload must be a JSON object, e.g. ${example}`]);
  }
  const result = schema.safeParse(payload);
  if (!result.success) {
    const allowed = Object.keys(schema.shape);
    throw new PayloadError(
      request,
      result.error.issues.flatMap((issue) => describeIssue(issue, allowed)),
    );
  }
  return result.data;
};
