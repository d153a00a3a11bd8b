import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { composeTeamMessage, UnknownTeamError } from '../../lambdas/delivery/mime-composer.js';
import type { RenderedParts } from '../../lambdas/pipeline/pack-producer.js';
import { testConfig, TINY_PNG } from '../pipeline/report-fixtures.js';

const parts: RenderedParts = {
  subject: 'Weekly funnel review 2026-W47: revenue $120k, on track',
  headline: 'Revenue $120k, on track',
  html: '<html><body><p>Funnel</p><img src="cid:funnel-chart" alt="Funnel"><img src="cid:trend-chart" alt="Trend"></body></html>',
  text: 'Funnel review\nRevenue $120k\n',
  csv: 'metric,value\nleads,240\n',
  json: '{}',
  charts: [
    { cid: 'funnel-chart', filename: 'funnel.png', png: TINY_PNG, alt: 'Funnel' },
    { cid: 'trend-chart', filename: 'trend.png', png: TINY_PNG, alt: 'Trend' },
  ],
};

const compose = () =>
  composeTeamMessage({ config: testConfig(), cadence: 'weekly', periodId: '2026-W47', team: 'marketing', parts, date: new Date('2026-11-23T12:00:00Z') });

describe('composeTeamMessage', () => {
  it('parses into subject, sender and the configured recipients', async () => {
    const message = await compose();

    const parsed = await simpleParser(Buffer.from(message.raw));

    expect(parsed.subject).toBe('Weekly funnel review 2026-W47: revenue $120k, on track');
    expect(parsed.from?.value).toEqual([{ name: 'Funnel Review', address: 'reports@example.com' }]);
    const to = Array.isArray(parsed.to) ? parsed.to : [parsed.to];
    expect(to.flatMap((group) => group?.value.map((v) => v.address))).toEqual(['mkt-lead@example.com', 'cmo@example.com']);
    expect(message.to).toEqual(['mkt-lead@example.com', 'cmo@example.com']);
  });

  it('carries the HTML and the plain-text part', async () => {
    const parsed = await simpleParser(Buffer.from((await compose()).raw));

    expect(parsed.html).toContain('<p>Funnel</p>');
    expect(parsed.text).toBe('Funnel review\nRevenue $120k\n');
  });

  it('embeds each chart as an inline PNG with its content id', async () => {
    const parsed = await simpleParser(Buffer.from((await compose()).raw));

    const images = parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images.map((a) => [a.cid, a.filename, a.contentDisposition, a.related])).toEqual([
      ['funnel-chart', 'funnel.png', 'inline', true],
      ['trend-chart', 'trend.png', 'inline', true],
    ]);
    expect(Buffer.compare(images[0]?.content ?? Buffer.alloc(0), TINY_PNG)).toBe(0);
  });

  it('leaves out a chart the HTML does not show', async () => {
    const message = await composeTeamMessage({
      config: testConfig(),
      cadence: 'weekly',
      periodId: '2026-W47',
      team: 'sales',
      parts: { ...parts, html: '<p><img src="cid:trend-chart"></p>' },
      date: new Date('2026-11-23T12:00:00Z'),
    });

    const parsed = await simpleParser(Buffer.from(message.raw));

    expect(parsed.attachments.filter((a) => a.contentType === 'image/png').map((a) => a.cid)).toEqual(['trend-chart']);
  });

  it('attaches the metric table as a CSV named for the cadence and period', async () => {
    const parsed = await simpleParser(Buffer.from((await compose()).raw));

    const csv = parsed.attachments.find((a) => a.contentType === 'text/csv');
    expect(csv?.filename).toBe('funnel-review-weekly-2026-W47.csv');
    expect(csv?.contentDisposition).toBe('attachment');
    expect(csv?.content.toString('utf8')).toBe('metric,value\nleads,240\n');
  });

  it('names the pack and team in a header the outbox files by', async () => {
    const parsed = await simpleParser(Buffer.from((await compose()).raw));

    expect(parsed.headers.get('x-funnel-review-pack')).toBe('weekly/2026-W47/marketing');
  });

  it('refuses a team that is not in the config', async () => {
    const run = composeTeamMessage({ config: testConfig(), cadence: 'weekly', periodId: '2026-W47', team: 'finance', parts, date: new Date() });

    await expect(run).rejects.toThrow(UnknownTeamError);
  });
});
