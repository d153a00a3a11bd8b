import { escapeHtml } from '../escape-html.js';
import { THEME } from '../email-theme.js';
import { CLASS } from './email-styles.js';

export type CalloutTone = keyof typeof THEME.callout;

/**
 * A boxed message with a coloured rule on the left. Built as a one-cell table because Outlook
 * desktop ignores padding and borders on divs.
 */
export const callout = (tone: CalloutTone, title: string, text: string): string => {
  const colours = THEME.callout[tone];
  const body = text ? `<br>${escapeHtml(text)}` : '';
  return (
    `<table width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:6px 0"><tr>` +
    `<td class="${CLASS.callout[tone]}" style="background:${colours.background};border-left:4px solid ${colours.border};padding:10px 12px">` +
    `<strong>${escapeHtml(title)}</strong>${body}</td></tr></table>`
  );
};
