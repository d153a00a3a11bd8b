import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { loadConfigFile } from '../lambdas/config/load-config.js';
import { sampleConfig } from '../lambdas/config/sample-config.js';

/** The file `cdk synth` reads when no `-c config=path` is given. */
export const DEFAULT_CONFIG_FILE = 'funnel-review.config.json';

export interface DeployConfig {
  readonly config: FunnelReviewConfig;
  /** The file read, or undefined when the built-in sample config was used. */
  readonly file: string | undefined;
}

/**
 * The config the stack is built from: `-c config=<path>` (must exist), else
 * ./funnel-review.config.json, else the built-in sample so synth works on a fresh clone.
 * An invalid file throws the same ConfigError the CLI reports.
 */
export const resolveDeployConfig = async (contextPath: unknown, cwd: string): Promise<DeployConfig> => {
  if (contextPath !== undefined) {
    const file = resolve(cwd, String(contextPath));
    return { config: await loadConfigFile(file), file };
  }
  const file = resolve(cwd, DEFAULT_CONFIG_FILE);
  if (existsSync(file)) return { config: await loadConfigFile(file), file };
  return { config: sampleConfig(), file: undefined };
};
