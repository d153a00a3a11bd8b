import { beforeAll, describe, expect, it } from 'vitest';
import type { Cadence } from '../../lambdas/calendar/period-types.js';
import { measured } from '../../lambdas/metrics/metric-types.js';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import type { Pack } from '../../lambdas/pack/pack-types.js';
import { GMAIL_CLIP_BYTES, renderCharts, renderPack, type RenderedChart, type RenderedPack } from '../../lambdas/render/render-pack.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from '../pack/fixtures/pack-config.js';

const config = packConfig();
const CADENCES: readonly Cadence[] = ['weekly', 'monthly', 'quarterly'];

/** The text a reader sees: no head, no comments, no tags, entities decoded. */
const visibleText = (html: string): string =>
  html
    .replace(/<head>[\s\S]*?<\/head>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');

const figures = (text: string): string[] => (text.match(/[−+]?[$€£]?\d[\d,.]*(?:%|k|M| pts| days?)?/g) ?? []).sort();

const packs = new Map<Cadence, { pack: Pack; charts: RenderedChart[]; marketing: RenderedPack; sales: RenderedPack; neutral: RenderedPack }>();

beforeAll(async () => {
  for (const cadence of CADENCES) {
    const pack = buildPack(sampleFunnelMetrics({ cadence }), config);
    const charts = await renderCharts(pack);
    packs.set(cadence, {
      pack,
      charts,
      marketing: await renderPack(pack, config, { team: 'marketing', charts }),
      sales: await renderPack(pack, config, { team: 'sales', charts }),
      neutral: await renderPack(pack, config, { charts }),
    });
  }
});

const rendered = (cadence: Cadence) => packs.get(cadence)!;

describe('renderPack: one truth for both teams', () => {
  it.each(CADENCES)('prints the same figures in the marketing and sales HTML (%s)', (cadence) => {
    const { marketing, sales } = rendered(cadence);

    expect(figures(visibleText(marketing.html))).toEqual(figures(visibleText(sales.html)));
    expect(figures(visibleText(marketing.html)).length).toBeGreaterThan(200);
  });

  it.each(CADENCES)('prints the same figures in the marketing and sales text parts (%s)', (cadence) => {
    const { marketing, sales } = rendered(cadence);

    expect(figures(marketing.text)).toEqual(figures(sales.text));
  });

  it('leads the marketing copy with the handoff and the sales copy with sales results', () => {
    const { marketing, sales } = rendered('weekly');
    const firstSection = (text: string) => ['THE HANDOFF', 'SALES RESULTS', 'WHAT HAPPENED LAST WEEK'].sort((a, b) => text.indexOf(a) - text.indexOf(b))[0];

    expect(firstSection(marketing.text)).toBe('THE HANDOFF');
    expect(firstSection(sales.text)).toBe('SALES RESULTS');
  });

  it('prints each team its own intro', () => {
    const { marketing, sales, neutral } = rendered('weekly');

    expect(marketing.html).toContain('Marketing first: the top of the funnel and the handoff, then the shared numbers.');
    expect(sales.text).toContain('Sales first: pipeline and results, then the shared numbers.');
    expect(neutral.text).not.toContain('Sales first');
  });

  it('rejects a team that is not in the config', async () => {
    const { pack, charts } = rendered('weekly');

    await expect(renderPack(pack, config, { team: 'finance', charts })).rejects.toThrow('team "finance" is not in config.teams (marketing, sales)');
  });
});

describe('renderPack: email limits', () => {
  it.each(CADENCES)('keeps the %s HTML under Gmail’s 102 KB clipping limit', (cadence) => {
    for (const copy of [rendered(cadence).marketing, rendered(cadence).sales]) {
      expect(Buffer.byteLength(copy.html, 'utf8')).toBeLessThan(GMAIL_CLIP_BYTES);
    }
  });

  it('lays the email out 600 px wide', () => {
    expect(rendered('weekly').marketing.html).toContain('max-width:600px');
  });

  it('references every chart by CID with alt text that states the numbers', () => {
    const { marketing, charts } = rendered('weekly');

    expect(charts.map((chart) => chart.cid)).toEqual(['trend@funnel-review', 'funnel@funnel-review', 'attribution@funnel-review']);
    for (const chart of charts) expect(marketing.html).toContain(`src="cid:${chart.cid}"`);
    expect(charts.find((chart) => chart.filename === 'funnel.png')?.alt).toBe(
      'Unified funnel, Week 47 · 16–22 Nov 2026: Leads 472 (40% to MQLs), MQLs 191 (41% to SQLs), SQLs 78 (60% to Opportunities), Opportunities 47 (22% to Won), Won 16.',
    );
  });

  it('draws charts as retina PNGs', () => {
    const { charts } = rendered('weekly');
    const png = charts[0]!.png;
    const width = Buffer.from(png).readUInt32BE(16);

    expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect(width).toBeGreaterThanOrEqual(1100);
  });

  it('puts cadence, period and headline in the subject', () => {
    expect(rendered('monthly').sales.subject).toBe('Monthly funnel review · 2026-11 · Revenue $1.65M (+12% MoM) · 90% of November 2026 goal');
  });

  it('archives the pack model as JSON', () => {
    const { neutral, pack } = rendered('quarterly');

    expect(JSON.parse(neutral.json)).toEqual(JSON.parse(JSON.stringify(pack)));
  });
});

describe('renderPack: data incomplete', () => {
  it('shows the banner at the top of the HTML and the text', async () => {
    const base = sampleFunnelMetrics();
    const pack = buildPack(sampleFunnelMetrics({ freshness: { ...base.freshness, daysPresent: 6, missingDays: ['2026-11-18'] } }), config);

    const copy = await renderPack(pack, config, { team: 'sales', charts: rendered('weekly').charts });

    const text = visibleText(copy.html);
    expect(text.indexOf('Data incomplete: 2026-11-18 missing')).toBeGreaterThan(-1);
    expect(text.indexOf('Data incomplete: 2026-11-18 missing')).toBeLessThan(text.indexOf('WEEKLY FUNNEL REVIEW'));
    expect(copy.text.startsWith('!! Data incomplete: 2026-11-18 missing !!')).toBe(true);
  });
});

describe('renderPack: escaping source values', () => {
  const hostile = '<script>alert(1)</script> </mj-text> & Co';

  it('escapes channel and reason names in the HTML and keeps them intact in the text part', async () => {
    const base = sampleFunnelMetrics();
    const metrics = sampleFunnelMetrics({
      efficiencyByChannel: [{ ...base.efficiencyByChannel[0]!, channel: hostile }],
      reasons: { rejection: [{ reason: hostile, count: 3, share: 1, previousCount: 0, isNew: true }], loss: [] },
      attribution: { ...base.attribution, byChannel: [{ ...base.attribution.byChannel[0]!, key: hostile, pipelineShare: measured(1) }] },
    });
    const pack = buildPack(metrics, config);

    const copy = await renderPack(pack, config, { team: 'marketing', charts: [] });

    expect(copy.html).not.toContain('<script>');
    expect(copy.html).not.toContain('</mj-text>');
    expect(copy.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;/mj-text&gt; &amp; Co');
    expect(copy.text).toContain(hostile);
  });
});
