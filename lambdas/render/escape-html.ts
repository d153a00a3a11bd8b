/**
 * Escapes text for HTML element content and quoted attribute values. Every string that reaches
 * the MJML (campaign, channel and reason names come straight from source data) goes through here,
 * which also keeps `</mj-text>` in a value from closing the MJML element around it.
 */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
