import { Readable } from 'node:stream';
import { parseConfig } from '../../lambdas/config/load-config.js';
import type { FunnelReviewConfig } from '../../lambdas/config/config-schema.js';
import { buildManifest, writeManifest } from '../../lambdas/ingest/ingest-manifest.js';
import type { AppLogger, LogAttributes } from '../../lambdas/observability/app-logger.js';
import type { MetricName, MetricUnitName, MetricsSink } from '../../lambdas/observability/metrics.js';
import type { Headline } from '../../lambdas/pack/pack-types.js';
import type { PackProducer, ProducedPack, RenderedParts } from '../../lambdas/pipeline/pack-producer.js';
import type { OpsNotifier, RuntimeDeps } from '../../lambdas/pipeline/runtime-deps.js';
import { fixedClock, type Clock } from '../../lambdas/ports/clock.js';
import type { Mailer, OutgoingMessage, SentMessage } from '../../lambdas/ports/mailer.js';
import { ObjectExistsError, type ObjectStore, type PutOptions, type StoredObject } from '../../lambdas/ports/object-store.js';
import type { QueryEngine } from '../../lambdas/ports/query-engine.js';
import type { SlackPost, SlackPoster } from '../../lambdas/ports/slack-poster.js';
import type { Dataset } from '../../lambdas/schema/canonical-schema.js';

