import { beforeAll, describe, expect, it } from 'vitest';
import type { Cadence } from '../../lambdas/calendar/period-types.js';
import { parseConfig } from '../../lambdas/config/load-config.js';
import { SAMPLE_CONFIG_INPUT } from '../../lambdas/config/sample-config.js';
import { measured } from '../../lambdas/metrics/metric-types.js';
import { buildPack } from '../../lambdas/pack/build-pack.js';
import type { Pack } from '../../lambdas/pack/pack-types.js';
import type { PackLinks } from '../../lambdas/ports/pack-links.js';
import { HIDDEN_VARIANT_STYLE } from '../../lambdas/render/components/email-styles.js';
import { GMAIL_CLIP_BYTES, renderCharts, renderPack, type RenderedChart, type RenderedPack } from '../../lambdas/render/render-pack.js';
import { sampleFunnelMetrics } from '../fixtures/funnel-metrics-fixture.js';
import { packConfig } from '../pack/fixtures/pack-config.js';
import { CADENCES, leadFor, renderFixturePack } from './render-fixtures.js';

const config = packConfig();

/**
 * Links as long as the AWS ones: a CloudFront signed URL carries a 344-character RSA-2048
 * signature (base64) besides its path, expiry and key pair id.
 */
const signed = (path: string) => `https://d111111abcdef8.cloudfront.net/open?to=${encodeURIComponent(path)}&Expires=1790000000&Signature=${'A'.repeat(344)}&Key-Pair-Id=K2JCJMDEHXQW5F`;
const awsLinks = (pack: Pack): PackLinks => ({
  page: signed(`/${pack.cadence}/${pack.period.id}/index.html`),
  csv: signed(`/${pack.cadence}/${pack.period.id}/metrics.csv`),
  archive: signed('/index.html'),
});

/** The text a reader sees: no head, no comments, no tags, no hidden variants, entities decoded. */
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
    const pack = renderFixturePack({ cadence });
    const charts = await renderCharts(pack);
    const links = awsLinks(pack);
    packs.set(cadence, {
      pack,
      charts,
      marketing: await renderPack(pack, config, { team: 'marketing', charts, links }),
      sales: await renderPack(pack, config, { team: 'sales', charts, links }),
      neutral: await renderPack(pack, config, { charts, links }),
    });
  }
});

const rendered = (cadence: Cadence) => packs.get(cadence)!;

