import { simpleParser } from 'mailparser';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbQueryEngine } from '../../lambdas/adapters/local/duckdb-query-engine.js';
import { FolderObjectStore } from '../../lambdas/adapters/local/folder-object-store.js';
import { OutboxMailer } from '../../lambdas/adapters/local/outbox-mailer.js';
import { sampleConfig } from '../../lambdas/config/sample-config.js';
import { runIngestRequest } from '../../lambdas/pipeline/ingest-request.js';
import { runReportRequest, type ReportOutcome } from '../../lambdas/pipeline/report-request.js';
import type { RuntimeDeps } from '../../lambdas/pipeline/runtime-deps.js';
import { fixedClock } from '../../lambdas/ports/clock.js';
import { generateSample } from '../../lambdas/sample/generate-sample.js';
import { RecordingLogger, RecordingMetrics, RecordingNotifier } from './report-fixtures.js';

// The real chain: sample exports → ingest → DuckDB metrics → pack → MJML/charts → archive → outbox.
describe('report request end to end (local adapters)', () => {
  let dir: string;
  let deps: RuntimeDeps;
  let engine: DuckDbQueryEngine;
  let outcome: ReportOutcome;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-e2e-'));
    const landing = new FolderObjectStore(join(dir, 'landing'));
    const lake = new FolderObjectStore(join(dir, 'lake'));
    await generateSample({ seed: 7, from: '2026-10-19', to: '2026-11-23', scale: 0.1 }, (key, content) => landing.put(key, content));
    engine = await DuckDbQueryEngine.open({ lakeDir: join(dir, 'lake') });
    deps = {
      config: sampleConfig(),
      landing,
      lake,
      reports: new FolderObjectStore(join(dir, 'reports')),
      engine,
      mailer: new OutboxMailer(join(dir, 'outbox')),
      clock: fixedClock('2026-11-24T12:00:00Z'),
      logger: new RecordingLogger(),
      notifier: new RecordingNotifier(),
      metrics: new RecordingMetrics(),
    };
    await runIngestRequest({ from: '2026-10-19', to: '2026-11-23' }, deps);
    outcome = await runReportRequest({ cadence: 'weekly' }, deps);
  });

  afterAll(async () => {
    await engine?.close();
  });

  it('sends the latest full week to both teams', () => {
    expect(outcome.period.id).toBe('2026-W47');
    expect(outcome.status).toBe('sent');
    expect(outcome.banner).toBeUndefined();
    expect(outcome.deliveries.map((d) => [d.team, d.status])).toEqual([
      ['marketing', 'sent'],
      ['sales', 'sent'],
    ]);
  });

  it('writes one .eml per team whose charts are inline images the HTML points at', async () => {
    expect((await readdir(join(dir, 'outbox'))).sort()).toEqual(['weekly-2026-W47-marketing.eml', 'weekly-2026-W47-sales.eml']);

    const parsed = await simpleParser(await readFile(join(dir, 'outbox', 'weekly-2026-W47-sales.eml')), { keepCidLinks: true });

    expect(parsed.subject).toBe(outcome.subject);
    expect(parsed.text?.length).toBeGreaterThan(0);
    const images = parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.contentDisposition).toBe('inline');
      expect(parsed.html).toContain(`cid:${image.cid}`);
    }
    expect(parsed.attachments.find((a) => a.contentType === 'text/csv')?.filename).toBe('funnel-review-weekly-2026-W47.csv');
  });

  it('archives the pack under weekly/2026-W47/', async () => {
    const files = await deps.reports.list('weekly/2026-W47/');

    const names = files.map((f) => f.key.slice('weekly/2026-W47/'.length));
    expect(names).toEqual(expect.arrayContaining(['email.html', 'email.txt', 'metrics.json', 'metrics.csv', 'archive.json', 'marketing.eml', 'sales.eml']));
    expect(names.some((name) => /^charts\/.+\.png$/.test(name))).toBe(true);
  });
});
