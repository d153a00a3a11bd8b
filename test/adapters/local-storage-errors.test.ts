import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileLogger } from '../../bin/cli/local-runtime.js';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { LocalStorageError } from '../../lambdas/adapters/local/local-storage-error.js';

// A read-only or full disk cannot be made without privileges: node:fs answers as such a disk
// would, for the files a test names; everything else goes to the real file system.
const failing = vi.hoisted(() => ({ code: undefined as string | undefined }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const refuse = (file: unknown): void => {
    if (failing.code !== undefined && String(file).includes('disk-under-test')) {
      throw Object.assign(new Error(`${failing.code}: simulated, write '${String(file)}'`), { code: failing.code });
    }
  };
  return {
    ...fs,
    writeFileSync: (...args: Parameters<typeof fs.writeFileSync>) => {
      refuse(args[0]);
      return fs.writeFileSync(...args);
    },
    mkdirSync: (...args: Parameters<typeof fs.mkdirSync>) => {
      refuse(args[0]);
      return fs.mkdirSync(...args);
    },
  };
});

describe('local storage that cannot be written', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'disk-under-test-'));
  });
  afterEach(async () => {
    failing.code = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['EROFS', 'read-only file system'],
    ['ENOSPC', 'no space left on device'],
  ])('a %s store write fails naming the file and the cause', async (code, cause) => {
    const store = new FolderObjectStore(dir);
    failing.code = code;

    const error = await store.put('weekly/2026-W47/email.html', '<html>').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LocalStorageError);
    expect((error as Error).message).toBe(`cannot write ${path.join(dir, 'weekly', '2026-W47', 'email.html')}: ${cause} (${code})`);
  });

  it('a folder in the way of a key (a file where a folder should be) is named too', async () => {
    await writeFile(path.join(dir, 'weekly'), 'a file, not a folder');
    const store = new FolderObjectStore(dir);

    await expect(store.put('weekly/2026-W47/email.html', '<html>')).rejects.toThrow(
      `cannot write ${path.join(dir, 'weekly', '2026-W47', 'email.html')}: a part of the path is a file, not a folder (ENOTDIR)`,
    );
  });
});

describe('the run log', () => {
  it('on a full disk, warns once naming the file and the cause, and never stops the process', async () => {
    const warnings: string[] = [];
    const logger = fileLogger('/dev/full', () => new Date('2026-11-24T12:00:00Z'), (text) => warnings.push(text));

    for (let line = 0; line < 50; line += 1) logger.info('pack computed', { line });
    await logger.close();

    expect(warnings).toEqual(['warning: cannot write /dev/full: no space left on device (ENOSPC); the run goes on without its log file\n']);
  });

  it('where its folder cannot exist, warns the same way', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'log-'));
    await writeFile(path.join(dir, 'data'), 'a file where the data dir should be');
    const warnings: string[] = [];
    const file = path.join(dir, 'data', 'funnel-review.log');

    const logger = fileLogger(file, () => new Date(), (text) => warnings.push(text));
    logger.error('report failed');
    await logger.close();

    expect(warnings).toEqual([`warning: cannot write ${file}: a part of the path is a file, not a folder (ENOTDIR); the run goes on without its log file\n`]);
    await rm(dir, { recursive: true, force: true });
  });

  it('writes JSON lines, addresses redacted, when all is well', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'log-'));
    const file = path.join(dir, 'funnel-review.log');
    const logger = fileLogger(file, () => new Date('2026-11-24T12:00:00Z'), () => undefined);

    logger.warn('send failed', { error: 'not verified: cmo@example.com' });
    await logger.close();

    expect(await readFile(file, 'utf8')).toBe('{"level":"WARN","timestamp":"2026-11-24T12:00:00.000Z","message":"send failed","error":"not verified: <address>"}\n');
    await rm(dir, { recursive: true, force: true });
  });
});
