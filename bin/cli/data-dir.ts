import path from 'node:path';

/** Where local runs keep their data when `--data-dir` is not given (git-ignored). */
export const DEFAULT_DATA_DIR = '.funnel-review';

/** The local stand-ins for the buckets and for SES, one folder each, with the S3 key layout. */
export interface DataDirLayout {
  readonly root: string;
  readonly landing: string;
  readonly lake: string;
  readonly reports: string;
  readonly outbox: string;
  /** Records which sample the landing folder holds, so `demo` regenerates only when it changes. */
  readonly sampleMarker: string;
  /** Ops notifications (the SNS topic in AWS). */
  readonly opsLog: string;
  /** The pipeline's structured log lines. */
  readonly runLog: string;
  /** Runs' scratch folders (spill files), reclaimed when their run was killed. */
  readonly scratch: string;
}

export const dataDirLayout = (dataDir: string, cwd = process.cwd()): DataDirLayout => {
  const root = path.resolve(cwd, dataDir);
  return {
    root,
    landing: path.join(root, 'landing'),
    lake: path.join(root, 'lake'),
    reports: path.join(root, 'reports'),
    outbox: path.join(root, 'outbox'),
    sampleMarker: path.join(root, 'sample.json'),
    opsLog: path.join(root, 'ops-notifications.log'),
    runLog: path.join(root, 'funnel-review.log'),
    scratch: path.join(root, 'tmp'),
  };
};
