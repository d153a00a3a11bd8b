import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ObjectExistsError, type ObjectStore, type PutOptions, type StoreAddress, type StoredObject } from '../../ports/object-store.js';
import { asLocalStorageError } from './local-storage-error.js';

/** A key that would escape the root folder or is not a plain relative path. */
export class InvalidObjectKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid object key: ${JSON.stringify(key)}`);
    this.name = 'InvalidObjectKeyError';
  }
}

/** Temp files start with a dot and end in `.tmp`, so `*.parquet` globs (DuckDB) never see them. */
const isTempFile = (name: string): boolean => name.startsWith('.') && name.endsWith('.tmp');

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Removes a temp file that may never have been created (its folder may not even exist). */
const removeTemp = (temp: string): void => {
  try {
    rmSync(temp, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTDIR') throw error;
  }
};

/**
 * The local stand-in for an S3 bucket: each key is a file under `rootDir`, with the same layout.
 * Writes go to a temp file in the target's folder and are renamed into place, so readers see the
 * old file or the new one, never a partial one.
 *
 * Whole-object calls use node's synchronous file calls: a local file of a few hundred KB is written
 * in well under a millisecond, while each promise call is a round trip through libuv's thread pool
 * (a lake file took six: list, mkdir, open, write, close, rename), and those thread wake-ups cost
 * the ingest's reading thread more than the writes themselves. Streams stay asynchronous.
 */
export class FolderObjectStore implements ObjectStore {
  readonly location: string;
  readonly address: StoreAddress;

  constructor(readonly rootDir: string) {
    this.location = path.resolve(rootDir);
    this.address = { kind: 'folder', root: this.location };
  }

  /** The store at `address`, opened in this thread. */
  static at(address: StoreAddress): FolderObjectStore {
    return new FolderObjectStore(address.root);
  }

  private pathOf(key: string): string {
    if (key === '' || key.startsWith('/') || key.includes('\\') || key.split('/').some((part) => part === '..' || part === '.' || part === '')) {
      throw new InvalidObjectKeyError(key);
    }
    return path.join(this.location, ...key.split('/'));
  }

  private tempPathFor(file: string): string {
    return path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return readFileSync(this.pathOf(key));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async getStream(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    // Fail here, not on the first read, so callers can tell a missing key from a broken stream.
    statSync(file);
    return createReadStream(file, { highWaterMark: 1 << 20 });
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    const file = this.pathOf(key);
    await this.writing(file, async (temp) => writeFileSync(temp, body), key, options);
  }

  async putStream(key: string, body: Readable, options: PutOptions = {}): Promise<void> {
    const file = this.pathOf(key);
    await this.writing(file, (temp) => pipeline(body, createWriteStream(temp)), key, options);
  }

  /**
   * Writes a temp file next to `file` and publishes it; a file-system failure (read-only, full
   * disk) becomes a LocalStorageError naming the file and the cause.
   */
  private async writing(file: string, write: (temp: string) => Promise<void>, key: string, options: PutOptions): Promise<void> {
    const temp = this.tempPathFor(file);
    let moved = false;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      await write(temp);
      moved = this.publish(key, temp, file, options);
    } catch (error) {
      throw asLocalStorageError(error, file);
    } finally {
      if (!moved) removeTemp(temp);
    }
  }

  /**
   * rename replaces atomically; link fails atomically when the target exists (create-only).
   * Resolves to whether the temp file is gone (renamed into place), or is left to remove.
   */
  private publish(key: string, temp: string, file: string, options: PutOptions): boolean {
    if (!options.ifNoneMatch) {
      renameSync(temp, file);
      return true;
    }
    try {
      linkSync(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(key);
      throw error;
    }
    return false;
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    const walk = (dir: string, keyPrefix: string): void => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const entry of entries) {
        const key = `${keyPrefix}${entry.name}`;
        if (entry.isDirectory()) {
          // Only descend into folders that can still hold keys under the prefix.
          if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) walk(path.join(dir, entry.name), `${key}/`);
        } else if (entry.isFile() && !isTempFile(entry.name) && key.startsWith(prefix)) {
          const info = statSync(path.join(dir, entry.name));
          found.push({ key, size: info.size });
        }
      }
    };
    // Every key under the prefix is in the folder up to its last '/': start there, not at the root
    // (a partition file's size is looked up by its key, in a dataset folder of hundreds of days).
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const parts = folder.split('/').slice(0, -1);
    if (parts.length > 0 && parts.every((part) => part !== '' && part !== '.' && part !== '..' && !part.includes('\\'))) {
      walk(path.join(this.location, ...parts), folder);
    } else walk(this.location, '');
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    try {
      unlinkSync(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}
