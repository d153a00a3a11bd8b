import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openScratchSpace } from '../../lambdas/adapters/local/scratch-space.js';

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
const folderOf = (pid: number, host = HOST): string => `run-${host}-${pid}-00112233aabbccdd`;

/** A real process that idles until killed: its pid is alive, then dead. */
const idleProcess = async (): Promise<ChildProcess> => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('spawn', resolve));
  return child;
};
const kill = async (child: ChildProcess): Promise<void> => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
};

describe('openScratchSpace', () => {
  let root: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'scratch-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) await kill(child);
    await rm(root, { recursive: true, force: true });
  });

  it('reclaims the folder of a run that was killed, with everything in it', async () => {
    const child = await idleProcess();
    children.push(child);
    const leftover = path.join(root, folderOf(child.pid as number));
    await mkdir(path.join(leftover, 'runs'), { recursive: true });
    await writeFile(path.join(leftover, 'runs', 'part-1.parquet'), 'x'.repeat(4096));
    await kill(child);

    const scratch = await openScratchSpace(root);

    expect(scratch.reclaimed).toEqual([folderOf(child.pid as number)]);
    expect(await readdir(root)).toEqual([path.basename(scratch.dir)]);
    await scratch.release();
  });

  it('never touches the folder of a run that is still going, nor one of another machine', async () => {
    const child = await idleProcess();
    children.push(child);
    await mkdir(path.join(root, folderOf(child.pid as number)));
    await mkdir(path.join(root, folderOf(1234567, 'another-host')));

    const scratch = await openScratchSpace(root);

    expect(scratch.reclaimed).toEqual([]);
    expect((await readdir(root)).sort()).toEqual([folderOf(child.pid as number), folderOf(1234567, 'another-host'), path.basename(scratch.dir)].sort());
    await scratch.release();
  });

  it('keeps two runs of one process apart, and each removes only its own folder, in whatever order they end', async () => {
    const before = process.env.TMPDIR;
    const first = await openScratchSpace(root);
    const second = await openScratchSpace(root);

    expect(second.reclaimed).toEqual([]);
    await first.release();
    expect(await readdir(root)).toEqual([path.basename(second.dir)]);
    expect(process.env.TMPDIR).toBe(second.dir);
    await second.release();
    await second.release();
    expect(await readdir(root)).toEqual([]);
    expect(process.env.TMPDIR).toBe(before);
  });

  it('points TMPDIR into the run’s folder while it lasts, and restores it', async () => {
    const before = process.env.TMPDIR;

    const scratch = await openScratchSpace(root);
    const during = process.env.TMPDIR;
    await scratch.release();

    expect(during).toBe(scratch.dir);
    expect(process.env.TMPDIR).toBe(before);
  });
});
