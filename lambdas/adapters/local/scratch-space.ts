import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { asLocalStorageError } from './local-storage-error.js';

/**
 * Per-run scratch folders under one root (`<data-dir>/tmp/` locally, `/tmp/funnel-review/` in
 * Lambda). A run's folder is named for its owner, `run-<host>-<pid>-<id>`, and that name is its
 * lock: a run reclaims, at its start, only folders of this host whose process is gone, or that
 * this very process left behind in an earlier life (Lambda restarts a timed-out runtime with the
 * same pid). Two runs sharing a machine therefore never remove each other's files, and a run
 * killed mid-way (a timeout, ^C, an out-of-memory kill) loses its spill files at the next start.
 *
 * While the run lasts TMPDIR points into its folder, so everything that asks os.tmpdir() for a
 * place to spill (ingest's sorted runs and merges) lands where it will be reclaimed.
 * `release` twice is harmless.
 */

export interface ScratchSpace {
  /** This run's folder. */
  readonly dir: string;
  /** Folders of dead runs removed when this one started. */
  readonly reclaimed: readonly string[];
  /** Restores TMPDIR and removes this run's folder. */
  release(): Promise<void>;
}

const FOLDER = /^run-(.+)-(\d+)-([0-9a-f]{16})$/;

/** Folders this process owns now, oldest first; anything else named with its pid is from an earlier process. */
const liveInThisProcess: string[] = [];
/** TMPDIR as it was before the first live folder took it over. */
let tmpdirBefore: string | undefined;

const processIsAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const isStale = (name: string, host: string): boolean => {
  const match = FOLDER.exec(name);
  if (match === null || match[1] !== host) return false;
  const pid = Number(match[2]);
  if (pid === process.pid) return !liveInThisProcess.some((dir) => path.basename(dir) === name);
  return !processIsAlive(pid);
};

export const openScratchSpace = async (root: string): Promise<ScratchSpace> => {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw asLocalStorageError(error, root);
  }
  const reclaimed: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || !isStale(entry.name, host)) continue;
    await rm(path.join(root, entry.name), { recursive: true, force: true });
    reclaimed.push(entry.name);
  }
  const name = `run-${host}-${process.pid}-${randomBytes(8).toString('hex')}`;
  const dir = path.join(root, name);
  try {
    await mkdir(dir);
  } catch (error) {
    throw asLocalStorageError(error, dir);
  }
  if (liveInThisProcess.length === 0) tmpdirBefore = process.env.TMPDIR;
  liveInThisProcess.push(dir);
  process.env.TMPDIR = dir;
  return {
    dir,
    reclaimed,
    release: async () => {
      // Runs of one process may end in any order: TMPDIR goes to the newest live folder, else back.
      const index = liveInThisProcess.indexOf(dir);
      if (index === -1) return;
      liveInThisProcess.splice(index, 1);
      const newest = liveInThisProcess.at(-1);
      if (newest !== undefined) process.env.TMPDIR = newest;
      else if (tmpdirBefore === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdirBefore;
      await rm(dir, { recursive: true, force: true });
    },
  };
};
