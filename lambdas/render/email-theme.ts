import type { Tone } from '../pack/pack-types.js';

/**
 * Colours and type for the email. Tones use the Okabe–Ito colour-blind-safe palette, darkened
 * where needed for text contrast on white, and are never the only cue (arrows and words carry it too).
 */
export const THEME = {
  fontFamily: 'Inter, Helvetica, Arial, sans-serif',
  text: '#1f2328',
  muted: '#57606a',
  rule: '#d8dee4',
  page: '#f3f4f6',
  card: '#ffffff',
  accent: '#0072B2',
  tone: { good: '#007a5a', bad: '#b34700', neutral: '#57606a' } satisfies Record<Tone, string>,
  callout: {
    warning: { background: '#fff4e5', border: '#D55E00' },
    good: { background: '#e8f6f1', border: '#009E73' },
    info: { background: '#eaf4fb', border: '#0072B2' },
  },
  /** Okabe–Ito, for charts. */
  palette: ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'],
  /** Content width inside the 600 px body. */
  contentWidth: 560,
} as const;
