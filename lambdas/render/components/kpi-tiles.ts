import type { KpiTile } from '../../pack/pack-types.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

const ARROWS = { up: '▲', down: '▼', flat: '►' } as const;

const tile = (kpi: KpiTile): string => {
  const change = kpi.change
    ? `<div style="color:${THEME.tone[kpi.change.tone]};font-weight:600;font-size:13px">${ARROWS[kpi.change.direction]} ${escapeHtml(kpi.change.text)}</div>`
    : '';
  const note = kpi.note ? `<div style="color:${THEME.muted};font-size:12px">${escapeHtml(kpi.note)}</div>` : '';
  return (
    `<mj-column><mj-text padding="6px 4px">` +
    `<div style="color:${THEME.muted};font-size:12px">${escapeHtml(kpi.label)}</div>` +
    `<div style="font-size:22px;font-weight:700;line-height:1.3">${escapeHtml(kpi.value)}</div>${change}${note}` +
    `</mj-text></mj-column>`
  );
};

/** A row of KPI tiles that stays a row on phones (mj-group), up to four tiles. */
export const kpiTiles = (tiles: readonly KpiTile[]): string =>
  `<mj-section padding="4px 0"><mj-group>${tiles.map(tile).join('')}</mj-group></mj-section>`;
