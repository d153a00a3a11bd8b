import type { Pack } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { callout } from './callout.js';
import { kpiTiles } from './kpi-tiles.js';

/** The pack's title, period, on-track verdict and the three numbers that matter. */
export const headline = (pack: Pack, intro: string | undefined): string => {
  const verdictTone = pack.headline.onTrack === undefined ? 'info' : pack.headline.onTrack ? 'good' : 'warning';
  const introText = intro ? `<mj-text color="${THEME.muted}">${escapeHtml(intro)}</mj-text>` : '';
  return (
    `<mj-wrapper background-color="${THEME.card}" padding="20px 16px 8px">` +
    `<mj-section padding="0"><mj-column>` +
    `<mj-text color="${THEME.accent}" font-size="13px" font-weight="700" padding="0">${escapeHtml(pack.title.toUpperCase())}</mj-text>` +
    `<mj-text font-size="24px" font-weight="700" line-height="1.25" padding="4px 0 8px">${escapeHtml(pack.period.label)}</mj-text>` +
    introText +
    callout(verdictTone, pack.headline.verdict, '') +
    `</mj-column></mj-section>` +
    kpiTiles(pack.headline.tiles) +
    `</mj-wrapper>`
  );
};
