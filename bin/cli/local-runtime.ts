/**
 * The CLI's door into the pipelines: the same RuntimeDeps the Lambda handlers build from AWS
 * clients, built here from local adapters under the data dir (folders for the buckets, DuckDB
 * for Athena, an outbox folder for SES, a log file for the ops topic).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FunnelReviewConfig } from '../../lambdas/config/config-schema.js';
import { FilePackLinker } from '../../lambdas/adapters/local/file-pack-links.js';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { asLocalStorageError } from '../../lambdas/adapters/local/local-storage-error.js';
import { LogNotifier } from '../../lambdas/adapters/local/log-notifier.js';
import { OutboxMailer } from '../../lambdas/adapters/local/outbox-mailer.js';
import { OutboxSlackPoster } from '../../lambdas/adapters/local/outbox-slack-poster.js';
import { openScratchSpace } from '../../lambdas/adapters/local/scratch-space.js';
import type { AppLogger, LogAttributes } from '../../lambdas/observability/app-logger.js';
import { redactAddresses } from '../../lambdas/observability/app-logger.js';
import { fixedClock } from '../../lambdas/ports/clock.js';
import type { QueryEngine, QueryParameter, QueryResult } from '../../lambdas/ports/query-engine.js';
import type { RuntimeDeps } from '../../lambdas/pipeline/runtime-deps.js';
import { asOfInstant } from './cli-arguments.js';
import { dataDirLayout, type DataDirLayout } from './data-dir.js';

export interface LocalRuntimeOptions {
  readonly dataDir: string;
  readonly config: FunnelReviewConfig;
  /** The local date the run pretends it is (`YYYY-MM-DD` in the reporting time zone). */
  readonly asOf: string;
  /** Where ops notifications are echoed (they are also appended to `<data-dir>/ops-notifications.log`). */
  readonly writeOps?: (text: string) => void;
  /** Where the log file's own trouble is reported, once (it never stops the run). Default stderr. */
  readonly writeWarning?: (text: string) => void;
}

export interface LocalRuntime extends RuntimeDeps {
  readonly layout: DataDirLayout;
  /** Closes DuckDB and the log file. */
  close(): Promise<void>;
}

/** Opens DuckDB on the first query only: `ingest` never needs it, and loading it takes a moment. */
class LazyDuckDbEngine implements QueryEngine {
  private opened: Promise<QueryEngine> | undefined;

  constructor(private readonly lakeDir: string) {}

  private engine(): Promise<QueryEngine> {
    this.opened ??= import('../../lambdas/adapters/local/duckdb-query-engine.js').then(({ DuckDbQueryEngine }) =>
      DuckDbQueryEngine.open({ lakeDir: this.lakeDir }),
    );
    return this.opened;
  }

  async query<Row extends Record<string, unknown>>(name: string, sql: string, parameters?: readonly QueryParameter[]): Promise<QueryResult<Row>> {
    return (await this.engine()).query<Row>(name, sql, parameters);
  }

  async close(): Promise<void> {
    if (this.opened === undefined) return;
    await (await this.opened).close?.();
  }
}

/**
 * JSON lines into `<data-dir>/funnel-review.log`, addresses redacted, as the Lambda logs would be.
 * A log file that cannot be written (read-only, full disk) is reported once and then skipped:
 * losing log lines never stops a run.
 */
export const fileLogger = (file: string, clock: () => Date, warn: (text: string) => void): AppLogger & { close(): Promise<void> } => {
  const stream = createWriteStream(file, { flags: 'a' });
  let broken = false;
  stream.on('error', (error) => {
    if (broken) return;
    broken = true;
    warn(`warning: ${(asLocalStorageError(error, file) as Error).message}; the run goes on without its log file\n`);
  });
  const write =
    (level: string) =>
    (message: string, ...extra: LogAttributes[]): void => {
      if (broken) return;
      const entry = Object.assign({ level, timestamp: clock().toISOString(), message }, ...extra);
      stream.write(redactAddresses(JSON.stringify(entry)) + '\n');
    };
  return {
    debug: write('DEBUG'),
    info: write('INFO'),
    warn: write('WARN'),
    error: write('ERROR'),
    // 'close' comes after any write error has been reported, unlike end()'s callback.
    close: () =>
      new Promise<void>((resolve) => {
        if (stream.closed) return resolve();
        stream.once('close', () => resolve());
        stream.end();
      }),
  };
};

/** Fails with the folder and the cause (read-only, full, a file in the way) before any work starts. */
const checkWritable = async (dir: string): Promise<void> => {
  const probe = path.join(dir, `.write-check-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '');
  } catch (error) {
    throw asLocalStorageError(error, dir);
  }
  await rm(probe, { force: true });
};

export const createLocalRuntime = async (options: LocalRuntimeOptions): Promise<LocalRuntime> => {
  const layout = dataDirLayout(options.dataDir);
  await checkWritable(layout.root);
  await Promise.all([layout.landing, layout.lake, layout.reports, layout.outbox].map((dir) => checkWritable(dir)));
  // Spill files of runs that were killed are reclaimed here; this run's go in its own folder.
  const scratch = await openScratchSpace(layout.scratch);
  const clock = fixedClock(asOfInstant(options.asOf, options.config.reporting.timeZone).toISOString());
  const logger = fileLogger(layout.runLog, () => new Date(), options.writeWarning ?? ((text) => process.stderr.write(text)));
  const engine = new LazyDuckDbEngine(layout.lake);
  return {
    layout,
    config: options.config,
    landing: new FolderObjectStore(layout.landing),
    lake: new FolderObjectStore(layout.lake),
    reports: new FolderObjectStore(layout.reports),
    engine,
    mailer: new OutboxMailer(layout.outbox),
    slack: new OutboxSlackPoster(layout.outbox),
    clock,
    // Log lines carry the real time; the clock is the pretend one.
    logger,
    notifier: new LogNotifier(layout.opsLog, options.writeOps),
    // Locally the email's links to the pack's web page, CSV and archive are files.
    packLinks: new FilePackLinker(layout.reports),
    invocationId: `cli-${randomUUID()}`,
    close: async () => {
      try {
        await engine.close();
        await logger.close();
      } finally {
        await scratch.release();
      }
    },
  };
};
