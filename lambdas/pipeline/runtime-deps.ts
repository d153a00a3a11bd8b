import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { AppLogger } from '../observability/app-logger.js';
import type { MetricsSink } from '../observability/metrics.js';
import type { Clock } from '../ports/clock.js';
import type { Mailer } from '../ports/mailer.js';
import type { PackLinker } from '../ports/pack-links.js';
import type { ObjectStore } from '../ports/object-store.js';
import type { QueryEngine } from '../ports/query-engine.js';
import type { SlackPoster } from '../ports/slack-poster.js';

export type { AppLogger } from '../observability/app-logger.js';
export type { MetricsSink } from '../observability/metrics.js';

/** Tells the people who run the deployment (SNS topic in AWS, a log file locally). */
export interface OpsNotifier {
  notify(subject: string, message: string): Promise<void>;
}

/**
 * Everything the pipelines touch outside pure code. The Lambda handlers build it from AWS
 * adapters, the CLI from local ones; the pipeline code is the same.
 */
export interface RuntimeDeps {
  readonly config: FunnelReviewConfig;
  readonly landing: ObjectStore;
  readonly lake: ObjectStore;
  readonly reports: ObjectStore;
  readonly engine: QueryEngine;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly logger: AppLogger;
  readonly notifier: OpsNotifier;
  readonly metrics?: MetricsSink;
  /** Where a pack's web page, CSV and the archive open (files locally, signed links in AWS); without it the email has no links. */
  readonly packLinks?: PackLinker;
  /** Posts to teams' Slack channels; needed only when a team has `slack` in config. */
  readonly slack?: SlackPoster;
  /** The Lambda request id or a CLI run id: written into delivery records and ingest run ids. */
  readonly invocationId?: string;
  /** Threads an ingest run uses (see runIngest); default 1 (measured: more threads cost memory for little speed). */
  readonly ingestThreads?: number;
}
