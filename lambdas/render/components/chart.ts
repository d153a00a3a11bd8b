import type { ChartId } from '../../pack/pack-types.js';
import { CHART_VARIANTS, variantName } from '../charts/chart-layouts.js';
import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import type { EmailContext } from './email-context.js';
import { chartClass, CLASS, HIDDEN_VARIANT_STYLE } from './email-styles.js';

/**
 * An inline chart: four images (wide and narrow, light and dark) travel as CID attachments, and
 * the head styles show the one that fits. Without media queries the narrow light image shows, at
 * its own width: legible on a phone and on a desktop alike. The alt text states the numbers.
 */
export const chart = (id: ChartId, context: EmailContext): string => {
  const alt = escapeHtml(context.chartAlt(id));
  const images = CHART_VARIANTS.flatMap((variant) => {
    const image = context.images.get(variantName(id, variant));
    if (image === undefined) return [];
    const { cid, width } = image;
    const base = variant.layout === 'narrow' && variant.scheme === 'light';
    return [
      `<div class="${chartClass(variant.layout, variant.scheme)}"${base ? '' : ` style="${HIDDEN_VARIANT_STYLE}"`}>` +
        `<img src="cid:${escapeHtml(cid)}" width="${width}" alt="${alt}" style="display:block;width:100%;max-width:${width}px;height:auto;border:0"></div>`,
    ];
  });
  if (images.length === 0) return chartFallback(context.chartAlt(id));
  const caption = context.chartCaption(id);
  const key = caption ? `<p class="${CLASS.muted}" style="margin:2px 0 0;font-size:12px;line-height:16px;color:${THEME.muted}">${escapeHtml(caption)}</p>` : '';
  return `<div style="margin:6px 0 8px">${images.join('')}${key}</div>`;
};

/** When the chart image could not be drawn, the numbers still reach the reader. */
export const chartFallback = (alt: string): string => `<p class="${CLASS.muted}" style="margin:0 0 8px;color:${THEME.muted}">${escapeHtml(alt)}</p>`;
