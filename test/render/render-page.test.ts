import { beforeAll, describe, expect, it } from 'vitest';
import { renderArchiveIndex, type PackPageEntry } from '../../lambdas/render/web/archive-index.js';
import { renderCharts, renderPack, type RenderedPack } from '../../lambdas/render/render-pack.js';
import { packConfig } from '../pack/fixtures/pack-config.js';
import { renderFixturePack } from './render-fixtures.js';

let neutral: RenderedPack;
beforeAll(async () => {
  const pack = renderFixturePack({ cadence: 'weekly' });
  neutral = await renderPack(pack, packConfig(), { charts: await renderCharts(pack) });
});

const page = () => neutral.page!.html;

describe('the web page of a pack', () => {
  it('prints every table in full: all nine goals, every channel', () => {
    const goalTable = page().slice(page().indexOf('id="goal-progress"'), page().indexOf('id="what-changed"'));

    expect(goalTable.match(/<tr><td data-label="Goal">/g)).toHaveLength(9);
    expect(goalTable).toContain('<td data-label="Goal"><a href="#g-win_rate">Win rate</a></td><td class="num" data-label="To date">31%</td>');
  });

  it('carries the glossary, an anchor per metric that tiles and tables link to', () => {
    expect(page()).toContain('<dt id="g-revenue">Revenue</dt>');
    expect(page()).toContain('<a href="#g-revenue" class="muted">Revenue</a>');
  });

  it('shows each chart as the variant for the screen: narrow or wide, light or dark', () => {
    expect(page()).toContain(
      '<picture><source media="(max-width:591px) and (prefers-color-scheme:dark)" srcset="charts/funnel-narrow-dark.png">' +
        '<source media="(max-width:591px)" srcset="charts/funnel-narrow.png"><source media="(prefers-color-scheme:dark)" srcset="charts/funnel-dark.png">' +
        '<img src="charts/funnel.png" width="560"',
    );
  });

  it('links its CSV, JSON, email and the archive by relative paths, so the folder opens anywhere', () => {
    for (const href of ['metrics.csv', 'metrics.json', 'email.html', '../../index.html', '#glossary']) expect(page()).toContain(`<a href="${href}">`);
    expect(page()).toContain("url('../../assets/fonts/Inter_400Regular.ttf')");
  });

  it('is in the config’s language, light and dark', () => {
    expect(page()).toMatch(/^<!doctype html><html lang="en">/);
    expect(page()).toContain('<meta name="color-scheme" content="light dark">');
    expect(page()).toContain('@media (prefers-color-scheme:dark){:root{--page:#0d1117');
  });

  it('tells the archive index what to list', () => {
    expect(neutral.page!.entry).toEqual({
      cadence: 'weekly',
      periodId: '2026-W47',
      periodLabel: 'Week 47 · 16–22 Nov 2026',
      summary: 'Revenue $412k (+12% WoW) · 62% of Q4 FY2026 goal',
      verdict: 'On track: revenue is at 62% of the Q4 FY2026 goal with 58% of the period gone.',
      lang: 'en',
    });
  });
});

describe('the archive index', () => {
  const entry = (cadence: PackPageEntry['cadence'], periodId: string): PackPageEntry => ({ cadence, periodId, periodLabel: periodId, summary: `Revenue of ${periodId}`, verdict: 'On track.', lang: 'en' });

  it('lists packs by cadence, newest first, each linking to its page and CSV', () => {
    const html = renderArchiveIndex([entry('weekly', '2026-W09'), entry('monthly', '2026-10'), entry('weekly', '2026-W10'), entry('monthly', '2026-09')]);
    const weekly = html.slice(html.indexOf('id="weekly"'), html.indexOf('id="monthly"'));

    expect(weekly.indexOf('2026-W10')).toBeLessThan(weekly.indexOf('2026-W09'));
    expect(html.indexOf('monthly/2026-10/index.html')).toBeLessThan(html.indexOf('monthly/2026-09/index.html'));
    expect(html).toContain('<a href="weekly/2026-W10/metrics.csv">CSV</a>');
    expect(html).toContain('<section class="card" id="quarterly"><h2>Quarterly packs</h2><p class="muted">No packs yet.</p></section>');
  });

  it('marks a pack whose data was incomplete', () => {
    expect(renderArchiveIndex([{ ...entry('weekly', '2026-W10'), banner: 'Data incomplete: 2026-03-04 missing' }])).toContain('<span class="bad">Data incomplete: 2026-03-04 missing</span>');
  });
});
