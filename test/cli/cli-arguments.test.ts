import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = path.resolve(import.meta.dirname, '../../bin/funnel-review.js');

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real command in a child process, from an empty working directory. */
const runCli = (args: readonly string[], cwd: string): Promise<CliRun> =>
  new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });

/** A fresh empty working directory per test, so the tests can run side by side. */
const inTempDir = async (test: (cwd: string, dataDir: string) => Promise<void>): Promise<void> => {
  const cwd = await mkdtemp(path.join(tmpdir(), 'funnel-review-cli-'));
  try {
    await test(cwd, path.join(cwd, 'data'));
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
};

/** Nothing at all may appear in the working directory (no data dir, no log, no config). */
const expectNothingWritten = async (cwd: string) => expect(await readdir(cwd)).toEqual([]);

// Each test spawns a Node process; running them side by side keeps the file quick.
describe.concurrent('funnel-review command-line errors', () => {
  it('rejects an unknown command with exit code 2', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['publish', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("unknown command 'publish'");
      await expectNothingWritten(cwd);
    }));

  it('rejects a missing command with exit code 2 and shows the commands', () =>
    inTempDir(async (cwd) => {
      const run = await runCli([], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('demo');
    }));

  it('rejects an --as-of that is not a date', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['demo', '--as-of', '2026-13-01', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("option '--as-of <date>' argument '2026-13-01' is invalid");
      await expectNothingWritten(cwd);
    }));

  it('rejects --from after --to', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['sample', '--from', '2026-03-10', '--to', '2026-03-01', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--from 2026-03-10 is after --to 2026-03-01');
      await expectNothingWritten(cwd);
    }));

  it('rejects an unknown cadence', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['report', 'daily', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Allowed choices are weekly, monthly, quarterly');
      await expectNothingWritten(cwd);
    }));

  it('rejects a period id that does not fit the cadence', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['report', 'monthly', '--period', '2026-13', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Period id "2026-13" is not a valid monthly period');
      await expectNothingWritten(cwd);
    }));

  it('rejects a team that is not in the config', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['report', 'weekly', '--team', 'finance', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('--team finance: not a team in the config (teams: marketing, sales)');
      await expectNothingWritten(cwd);
    }));

  it('rejects --date together with --all', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['ingest', '--date', '2026-03-01', '--all', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Give one of --date, --from/--to or --all.');
      await expectNothingWritten(cwd);
    }));

  it('rejects a config file given explicitly that does not exist', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['demo', '--config', 'missing.json', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`invalid config ${path.join(cwd, 'missing.json')}:\n  file not found`);
      await expectNothingWritten(cwd);
    }));

  it('lists each config problem with its path', () =>
    inTempDir(async (cwd, dataDir) => {
      const file = path.join(cwd, 'funnel-review.config.json');
      await writeFile(
        file,
        JSON.stringify({
          reporting: { timeZone: 'America/New_York', currency: 'USD' },
          sender: { address: 'reports@example.com' },
          teams: { marketing: { name: 'Marketing', recipients: ['m@example.com'] }, sales: { name: 'Sales', recipients: ['s@example.com', 'not-an-address'] } },
          sources: {},
        }),
      );

      const run = await runCli(['sample', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('teams.sales.recipients[1]: not an email address');
      expect(await readdir(cwd)).toEqual(['funnel-review.config.json']);
    }));

  it('rejects a period that has not ended, before the data dir exists', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['report', 'monthly', '--period', '2026-11', '--as-of', '2026-11-24', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('period: 2026-11 (November 2026) is not over yet in America/New_York; packs cover full periods (today is 2026-11-24)');
      await expectNothingWritten(cwd);
    }));

  it('rejects a test send when the config names no test recipients, before the data dir exists', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['report', 'weekly', '--test', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('test: no testRecipients in the config to send a test to');
      await expectNothingWritten(cwd);
    }));

  it('rejects a config check of an invalid file, naming each problem', () =>
    inTempDir(async (cwd) => {
      await writeFile(path.join(cwd, 'prod.json'), '{ "reporting": { "timeZone": "UTC", "currency": "usd" } }');

      const run = await runCli(['config', 'check', '--config', 'prod.json'], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain('reporting.currency: not an ISO 4217 currency code (e.g. USD)');
      expect(run.stderr).toContain('sender: ');
      expect(await readdir(cwd)).toEqual(['prod.json']);
    }));

  it('fails naming the data dir and the cause when it cannot be written (a file stands where it should be)', () =>
    inTempDir(async (cwd) => {
      await writeFile(path.join(cwd, 'occupied'), 'a file');
      const dataDir = path.join(cwd, 'occupied', 'data');

      const run = await runCli(['report', 'weekly', '--dry-run', '--as-of', '2026-11-24', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(1);
      expect(run.stderr).toBe(`error: LocalStorageError: cannot write ${dataDir}: a part of the path is a file, not a folder (ENOTDIR)\n`);
      expect(await readdir(cwd)).toEqual(['occupied']);
    }));

  it('rejects a scale that is not a positive number', () =>
    inTempDir(async (cwd, dataDir) => {
      const run = await runCli(['sample', '--scale', '-1', '--data-dir', dataDir], cwd);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain("option '--scale <n>' argument '-1' is invalid");
      await expectNothingWritten(cwd);
    }));
});

describe('funnel-review help and sample', () => {
  let cwd: string;

  beforeEach(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'funnel-review-cli-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('prints usage for every command with --help and exits 0', async () => {
    const commands = [['demo'], ['sample'], ['ingest'], ['report'], ['config'], ['config', 'push'], ['config', 'check']];
    const runs = await Promise.all(commands.map((command) => runCli([...command, '--help'], cwd)));

    expect(runs.map((run) => run.code)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(runs.map((run) => run.stdout.split('\n')[0])).toEqual([
      'Usage: funnel-review demo [options]',
      'Usage: funnel-review sample [options]',
      'Usage: funnel-review ingest [options]',
      'Usage: funnel-review report [options] <cadence>',
      'Usage: funnel-review config [options] [command]',
      'Usage: funnel-review config push [options]',
      'Usage: funnel-review config check [options]',
    ]);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('sample writes a week of landing files and its marker into the data dir', async () => {
    const dataDir = path.join(cwd, 'data');

    const run = await runCli(['sample', '--seed', '5', '--from', '2026-03-02', '--to', '2026-03-08', '--data-dir', dataDir], cwd);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('7 days, 28 files');
    expect((await readdir(path.join(dataDir, 'landing'))).sort()).toEqual(['ad_spend', 'crm_lifecycle', 'crm_opportunities', 'web_analytics']);
    expect(await readdir(path.join(dataDir, 'landing', 'crm_lifecycle'))).toHaveLength(7);
    expect((await readdir(dataDir)).sort()).toEqual(['landing', 'sample.json']);
  });
});
