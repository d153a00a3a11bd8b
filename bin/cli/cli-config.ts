import { access } from 'node:fs/promises';
import path from 'node:path';
import type { FunnelReviewConfig } from '../../lambdas/config/config-schema.js';
import { loadConfigFile } from '../../lambdas/config/load-config.js';
import { sampleConfig } from '../../lambdas/config/sample-config.js';

/** Looked for in the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'funnel-review.config.json';

export interface ResolvedConfig {
  readonly config: FunnelReviewConfig;
  /** The file read, or undefined for the built-in sample config. */
  readonly file: string | undefined;
}

const exists = async (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * `--config FILE` must exist and validate. Without it, `./funnel-review.config.json` is used when
 * present, else the built-in sample config (which describes the sample data's sources).
 * Throws ConfigError (exit 2) with one line per problem.
 */
export const resolveConfig = async (explicitFile: string | undefined, cwd = process.cwd()): Promise<ResolvedConfig> => {
  if (explicitFile !== undefined) {
    const file = path.resolve(cwd, explicitFile);
    return { config: await loadConfigFile(file), file };
  }
  const file = path.resolve(cwd, DEFAULT_CONFIG_FILE);
  if (await exists(file)) return { config: await loadConfigFile(file), file };
  return { config: sampleConfig(), file: undefined };
};
