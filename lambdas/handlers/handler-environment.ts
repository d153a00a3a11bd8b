import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_FILES, RUNTIME_ENV } from '../config/runtime-environment.js';

type EnvKey = keyof typeof RUNTIME_ENV;

/** The stack did not set an environment variable a handler needs. */
export class MissingEnvironmentError extends Error {
  constructor(
    readonly handler: string,
    readonly missing: readonly string[],
  ) {
    super(`${handler} handler cannot start: environment variable(s) ${missing.join(', ')} not set (the CDK stack sets them)`);
    this.name = 'MissingEnvironmentError';
  }
}

/** Reads the named variables, failing with every missing name at once. */
export const readEnvironment = <Key extends EnvKey>(
  handler: string,
  required: readonly Key[],
  env: NodeJS.ProcessEnv = process.env,
): Record<Key, string> => {
  const missing = required.filter((key) => !env[RUNTIME_ENV[key]]).map((key) => RUNTIME_ENV[key]);
  if (missing.length > 0) throw new MissingEnvironmentError(handler, missing);
  return Object.fromEntries(required.map((key) => [key, env[RUNTIME_ENV[key]] as string])) as Record<Key, string>;
};

/** The validated config copied into the bundle, next to the handler (or where the variable says). */
export const bundledConfigPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env[RUNTIME_ENV.configPath] || join(env.LAMBDA_TASK_ROOT ?? process.cwd(), BUNDLE_FILES.config);

/** Memoises a cold-start step; a failure is not cached, so the next invocation tries again. */
export const once = <Value>(build: () => Promise<Value>): (() => Promise<Value>) => {
  let pending: Promise<Value> | undefined;
  return () => {
    pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};

/** Where a Lambda's runs keep their scratch folders (see openScratchSpace): /tmp in Lambda, fixed at start-up. */
export const LAMBDA_SCRATCH_ROOT = join(tmpdir(), 'funnel-review');
