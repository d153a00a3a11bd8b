import type { ProgressReporter, ProgressStream } from './progress-reporter.js';

/** What commands write to and where they run; tests and `main.ts` fill it in. */
export interface CliContext {
  readonly stdout: ProgressStream;
  readonly stderr: ProgressStream;
  readonly progress: ProgressReporter;
  readonly cwd: string;
}

/** Options every command accepts. */
export interface CommonOptions {
  readonly dataDir: string;
  readonly config?: string;
}
