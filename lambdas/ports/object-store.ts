import type { Readable } from 'node:stream';

export interface StoredObject {
  readonly key: string;
  readonly size: number;
}

/** Thrown by `put` with `ifNoneMatch` when the key already exists (S3 412 Precondition Failed). */
export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`object already exists: ${key}`);
    this.name = 'ObjectExistsError';
  }
}

export interface PutOptions {
  readonly contentType?: string;
  /** Create only: fail with ObjectExistsError when the key exists (S3 `If-None-Match: *`). */
  readonly ifNoneMatch?: boolean;
}

/**
 * How another thread of this process opens the same store by itself, as plain data (it is copied
 * across). Only a folder has one: an S3 client stays in the thread that made it.
 */
export interface StoreAddress {
  readonly kind: 'folder';
  readonly root: string;
}

/**
 * One bucket. S3 in AWS, a folder with the same key layout locally.
 * A `put` is atomic: readers see the old object or the new one, never a partial one.
 */
export interface ObjectStore {
  /** Where the store points, for messages and logs (`s3://bucket` or a folder path). */
  readonly location: string;
  /** Present when another thread can open this store by itself (see StoreAddress). */
  readonly address?: StoreAddress;
  get(key: string): Promise<Uint8Array | undefined>;
  getStream(key: string): Promise<Readable>;
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /** Streams a large body (multipart upload on S3), still atomic for readers. */
  putStream(key: string, body: Readable, options?: PutOptions): Promise<void>;
  /** Every object under the prefix, sorted by key. */
  list(prefix: string): Promise<StoredObject[]>;
  delete(key: string): Promise<void>;
}