/** An in-memory bucket with S3's create-only semantics. */
export class MemoryObjectStore implements ObjectStore {
  readonly location = 'memory://reports';
  readonly objects = new Map<string, Uint8Array>();

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key);
  }
  async getStream(key: string): Promise<Readable> {
    return Readable.from([this.objects.get(key) ?? new Uint8Array()]);
  }
  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    if (options.ifNoneMatch && this.objects.has(key)) throw new ObjectExistsError(key);
    this.objects.set(key, typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  }
  async putStream(key: string, body: Readable, options?: PutOptions): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
    await this.put(key, Buffer.concat(chunks), options);
  }
  async list(prefix: string): Promise<StoredObject[]> {
    return [...this.objects.entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, body]) => ({ key, size: body.length }));
  }
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
  text(key: string): string | undefined {
    const body = this.objects.get(key);
    return body === undefined ? undefined : Buffer.from(body).toString('utf8');
  }
  json<T = Record<string, unknown>>(key: string): T | undefined {
    const text = this.text(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutgoingMessage[] = [];
  failFor = new Set<string>();
  async send(message: OutgoingMessage): Promise<SentMessage> {
    if (this.failFor.has(message.team)) {
      const error = new Error(`Email address is not verified: ${message.to.join(', ')}`);
      error.name = 'MessageRejected';
      throw error;
    }
    this.sent.push(message);
    return { messageId: `msg-${this.sent.length}-${message.team}` };
  }
  sentTo(team: string): number {
    return this.sent.filter((message) => message.team === team).length;
  }
}

export class RecordingSlackPoster implements SlackPoster {
  readonly posts: SlackPost[] = [];
  failFor = new Set<string>();
  async post(message: SlackPost): Promise<void> {
    if (this.failFor.has(message.team)) throw new Error(`Slack answered 500 for team ${message.team}`);
    this.posts.push(message);
  }
  postsTo(team: string): number {
    return this.posts.filter((post) => post.team === team).length;
  }
}

export class RecordingNotifier implements OpsNotifier {
  readonly notes: { subject: string; message: string }[] = [];
  async notify(subject: string, message: string): Promise<void> {
    this.notes.push({ subject, message });
  }
}

export class RecordingLogger implements AppLogger {
  readonly lines: { level: string; message: string; attributes: LogAttributes[] }[] = [];
  debug = (message: string, ...attributes: LogAttributes[]) => void this.lines.push({ level: 'debug', message, attributes });
  info = (message: string, ...attributes: LogAttributes[]) => void this.lines.push({ level: 'info', message, attributes });
  warn = (message: string, ...attributes: LogAttributes[]) => void this.lines.push({ level: 'warn', message, attributes });
  error = (message: string, ...attributes: LogAttributes[]) => void this.lines.push({ level: 'error', message, attributes });
  asText(): string {
    return JSON.stringify(this.lines);
  }
}

export class RecordingMetrics implements MetricsSink {
  readonly points: { name: MetricName; unit: MetricUnitName; value: number }[] = [];
  addMetric(name: MetricName, unit: MetricUnitName, value: number): void {
    this.points.push({ name, unit, value });
  }
  total(name: MetricName): number {
    return this.points.filter((point) => point.name === name).reduce((sum, point) => sum + point.value, 0);
  }
}

export const noQueries: QueryEngine = {
  query: () => Promise.reject(new Error('the fake pack producer runs no queries')),
};

/** Two teams, one events source and one spend source: two manifests per day. */
export const testConfig = (onMissingData: 'hold' | 'banner' = 'banner', extra: Record<string, unknown> = {}): FunnelReviewConfig =>
  parseConfig({
    ...extra,
    reporting: { timeZone: 'America/New_York', currency: 'USD' },
    sender: { address: 'reports@example.com', name: 'Funnel Review' },
    teams: {
      marketing: { name: 'Marketing', recipients: ['mkt-lead@example.com', 'cmo@example.com'] },
      sales: { name: 'Sales', recipients: ['sales-lead@example.com'] },
    },
    freshness: { onMissingData },
    sources: {
      crm: { dataset: 'funnel_events', shape: 'events', format: { type: 'ndjson' } },
      ads: { dataset: 'marketing_spend', shape: 'events', format: { type: 'ndjson' } },
    },
  });

/** Tuesday 24 Nov 2026, 07:00 in New York: the latest full week is 2026-W47 (16–22 Nov). */
export const TUESDAY_MORNING = '2026-11-24T12:00:00Z';

/** 1×1 PNG. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

const parts = (periodId: string, team?: string): RenderedParts => ({
  subject: `Weekly funnel review ${periodId}: revenue $120k, on track`,
  headline: 'Revenue $120k, on track',
  html: `<html><body><h1>Funnel review ${periodId}${team === undefined ? '' : ` for ${team}`}</h1><img src="cid:funnel-chart" alt="Funnel"></body></html>`,
  text: `Funnel review ${periodId}\nRevenue $120k, on track\n`,
  csv: 'metric,value\nleads,240\nrevenue,120000\n',
  json: JSON.stringify({ period: periodId, leads: 240 }),
  charts: [{ cid: 'funnel-chart', filename: 'funnel.png', png: TINY_PNG, alt: 'Funnel: 240 leads to 12 won' }],
});

/** The fake pack's verdict and tiles, as the pack model would hold them. */
export const TEST_HEADLINE: Headline = {
  tiles: [
    { metricId: 'revenue', label: 'Revenue', value: '$120k', change: { text: '+12% WoW', direction: 'up', tone: 'good' } },
    { metricId: 'pipeline_created', label: 'Pipeline created', value: '$410k', change: { text: '−3% WoW', direction: 'down', tone: 'bad' } },
    { metricId: 'sqls', label: 'SQLs', value: '42', note: '4-wk avg 38' },
  ],
  onTrack: true,
  verdict: 'On track: revenue is at 61% of the Q4 goal with 58% of the period gone.',
  summary: 'Revenue $120k, on track',
};

/** A tiny pack (no metric engine), counting how often it is produced. */
export const fakeProducer = (): PackProducer & { calls: number } => {
  const producer = Object.assign(
    async ({ period, teams }: Parameters<PackProducer>[0]): Promise<ProducedPack> => {
      producer.calls += 1;
      return {
        neutral: parts(period.id),
        byTeam: Object.fromEntries(teams.map((team) => [team, parts(period.id, team)])),
        headline: TEST_HEADLINE,
        queryStats: [
          { name: 'stage_volumes', queryId: 'q-1', bytesScanned: 1_000, elapsedMs: 5 },
          { name: 'spend', queryId: 'q-2', bytesScanned: 500, elapsedMs: 3 },
        ],
      };
    },
    { calls: 0 },
  );
  return producer;
};

/** Writes an ingest manifest for each dataset and day. */
export const ingestDays = async (lake: ObjectStore, days: readonly string[], status: 'ok' | 'failed' = 'ok', datasets: readonly Dataset[] = ['funnel_events', 'marketing_spend']) => {
  for (const date of days) {
    for (const dataset of datasets) {
      await writeManifest(
        lake,
        buildManifest({
          dataset,
          date,
          runId: 'test',
          ingestedAt: new Date('2026-11-23T07:00:00Z'),
          sources: [
            {
              source: dataset === 'funnel_events' ? 'crm' : 'ads',
              status,
              files: [],
              rowsRead: 10,
              rowsWritten: status === 'ok' ? 9 : 0,
              rowsRejected: 1,
              partitions: [date],
              quarantinedFiles: [],
            },
          ],
        }),
      );
    }
  }
};

export const WEEK_47_DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];

export interface TestRig {
  deps: RuntimeDeps;
  lake: MemoryObjectStore;
  reports: MemoryObjectStore;
  mailer: RecordingMailer;
  notifier: RecordingNotifier;
  logger: RecordingLogger;
  metrics: RecordingMetrics;
  producer: ReturnType<typeof fakeProducer>;
}

export const testRig = (
  options: { onMissingData?: 'hold' | 'banner'; clock?: Clock; reports?: MemoryObjectStore; config?: FunnelReviewConfig } = {},
): TestRig => {
  const lake = new MemoryObjectStore();
  const reports = options.reports ?? new MemoryObjectStore();
  const mailer = new RecordingMailer();
  const notifier = new RecordingNotifier();
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const deps: RuntimeDeps = {
    config: options.config ?? testConfig(options.onMissingData),
    landing: new MemoryObjectStore(),
    lake,
    reports,
    engine: noQueries,
    mailer,
    clock: options.clock ?? fixedClock(TUESDAY_MORNING),
    logger,
    notifier,
    metrics,
    invocationId: 'test-invocation',
  };
  return { deps, lake, reports, mailer, notifier, logger, metrics, producer: fakeProducer() };
};