describe('renderPack: one truth for both teams', () => {
  it.each(CADENCES)('prints the same figures in the marketing and sales HTML (%s)', (cadence) => {
    const { marketing, sales } = rendered(cadence);

    expect(figures(visibleText(marketing.html))).toEqual(figures(visibleText(sales.html)));
    expect(figures(visibleText(marketing.html)).length).toBeGreaterThan(60);
  });

  it.each(CADENCES)('prints the same figures in the marketing and sales text parts (%s)', (cadence) => {
    const { marketing, sales } = rendered(cadence);

    expect(figures(marketing.text)).toEqual(figures(sales.text));
  });

  it('puts each team’s own sections right after the first agenda answer', () => {
    const { marketing, sales, neutral } = rendered('weekly');
    const order = (text: string) =>
      ['WHAT HAPPENED LAST WEEK', 'THE HANDOFF', 'MARKETING EFFICIENCY', 'SALES RESULTS', 'PROGRESS TOWARD THE GOALS']
        .filter((title) => text.includes(`\n${title}`))
        .sort((a, b) => text.indexOf(`\n${a}`) - text.indexOf(`\n${b}`));

    expect(order(marketing.text).slice(0, 4)).toEqual(['WHAT HAPPENED LAST WEEK', 'THE HANDOFF', 'MARKETING EFFICIENCY', 'PROGRESS TOWARD THE GOALS']);
    expect(order(sales.text).slice(0, 3)).toEqual(['WHAT HAPPENED LAST WEEK', 'SALES RESULTS', 'PROGRESS TOWARD THE GOALS']);
    expect(order(neutral.text).slice(0, 2)).toEqual(['WHAT HAPPENED LAST WEEK', 'PROGRESS TOWARD THE GOALS']);
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

describe('renderPack: a 30-second scan', () => {
  it('opens with the verdict and the tiles, each tile with its value, change and sparkline', () => {
    const { marketing, pack } = rendered('weekly');
    const text = visibleText(marketing.html);
    const firstSection = text.indexOf('What happened last week');

    expect(text.indexOf(pack.headline.verdict)).toBeLessThan(firstSection);
    for (const tile of pack.headline.tiles) expect(text.indexOf(tile.label)).toBeLessThan(firstSection);
    expect(text).toMatch(/Revenue\s+\$412k\s+▲ \+12% WoW/);
    // Nine weeks of revenue, 2026-W39 to W47, end at the week's $412k.
    expect(marketing.html).toContain('src="cid:spark-revenue@funnel-review"');
    expect(marketing.html).toContain('alt="Revenue, last 9 weeks, oldest to latest ending at $412k"');
  });

  it('leads every section with its sentence, right under its title', () => {
    const { marketing, pack } = rendered('monthly');
    const text = visibleText(marketing.html).replace(/\s+/g, ' ');

    for (const section of [...pack.agenda, ...pack.shared]) {
      expect(text).toContain(`${section.title} Full section → ${leadFor(section)}`);
    }
  });

  it('cuts an agenda table to its first three rows and says where the rest are', () => {
    const { marketing } = rendered('weekly');
    const text = visibleText(marketing.html).replace(/\s+/g, ' ');

    // The weekly goal table has a row for each of the nine goals: Leads, MQLs and SQLs are shown.
    expect(text).toContain('SQLs 850 Target 1,500 · Done 57% · Pace 98% · Projected 1,475 · Status On track');
    expect(text).not.toContain('Target 680 ·');
    expect(text).toContain('First 3 of 9 rows; all 9 in the full pack.');
  });

  it('shows a chart rather than the table it draws, and links the section for the table', () => {
    const { marketing, pack } = rendered('weekly');

    expect(marketing.html).toContain('src="cid:funnel-narrow@funnel-review"');
    expect(visibleText(marketing.html)).not.toContain('To next stage');
    expect(marketing.html).toContain(`href="${awsLinks(pack).page.replace(/&/g, '&amp;')}#funnel"`);
  });

  it('leaves the glossary to the web page and links each tile to its definition', () => {
    const { marketing, pack } = rendered('weekly');
    const page = awsLinks(pack).page.replace(/&/g, '&amp;');

    expect(visibleText(marketing.html)).not.toContain('Glossary Leads');
    expect(marketing.html).toContain(`href="${page}#glossary"`);
    expect(marketing.html).toContain(`href="${page}#g-pipeline_created"`);
  });

  it('links the pack’s web page, its CSV and the archive', () => {
    const { sales, pack } = rendered('quarterly');
    const links = awsLinks(pack);

    for (const href of [links.page, links.csv, links.archive]) expect(sales.html).toContain(`href="${href.replace(/&/g, '&amp;')}"`);
    expect(sales.text).toContain(`Metrics CSV:\n${links.csv}\n`);
  });
});

describe('renderPack: email limits', () => {
  it.each(CADENCES)('keeps the %s HTML under Gmail’s 102 KB clipping limit, with links as long as signed URLs', (cadence) => {
    for (const copy of [rendered(cadence).marketing, rendered(cadence).sales, rendered(cadence).neutral]) {
      expect(Buffer.byteLength(copy.html, 'utf8')).toBeLessThan(GMAIL_CLIP_BYTES);
    }
  });

  it('lays the email out 600 px wide', () => {
    expect(rendered('weekly').marketing.html).toContain('max-width:600px');
  });

  it('sends each chart in four variants, the narrow light one shown unless a media query picks another', () => {
    const { marketing, charts } = rendered('weekly');

    expect(charts.filter((chart) => chart.filename.startsWith('funnel')).map((chart) => chart.cid)).toEqual([
      'funnel@funnel-review',
      'funnel-dark@funnel-review',
      'funnel-narrow@funnel-review',
      'funnel-narrow-dark@funnel-review',
    ]);
    expect(marketing.html).toContain('<div class="fr-nl"><img src="cid:funnel-narrow@funnel-review"');
    for (const hidden of ['fr-nd', 'fr-wl', 'fr-wd']) expect(marketing.html).toMatch(new RegExp(`<div class="${hidden}" style="${HIDDEN_VARIANT_STYLE}"><img src="cid:funnel`));
  });

  it('gives every chart alt text that states the numbers', () => {
    const { charts } = rendered('weekly');

    expect(charts.find((chart) => chart.filename === 'funnel-narrow.png')?.alt).toBe(
      'Unified funnel, Week 47 · 16–22 Nov 2026: Leads 472 (40% to MQLs), MQLs 191 (41% to SQLs), SQLs 78 (60% to Opportunities), Opportunities 47 (22% to Won), Won 16.',
    );
  });

  it('draws charts as retina PNGs twice the size they are shown at', () => {
    const { charts } = rendered('weekly');
    const funnel = charts.find((chart) => chart.filename === 'funnel.png')!;
    const narrow = charts.find((chart) => chart.filename === 'funnel-narrow.png')!;

    expect([...funnel.png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    expect([funnel.width, Buffer.from(funnel.png).readUInt32BE(16)]).toEqual([560, 1120]);
    expect([narrow.width, Buffer.from(narrow.png).readUInt32BE(16)]).toEqual([343, 686]);
  });

  it('declares light and dark support and styles dark mode for clients that honour it', () => {
    const { marketing } = rendered('weekly');

    expect(marketing.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(marketing.html).toContain('@media (prefers-color-scheme:dark){body,.fr-page{background-color:#0d1117!important}');
  });

  it('takes the language from the config, English by default', async () => {
    const { pack, charts } = rendered('weekly');
    const german = parseConfig({ ...SAMPLE_CONFIG_INPUT, reporting: { ...SAMPLE_CONFIG_INPUT.reporting, lang: 'de' } }, '<test>');

    expect(rendered('weekly').marketing.html).toContain('<html lang="en"');
    expect((await renderPack(pack, german, { charts })).html).toContain('<html lang="de"');
  });

  it('puts cadence, period and headline in the subject', () => {
    expect(rendered('monthly').sales.subject).toBe('Monthly funnel review · 2026-11 · Revenue $1.65M (+12% MoM) · 90% of November 2026 goal');
  });

  it('archives the pack model as JSON', () => {
    const { neutral, pack } = rendered('quarterly');

    expect(JSON.parse(neutral.json)).toEqual(JSON.parse(JSON.stringify(pack)));
  });

  it('renders the web page with the neutral copy only', () => {
    expect(rendered('weekly').neutral.page?.html).toContain('<h2>Glossary</h2>');
    expect(rendered('weekly').marketing.page).toBeUndefined();
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

    const copy = await renderPack(pack, config, { charts: [] });

    for (const html of [copy.html, copy.page?.html ?? '']) {
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('</mj-text>');
    }
    expect(copy.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;/mj-text&gt; &amp; Co');
    expect(copy.page?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &lt;/mj-text&gt; &amp; Co');
    expect(copy.text).toContain(hostile);
  });
});
