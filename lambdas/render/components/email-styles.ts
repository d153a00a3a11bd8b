import type { Tone } from '../../pack/pack-types.js';
import { LAYOUT, SCHEMES } from '../email-theme.js';
import type { ChartLayout } from '../charts/chart-layouts.js';
import type { ColorScheme } from '../email-theme.js';

/**
 * The email's class names and its head styles. The inline styles are the light, phone-first
 * layout every client shows; the head adds what clients that honour media queries can use: wide
 * charts above the phone breakpoint (narrow ones below it and by default), and dark colours
 * where `prefers-color-scheme` is honoured (Apple Mail, Outlook for Mac and iOS). Gmail and
 * Outlook on Windows ignore that query and keep the light design.
 */
export const CLASS = {
  page: 'fr-page',
  card: 'fr-card',
  muted: 'fr-muted',
  link: 'fr-link',
  rule: 'fr-rule',
  tile: 'fr-tile',
  tone: { good: 'fr-good', bad: 'fr-bad', neutral: 'fr-neutral' } satisfies Record<Tone, string>,
  callout: { warning: 'fr-cw', good: 'fr-cg', info: 'fr-ci' },
} as const;

/** The class of a chart image's wrapper: one per width and scheme. */
export const chartClass = (layout: ChartLayout, scheme: ColorScheme): string => `fr-${layout[0]}${scheme[0]}`;

/** Inline style that hides a variant until a head style shows it (`mso-hide` for Outlook on Windows). */
export const HIDDEN_VARIANT_STYLE = 'display:none;mso-hide:all;max-height:0;overflow:hidden';

const show = (...classes: string[]) => `${classes.map((name) => `.${name}`).join(',')}{display:block!important;max-height:none!important;overflow:visible!important}`;
const hide = (...classes: string[]) => `${classes.map((name) => `.${name}`).join(',')}{display:none!important}`;

const above = `@media only screen and (min-width:${LAYOUT.phoneBreakpoint}px)`;
const dark = '@media (prefers-color-scheme:dark)';

/** Narrow charts by default, wide ones above the breakpoint. */
export const layoutStyle = (): string => `${above}{${hide(chartClass('narrow', 'light'))}${show(chartClass('wide', 'light'))}}`;

/**
 * Dark colours. Kept in a style element of its own: a client that rejects the colour-scheme
 * query drops only this block, never the layout.
 */
export const darkStyle = (): string => {
  const colors = SCHEMES.dark;
  const card = `.${CLASS.card}`;
  const rules = [
    `body,.${CLASS.page}{background-color:${colors.page}!important}`,
    `${card}{background-color:${colors.card}!important;border-color:${colors.page}!important}`,
    `${card} table,${card} td{background-color:${colors.card}!important}`,
    `${card} div,${card} td,${card} th,${card} span,${card} li,${card} strong,${card} p,${card} h1,${card} h2{color:${colors.text}!important}`,
    `${card} tr,${card} td,${card} th,.${CLASS.rule}{border-color:${colors.rule}!important}`,
    `.${CLASS.page} .${CLASS.muted}{color:${colors.muted}!important}`,
    `.${CLASS.page} a,.${CLASS.page} .${CLASS.link}{color:${colors.link}!important}`,
    ...(Object.keys(CLASS.tone) as Tone[]).map((tone) => `.${CLASS.page} .${CLASS.tone[tone]}{color:${colors.tone[tone]}!important}`),
    ...(Object.keys(CLASS.callout) as (keyof typeof CLASS.callout)[]).map(
      (tone) => `.${CLASS.page} td.${CLASS.callout[tone]}{background-color:${colors.callout[tone].background}!important;border-color:${colors.callout[tone].border}!important}`,
    ),
    `.${CLASS.page} .${CLASS.tile}{background-color:${colors.page}!important}`,
    hide(chartClass('narrow', 'light'), chartClass('wide', 'light')),
    show(chartClass('narrow', 'dark')),
  ];
  return `${dark}{${rules.join('')}}\n${above} and (prefers-color-scheme:dark){${hide(chartClass('narrow', 'dark'), chartClass('wide', 'light'))}${show(chartClass('wide', 'dark'))}}`;
};

/** `<meta>` tags telling clients the email has its own dark design (so they do not invert it). */
export const COLOR_SCHEME_META =
  '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">' +
  '<style>:root{color-scheme:light dark;supported-color-schemes:light dark}</style>';
