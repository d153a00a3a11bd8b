import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../lambdas/adapters/aws/s3-object-store.js';
import { readLiveConfig } from '../../lambdas/config/live-config.js';
import { loadConfigFile } from '../../lambdas/config/load-config.js';
import { runCli } from '../../bin/cli/cli-program.js';
import { silentProgress, type ProgressReporter } from '../../bin/cli/progress-reporter.js';
import { startLoopbackS3, type LoopbackS3 } from '../support/loopback-s3.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(repoRoot, 'funnel-review.config.example.json');

/** The CLI in this process, its output captured, with `config push` pointed at the loopback S3. */
const cliWith = (s3: LoopbackS3, cwd: string) => {
  const out: string[] = [];
  const err: string[] = [];
  const progress: ProgressReporter = { ...silentProgress, line: (text) => void out.push(text) };
  const run = (args: readonly string[]) =>
    runCli(args, {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
      progress,
      cwd,
      objectStoreFor: async (bucket) => new S3ObjectStore(s3.client, bucket),
    });
  return { run, out, err };
};

describe('funnel-review config push / check (S3 on loopback)', () => {
  let s3: LoopbackS3;
  let cwd: string;

  beforeAll(async () => {
    s3 = await startLoopbackS3(['config']);
    cwd = await mkdtemp(path.join(tmpdir(), 'funnel-review-config-'));
  });
  afterAll(async () => {
    await s3.stop();
    await rm(cwd, { recursive: true, force: true });
  });

  it('validates the file and uploads it as written, comments included, where the functions read it', async () => {
    const cli = cliWith(s3, cwd);

    const code = await cli.run(['config', 'push', '--config', EXAMPLE, '--bucket', 'config']);

    expect(code).toBe(0);
    expect(cli.out[0]).toBe(`✔ ${EXAMPLE} is valid; uploaded to s3://config/funnel-review.config.json`);
    expect(cli.out).toContain('  teams: marketing (1 recipient), sales (2 recipients)');
    const store = new S3ObjectStore(s3.client, 'config');
    expect(Buffer.from((await store.get('funnel-review.config.json')) ?? []).toString('utf8')).toBe(await readFile(EXAMPLE, 'utf8'));
    // What a function then reads, checked against the config it was deployed with.
    const deployed = await loadConfigFile(EXAMPLE);
    expect(await readLiveConfig(store, 'funnel-review.config.json', deployed)).toEqual(deployed);
  });

  it('refuses an invalid file with exit code 2, one line per problem, and uploads nothing', async () => {
    const file = path.join(cwd, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        reporting: { timeZone: 'Mars/Olympus', currency: 'USD' },
        sender: { address: 'reports@example.com' },
        teams: { marketing: { name: 'Marketing', recipients: ['m@example.com'] }, sales: { name: 'Sales', recipients: ['not-an-address'] } },
        sources: {},
      }),
    );
    const cli = cliWith(s3, cwd);

    const code = await cli.run(['config', 'push', '--config', file, '--bucket', 'config', '--key', 'other.json']);

    expect(code).toBe(2);
    expect(cli.err.join('')).toBe(
      `error: invalid config ${file}:\n  reporting.timeZone: not an IANA time zone (e.g. Europe/Berlin)\n  teams.sales.recipients[0]: not an email address\n`,
    );
    expect(await new S3ObjectStore(s3.client, 'config').get('other.json')).toBeUndefined();
  });

  it('needs the bucket', async () => {
    const cli = cliWith(s3, cwd);

    const code = await cli.run(['config', 'push', '--config', EXAMPLE]);

    expect(code).toBe(2);
    expect(cli.err.join('')).toContain("required option '--bucket <name>' not specified");
  });

  it('check validates and summarises without touching anything', async () => {
    const cli = cliWith(s3, cwd);

    const code = await cli.run(['config', 'check', '--config', EXAMPLE]);

    expect(code).toBe(0);
    expect(cli.out).toEqual([
      `✔ ${EXAMPLE} is valid`,
      '  teams: marketing (1 recipient), sales (2 recipients)',
      '  test recipients: 1',
      '  sources: crm_lifecycle, crm_opportunities, ad_spend, web_analytics',
      '  goals: 1 quarter, 0 months, every quarter',
    ]);
    expect(await readdir(cwd)).toEqual(['bad.json']);
  });
});
