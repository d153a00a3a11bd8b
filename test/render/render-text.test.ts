import { beforeAll, describe, expect, it } from 'vitest';
import type { PackLinks } from '../../lambdas/ports/pack-links.js';
import { renderPack, type RenderedPack } from '../../lambdas/render/render-pack.js';
import { tableText, TEXT_WIDTH, wrapText } from '../../lambdas/render/render-text.js';
import { packConfig } from '../pack/fixtures/pack-config.js';
import { CADENCES, renderFixturePack } from './render-fixtures.js';

const links: PackLinks = {
  page: `https://d111111abcdef8.cloudfront.net/open?to=%2Fweekly%2F2026-W47%2Findex.html&Expires=1830063600&Signature=${'A'.repeat(344)}&Key-Pair-Id=K2JCJMDEHXQW5F`,
  csv: 'https://d111111abcdef8.cloudfront.net/short.csv',
  archive: 'file:///data/reports/index.html',
};

const texts = new Map<string, RenderedPack>();
beforeAll(async () => {
  for (const cadence of CADENCES) texts.set(cadence, await renderPack(renderFixturePack({ cadence }), packConfig(), { team: 'sales', charts: [], links }));
});

describe('the plain-text part', () => {
  it.each(CADENCES)('wraps every %s line at 78 characters, but for links that stand alone', (cadence) => {
    const long = texts.get(cadence)!.text.split('\n').filter((line) => [...line].length > TEXT_WIDTH);

    expect(long).toEqual([links.page, `${links.page}#glossary`]);
  });

  it('puts a link that fits on its label’s line, and a long one on a line of its own', () => {
    const { text } = texts.get('weekly')!;

    expect(text).toContain(`Full pack:\n${links.page}\n`);
    expect(text).toContain(`Metrics CSV: ${links.csv}\n`);
  });

  it('writes a table row as its name and each figure named by its column, for any font', () => {
    const table = { kind: 'table' as const, caption: 'Top loss reasons', columns: [{ label: 'Reason', align: 'left' as const }, { label: 'Count', align: 'right' as const }, { label: 'Share', align: 'right' as const }], rows: [['Lost to competitor', '12', '35%']] };

    expect(tableText(table)).toBe('Top loss reasons\n- Lost to competitor — Count 12 · Share 35%');
  });

  it('hangs a wrapped line under its first word', () => {
    expect(wrapText('- Leads — To date 3,600 · Target 6,000 · Done 60% · Pace 104% · Projected 6,249 · Status On track', '  ')).toBe(
      '- Leads — To date 3,600 · Target 6,000 · Done 60% · Pace 104% · Projected\n  6,249 · Status On track',
    );
  });

  it('says where the rest of a cut table is', () => {
    expect(texts.get('weekly')!.text).toContain('First 3 of 9 rows; all 9 in the full pack.');
  });
});
