import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { FunnelReviewConfig } from '../../../lambdas/config/config-schema.js';
import { DEPLOY_BOUND } from '../../../lambdas/config/live-config.js';
import { loadConfigFile } from '../../../lambdas/config/load-config.js';
import { LIVE_CONFIG_KEY } from '../../../lambdas/config/runtime-environment.js';
import type { ObjectStore } from '../../../lambdas/ports/object-store.js';
import { CliUsageError } from '../cli-arguments.js';
import { DEFAULT_CONFIG_FILE } from '../cli-config.js';
import type { CliContext } from '../cli-context.js';

/** The S3 bucket `push` uploads to; tests hand in a store on a loopback server instead. */
const defaultStoreFor = async (bucket: string): Promise<ObjectStore> => {
  const [{ S3Client }, { S3ObjectStore }] = await Promise.all([import('@aws-sdk/client-s3'), import('../../../lambdas/adapters/aws/s3-object-store.js')]);
  return new S3ObjectStore(new S3Client({}), bucket);
};

/** What a validated config holds, in a few lines (no addresses: a terminal may be shared). */
export const describeConfig = (config: FunnelReviewConfig): string[] => {
  const teams = Object.entries(config.teams).map(
    ([id, team]) => `${id} (${team.recipients.length} recipient${team.recipients.length === 1 ? '' : 's'}${team.slack === undefined ? '' : ', Slack'})`,
  );
  const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
  return [
    `teams: ${teams.join(', ')}`,
    `test recipients: ${config.testRecipients.length}`,
    `sources: ${Object.keys(config.sources).join(', ') || 'none'}`,
    `goals: ${count(Object.keys(config.goals.quarterly).length, 'quarter')}, ${count(Object.keys(config.goals.monthly).length, 'month')}${config.goals.everyQuarter === undefined ? '' : ', every quarter'}`,
  ];
};

/** `--config FILE`, else ./funnel-review.config.json; never the built-in sample (there is nothing to push). */
const configFileOf = (explicit: string | undefined, cwd: string): string => path.resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);

interface PushOptions {
  readonly config?: string;
  readonly bucket: string;
  readonly key: string;
}

export const configCommand = (context: CliContext): Command => {
  const command = new Command('config').description('Check a config file, or upload it as the live config the deployed functions read on every run');
  command.addCommand(
    new Command('check')
      .description('Validate a config file and summarise it (exit 2 and one line per problem when it is not valid)')
      .option('--config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE})`)
      .action(async (options: { config?: string }) => {
        const file = configFileOf(options.config, context.cwd);
        const config = await loadConfigFile(file);
        context.progress.line(`✔ ${file} is valid`);
        for (const line of describeConfig(config)) context.progress.line(`  ${line}`);
      }),
  );
  command.addCommand(
    new Command('push')
      .description('Validate a config file, then upload it as the live config: the next run of each function uses it, no redeploy')
      .option('--config <file>', `config file (default: ./${DEFAULT_CONFIG_FILE})`)
      .requiredOption('--bucket <name>', 'the config bucket (stack output ConfigBucketName)')
      .addOption(new Option('--key <key>', 'object key the functions read').default(LIVE_CONFIG_KEY))
      .action(async (options: PushOptions) => {
        const file = configFileOf(options.config, context.cwd);
        const config = await loadConfigFile(file);
        if (options.key.trim() === '') throw new CliUsageError('--key must not be empty.');
        // The file as written, comments included: the functions read JSON with comments.
        const text = await readFile(file, 'utf8');
        const store = await (context.objectStoreFor ?? defaultStoreFor)(options.bucket);
        await store.put(options.key, text, { contentType: 'application/json' });
        context.progress.line(`✔ ${file} is valid; uploaded to ${store.location}/${options.key}`);
        for (const line of describeConfig(config)) context.progress.line(`  ${line}`);
        context.progress.line('The next run of each function reads it. deploy.* settings take effect with cdk deploy;');
        context.progress.line(`${DEPLOY_BOUND.map((field) => field.path).join(', ')} must match the deployed stack, or runs stop and tell ops.`);
      }),
  );
  return command;
};
