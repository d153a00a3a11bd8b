import type { ObjectStore } from '../../lambdas/ports/object-store.js';
import type { ProgressReporter, ProgressStream } from './progress-reporter.js';

/** What commands write to and where they run; tests and `main.ts` fill it in. */
export interface CliContext {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly progress: ProgressReporter;
  readonly cwd: string;
  /**
   * The store for an S3 bucket (`config push`).
   * @default an S3ObjectStore with the SDK's default credentials and region
   */
  readonly objectStoreFor?: (bucket: string) => Promise<ObjectStore>;
}

/** Options every command accepts. */
export interface CommonOptions {
  readonly dataDir: string;
  readonly config?: string;
}
