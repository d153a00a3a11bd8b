import type { ObjectStore } from '../ports/object-store.js';
import { LAKE_KEYS, type Dataset } from '../schema/canonical-schema.js';

/**
 * What one ingest run did for one dataset and landing date: the report's freshness gate reads
 * these. A day is fresh for a dataset when its manifest exists with status `ok`.
 *
 * status: `ok` every configured source of the dataset had its files for the date and read them
 * (some rows may have been quarantined); `missing` at least one source had no file that day;
 * `failed` at least one source could not be ingested (an unparseable file, a write error).
 */
export type ManifestStatus = 'ok' | 'missing' | 'failed';

export interface ManifestFile {
  readonly key: string;
  readonly bytes: number;
  /** sha256 of the landing file, hex; absent when the file could not be read through. */
  readonly sha256?: string;
}

export interface ManifestSource {
  readonly source: string;
  readonly status: 'ok' | 'no-files' | 'failed';
  readonly files: readonly ManifestFile[];
  readonly rowsRead: number;
  readonly rowsWritten: number;
  readonly rowsRejected: number;
  /** The `dt` partitions this source's rows landed in. */
  readonly partitions: readonly string[];
  readonly quarantinedFiles: readonly string[];
  readonly error?: string;
}

export interface IngestManifest {
  readonly dataset: Dataset;
  /** The landing date ingested, YYYY-MM-DD. */
  readonly date: string;
  readonly status: ManifestStatus;
  readonly runId: string;
  /** ISO timestamp of the run. */
  readonly ingestedAt: string;
  readonly sources: readonly ManifestSource[];
  readonly totals: { readonly rowsRead: number; readonly rowsWritten: number; readonly rowsRejected: number; readonly files: number };
}

export class ManifestError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`${key}: ${reason}`);
    this.name = 'ManifestError';
  }
}

export const manifestStatusOf = (sources: readonly Pick<ManifestSource, 'status'>[]): ManifestStatus =>
  sources.some((s) => s.status === 'failed') ? 'failed' : sources.some((s) => s.status === 'no-files') ? 'missing' : 'ok';

export const buildManifest = (input: {
  dataset: Dataset;
  date: string;
  runId: string;
  ingestedAt: Date;
  sources: readonly ManifestSource[];
}): IngestManifest => ({
  dataset: input.dataset,
  date: input.date,
  status: manifestStatusOf(input.sources),
  runId: input.runId,
  ingestedAt: input.ingestedAt.toISOString(),
  sources: input.sources,
  totals: {
    rowsRead: input.sources.reduce((sum, s) => sum + s.rowsRead, 0),
    rowsWritten: input.sources.reduce((sum, s) => sum + s.rowsWritten, 0),
    rowsRejected: input.sources.reduce((sum, s) => sum + s.rowsRejected, 0),
    files: input.sources.reduce((sum, s) => sum + s.files.length, 0),
  },
});

export const writeManifest = async (lake: ObjectStore, manifest: IngestManifest): Promise<void> => {
  await lake.put(LAKE_KEYS.manifest(manifest.dataset, manifest.date), `${JSON.stringify(manifest, null, 2)}\n`, {
    contentType: 'application/json',
  });
};

/** The manifest of a dataset and landing date, or undefined when that date was never ingested. */
export const readManifest = async (lake: ObjectStore, dataset: Dataset, date: string): Promise<IngestManifest | undefined> => {
  const key = LAKE_KEYS.manifest(dataset, date);
  const bytes = await lake.get(key);
  if (!bytes) return undefined;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as IngestManifest;
  } catch (error) {
    throw new ManifestError(key, `not valid JSON (${(error as Error).message})`);
  }
};
