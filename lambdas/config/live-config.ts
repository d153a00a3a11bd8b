import type { ObjectStore } from '../ports/object-store.js';
import type { FunnelReviewConfig } from './config-schema.js';
import { ConfigError, parseConfigText } from './load-config.js';

/**
 * The live config: the same file format as the deploy config, kept as one object (the config
 * bucket's `funnel-review.config.json` in AWS) that every run reads and validates, so recipients,
 * teams, goals, thresholds and source mappings change with `funnel-review config push`, not a
 * redeploy. Locally the config file plays this part: each CLI run reads it.
 *
 * What the deployed resources were built from stays with the deploy: a live config that changes
 * one of DEPLOY_BOUND fails the run, naming the field, rather than run against the wrong identity
 * or calendar. Other `deploy.*` settings in a pushed file are ignored until the next deploy.
 */

interface DeployBoundField {
  readonly path: string;
  readonly read: (config: FunnelReviewConfig) => unknown;
  /** What in the stack was built from it. */
  readonly why: string;
}

export const DEPLOY_BOUND: readonly DeployBoundField[] = [
  { path: 'sender.address', read: (c) => c.sender.address, why: 'the SES identity and the send permission are built for it' },
  { path: 'reporting.timeZone', read: (c) => c.reporting.timeZone, why: 'the schedules fire in it' },
  { path: 'reporting.weekStart', read: (c) => c.reporting.weekStart, why: 'the weekly schedule fires on it' },
  { path: 'reporting.fiscalYearStartMonth', read: (c) => c.reporting.fiscalYearStartMonth, why: 'the quarterly schedule fires on it' },
  { path: 'deploy.stackName', read: (c) => c.deploy.stackName, why: 'it names the resources and the Slack secrets the function may read' },
];

/** Every deploy-bound field on which `live` differs from `deployed`, as ConfigError lines. */
export const deployBoundChanges = (live: FunnelReviewConfig, deployed: FunnelReviewConfig): string[] =>
  DEPLOY_BOUND.flatMap(({ path, read, why }) =>
    read(live) === read(deployed)
      ? []
      : [`${path}: ${JSON.stringify(read(live))} differs from the deployed ${JSON.stringify(read(deployed))}; it changes only with cdk deploy (${why})`],
  );

/**
 * Reads and validates the live config object. Throws ConfigError, naming the object, when it is
 * missing, not valid, or changes a deploy-bound field.
 */
export const readLiveConfig = async (store: ObjectStore, key: string, deployed: FunnelReviewConfig): Promise<FunnelReviewConfig> => {
  const source = `${store.location}/${key}`;
  const body = await store.get(key);
  if (body === undefined) {
    throw new ConfigError(source, ['no live config here: upload one with `funnel-review config push --config <file> --bucket <ConfigBucketName>`']);
  }
  const config = parseConfigText(Buffer.from(body).toString('utf8'), source);
  const changes = deployBoundChanges(config, deployed);
  if (changes.length > 0) throw new ConfigError(source, changes);
  return config;
};
