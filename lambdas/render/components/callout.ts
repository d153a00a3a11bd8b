import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';

export type CalloutTone = keyof typeof THEME.callout;

/**
 * A boxed message with a coloured rule on the left. Built as a one-cell table because Outlook
 * desktop ignores padding and borders on divs.
 */
export const callout = (tone: CalloutTone, title: string, text: string): string => {
  const colours = THEME.callout[tone];
  const body = text ? `<br>${escapeHtml(text)}` : '';
  return (
    `<mj-table padding="6px 0"><tr><td style="background:${colours.background};border-left:4px solid ${colours.border};padding:10px 12px">` +
    `<strong>${escapeHtml(title)}</strong>${body}</td></tr></mj-table>`
  );
};
