import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { generateSample } from '../../lambdas/sample/generate-sample.js';

const CLI = path.resolve(import.meta.dirname, '../../bin/funnel-review.js');

const runCli = (args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });

describe('funnel-review ingest and report', () => {
  let cwd: string;
  let dataDir: string;

  beforeAll(async () => {
    cwd = await mkdtemp(path.join(tmpdir(), 'funnel-review-ingest-'));
    dataDir = path.join(cwd, 'data');
    const landing = new FolderObjectStore(path.join(dataDir, 'landing'));
    await generateSample({ seed: 9, from: '2026-03-02', to: '2026-03-04' }, (key, content) => landing.put(key, content));
  });
  afterAll(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('ingests every landing date with --all and writes a manifest per dataset and date', async () => {
    const run = await runCli(['ingest', '--all', '--as-of', '2026-03-05', '--data-dir', dataDir], cwd);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ Ingesting: 3 dates');
    expect((await readdir(path.join(dataDir, 'lake', 'manifests', 'funnel_events'))).sort()).toEqual(['2026-03-02.json', '2026-03-03.json', '2026-03-04.json']);
    const manifest = JSON.parse(await readFile(path.join(dataDir, 'lake', 'manifests', 'marketing_spend', '2026-03-03.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('ok');
  });

  it('report --dry-run archives a pack for the latest full week without delivering it', async () => {
    const run = await runCli(['report', 'weekly', '--dry-run', '--as-of', '2026-03-09', '--data-dir', dataDir], cwd);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2026-W10 dry-run');
    expect(run.stdout).toContain(`file://${path.join(dataDir, 'reports', 'weekly', '2026-W10', 'email.html')}`);
    expect(await readdir(path.join(dataDir, 'outbox'))).toEqual([]);
  });
});
