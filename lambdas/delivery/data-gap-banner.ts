import type { RenderedParts } from '../pipeline/pack-producer.js';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Puts the data-gap line on top of a rendered pack (HTML, text and subject) so incomplete
 * numbers are never sent as if complete. Parts already carrying the line are left alone.
 */
export const withDataGapBanner = (parts: RenderedParts, banner: string | undefined): RenderedParts => {
  if (banner === undefined) return parts;
  const line = sentenceCase(banner);
  const block =
    `<div role="alert" style="background:#fdecea;border:2px solid #b3261e;color:#5f1410;` +
    `font-family:Arial,Helvetica,sans-serif;font-size:16px;font-weight:bold;padding:12px 16px;margin:0 0 12px 0;">` +
    `&#9888; ${escapeHtml(line)}</div>`;
  const html = parts.html.includes(escapeHtml(line))
    ? parts.html
    : /<body[^>]*>/i.test(parts.html)
      ? parts.html.replace(/<body[^>]*>/i, (body) => `${body}${block}`)
      : `${block}${parts.html}`;
  const text = parts.text.toUpperCase().includes(line.toUpperCase()) ? parts.text : `!! ${line.toUpperCase()} !!\n\n${parts.text}`;
  const subject = parts.subject.startsWith('[Data incomplete]') ? parts.subject : `[Data incomplete] ${parts.subject}`;
  return { ...parts, html, text, subject };
};
