/** What a file-system error code means, in words a person running the command can act on. */
const CAUSES: Readonly<Record<string, string>> = {
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'the path is a folder',
  EMFILE: 'too many open files',
};

/**
 * A local file could not be written: the message names the path and the cause
 * (`cannot write /data/lake/x.parquet: read-only file system (EROFS)`), never a bare errno.
 */
export class LocalStorageError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${path}: ${CAUSES[code] ?? 'file system error'} (${code})`, options);
    this.name = 'LocalStorageError';
  }
}

/** The error as a LocalStorageError naming `path` when it is a file-system error; otherwise unchanged. */
export const asLocalStorageError = (error: unknown, path: string): unknown => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? new LocalStorageError(path, code, { cause: error }) : error;
};
