import type { Tone } from '../pack/pack-types.js';

/**
 * Colours and type for the email, the web page and the charts: one table per colour scheme, so
 * dark mode is the same design with other values. Tones use the Okabe–Ito colour-blind-safe
 * palette, adjusted for text contrast on each scheme's card, and are never the only cue (arrows
 * and words carry them too).
 */

/**
 * One font stack for the HTML and the charts. The charts are drawn with the bundled Inter, the
 * web page and the archived email load the same files; a mail client without Inter falls back.
 */
export const FONT_STACK = "Inter, 'Helvetica Neue', Helvetica, Arial, sans-serif";

export type ColorScheme = 'light' | 'dark';
export const COLOR_SCHEMES: readonly ColorScheme[] = ['light', 'dark'];

export interface SchemeColors {
  readonly page: string;
  readonly card: string;
  readonly text: string;
  readonly muted: string;
  readonly rule: string;
  readonly accent: string;
  readonly link: string;
  readonly tone: Readonly<Record<Tone, string>>;
  readonly callout: Readonly<Record<'warning' | 'good' | 'info', { readonly background: string; readonly border: string }>>;
  readonly chart: {
    /** The card colour, so an image sits on its card without a box around it. */
    readonly background: string;
    readonly grid: string;
    readonly domain: string;
    /** The latest period's bar and the funnel bars. */
    readonly bar: string;
    /** Earlier periods' bars. */
    readonly barEarlier: string;
    /** The won stage. */
    readonly barWon: string;
    readonly goal: string;
    /** The usual-range band (drawn at `bandOpacity`). */
    readonly band: string;
    readonly bandOpacity: number;
    /** Source teams: marketing, sales, partner, unknown. */
    readonly teams: readonly [string, string, string, string];
    /** Text drawn on a coloured bar segment. */
    readonly onBar: string;
  };
}

export const SCHEMES: Readonly<Record<ColorScheme, SchemeColors>> = {
  light: {
    page: '#f3f4f6',
    card: '#ffffff',
    text: '#1f2328',
    muted: '#57606a',
    rule: '#d8dee4',
    accent: '#0072B2',
    link: '#005a8f',
    tone: { good: '#007a5a', bad: '#b34700', neutral: '#57606a' },
    callout: {
      warning: { background: '#fff4e5', border: '#D55E00' },
      good: { background: '#e8f6f1', border: '#009E73' },
      info: { background: '#eaf4fb', border: '#0072B2' },
    },
    chart: {
      background: '#ffffff',
      grid: '#eceff1',
      domain: '#d8dee4',
      bar: '#0072B2',
      barEarlier: '#9ec5e3',
      barWon: '#009E73',
      goal: '#b34700',
      band: '#8c959f',
      bandOpacity: 0.22,
      teams: ['#0072B2', '#E69F00', '#009E73', '#9e9e9e'],
      onBar: '#ffffff',
    },
  },
  dark: {
    page: '#0d1117',
    card: '#161b22',
    text: '#e6edf3',
    muted: '#9da7b3',
    rule: '#30363d',
    accent: '#56B4E9',
    link: '#79c0ff',
    tone: { good: '#3fb98b', bad: '#f0883e', neutral: '#9da7b3' },
    callout: {
      warning: { background: '#3a2410', border: '#f0883e' },
      good: { background: '#0f2e24', border: '#3fb98b' },
      info: { background: '#0c2a44', border: '#56B4E9' },
    },
    chart: {
      background: '#161b22',
      grid: '#262c33',
      domain: '#3d444d',
      bar: '#56B4E9',
      barEarlier: '#2f5f80',
      barWon: '#3fb98b',
      goal: '#f0883e',
      band: '#8b949e',
      bandOpacity: 0.25,
      teams: ['#56B4E9', '#E69F00', '#3fb98b', '#8b949e'],
      onBar: '#0d1117',
    },
  },
};

/** Layout of the email and the web page. */
export const LAYOUT = {
  /** The email body's width at desktop size. */
  emailWidth: 600,
  /** Content width inside the 600 px body (16 px padding each side). */
  contentWidth: 560,
  /** Below this width a screen is a phone: tiles two by two, narrow charts. */
  phoneBreakpoint: 480,
} as const;

/** Kept for the components: the light scheme and the layout, as one object. */
export const THEME = { fontFamily: FONT_STACK, ...SCHEMES.light, contentWidth: LAYOUT.contentWidth } as const;
