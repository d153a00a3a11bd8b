import type { ObjectStore } from '../ports/object-store.js';

/** A partition file's place: the lake and the file's key in it. */
export interface PartitionTarget {
  readonly lake: ObjectStore;
  readonly key: string;
}

/** Puts `bytes` at `key` (or deletes the file when there are none) unless the lake has them already. */
export const publishPartition = async ({ lake, key }: PartitionTarget, existing: Uint8Array | undefined, bytes: Uint8Array | undefined): Promise<void> => {
  if (bytes === undefined) {
    if (existing) await lake.delete(key);
    return;
  }
  // Unchanged content is not rewritten: a re-run touches nothing it does not need to.
  if (!existing || Buffer.compare(existing, bytes) !== 0) await lake.put(key, bytes, { contentType: 'application/vnd.apache.parquet' });
};
