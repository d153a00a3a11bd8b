import type { Cadence } from '../calendar/period-types.js';
import type { Measure, Metric, MetricUnit } from '../metrics/metric-types.js';
import type { ChangeFigure, Tone } from './pack-types.js';

/**
 * How the pack writes numbers. One place, so the HTML, the text part and every team's copy
 * print exactly the same figure for the same value.
 */

export const NOT_AVAILABLE = 'n/a';

const symbolCache = new Map<string, string>();
/** `$`, `€`, `£`; the ISO code and a space where the currency has no narrow symbol. */
export const currencySymbol = (currency: string): string => {
  let symbol = symbolCache.get(currency);
  if (symbol === undefined) {
    const parts = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }).formatToParts(0);
    symbol = parts.find((part) => part.type === 'currency')?.value ?? `${currency} `;
    symbolCache.set(currency, symbol);
  }
  return symbol;
};

// Built once: constructing an Intl.NumberFormat per figure is the slowest part of building a pack.
const GROUPED = [0, 1, 2].map((digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const grouped = (value: number, fractionDigits: 0 | 1 | 2 = 0): string => GROUPED[fractionDigits]!.format(value);

/** Typographic minus, so "−3 pts" reads as a sign and not a hyphen. */
const MINUS = '−';
const signed = (text: string, value: number): string => (value > 0 ? `+${text}` : value < 0 ? `${MINUS}${text}` : text);

/** Whole numbers; averages under 100 keep one decimal (`14.3` deals a week), larger ones do not (`6,249`). */
export const formatCount = (value: number): string => (Number.isInteger(value) || Math.abs(value) >= 100 ? grouped(Math.round(value)) : grouped(value, 1));

/** `$950`, `$41.2k`, `$412k`, `$1.24M`: compact, because emails are read on phones. */
export const formatCurrency = (value: number, currency: string): string => {
  const symbol = currencySymbol(currency);
  const sign = value < 0 ? MINUS : '';
  const abs = Math.abs(value);
  if (abs < 1000) return `${sign}${symbol}${grouped(Math.round(abs))}`;
  if (abs < 100_000) return `${sign}${symbol}${grouped(abs / 1000, 1)}k`;
  if (abs < 999_500) return `${sign}${symbol}${grouped(Math.round(abs / 1000))}k`;
  return `${sign}${symbol}${grouped(abs / 1_000_000, 2)}M`;
};

/** `41%`; one decimal under 10% so small rates (lead → customer) do not all read `2%`. */
export const formatRatio = (value: number): string => {
  const percent = value * 100;
  return Math.abs(percent) < 10 && percent !== 0 ? `${grouped(percent, 1)}%` : `${grouped(Math.round(percent))}%`;
};

export const formatDays = (value: number): string => {
  const text = Math.abs(value) < 10 ? grouped(value, 1) : grouped(Math.round(value));
  return `${text} ${text === '1.0' ? 'day' : 'days'}`;
};

export const formatValue = (value: number, unit: MetricUnit, currency: string): string => {
  switch (unit) {
    case 'count':
      return formatCount(value);
    case 'currency':
      return formatCurrency(value, currency);
    case 'ratio':
      return formatRatio(value);
    case 'days':
      return formatDays(value);
  }
};

export const formatMeasure = (measure: Measure, unit: MetricUnit, currency: string): string =>
  measure.available ? formatValue(measure.value, unit, currency) : NOT_AVAILABLE;

/** `58–62%`, `1.3–1.6 days`, `$90–$110`: the unit written once where it trails. */
export const formatRange = (low: number, high: number, unit: MetricUnit, currency: string): string => {
  const lowText = formatValue(low, unit, currency);
  const highText = formatValue(high, unit, currency);
  if (lowText === highText) return lowText;
  const trimmed = unit === 'ratio' ? lowText.replace(/%$/, '') : unit === 'days' ? lowText.replace(/ days?$/, '') : lowText;
  return `${trimmed}–${highText}`;
};

/** `Q4 FY2026 · Oct–Dec 2026` → `Q4 FY2026`: the period's name without its dates. */
export const periodName = (label: string): string => label.split(' · ')[0] ?? label;

/** `WoW`, `MoM`, `QoQ`. */
export const PERIOD_OVER_PERIOD: Readonly<Record<Cadence, string>> = { weekly: 'WoW', monthly: 'MoM', quarterly: 'QoQ' };
export const PERIOD_NOUN: Readonly<Record<Cadence, { one: string; many: string }>> = {
  weekly: { one: 'week', many: 'weeks' },
  monthly: { one: 'month', many: 'months' },
  quarterly: { one: 'quarter', many: 'quarters' },
};

/** `+12%`, `−3 pts`, `+1.5 days`, as stored in Metric.change. */
export const formatChangeAmount = (change: number, kind: Metric['changeKind']): string => {
  switch (kind) {
    case 'relative':
      return signed(`${grouped(Math.abs(Math.round(change * 100)))}%`, Math.round(change * 100));
    case 'points':
      return signed(`${grouped(Math.abs(Math.round(change * 100)))} pts`, Math.round(change * 100));
    case 'days': {
      const rounded = Math.round(change * 10) / 10;
      return signed(`${grouped(Math.abs(rounded), 1)} days`, rounded);
    }
  }
};

export const toneOf = (delta: number, higherIsBetter: boolean): Tone =>
  delta === 0 ? 'neutral' : delta > 0 === higherIsBetter ? 'good' : 'bad';

/** The change of a metric vs its previous period, with arrow direction and tone; undefined when unavailable. */
export const changeFigure = (metric: Metric, suffix: string): ChangeFigure | undefined => {
  if (!metric.change.available) return undefined;
  const amount = formatChangeAmount(metric.change.value, metric.changeKind);
  const rounded = amount.startsWith('+') ? 1 : amount.startsWith(MINUS) ? -1 : 0;
  return {
    text: suffix ? `${amount} ${suffix}` : amount,
    direction: rounded > 0 ? 'up' : rounded < 0 ? 'down' : 'flat',
    tone: toneOf(rounded, metric.higherIsBetter),
  };
};

/** Relative or point difference of a value against a reference, formatted like a change. */
export const formatDifference = (value: number, reference: number, unit: MetricUnit): string | undefined => {
  if (unit === 'ratio') return formatChangeAmount(value - reference, 'points');
  if (unit === 'days') return formatChangeAmount(value - reference, 'days');
  if (reference === 0) return undefined;
  return formatChangeAmount(value / reference - 1, 'relative');
};

/** `trend needs 4 prior weeks; 1 available`. */
export const historyShortfall = (what: string, needed: number, available: number, cadence: Cadence): string => {
  const noun = PERIOD_NOUN[cadence];
  return `${what} needs ${needed} prior ${needed === 1 ? noun.one : noun.many}; ${available} available.`;
};

/**
 * Channels arrive as canonical ids (`paid_social`) or as a source's own names (`Paid Social`):
 * ids are made readable, names are left as they are.
 */
export const channelName = (channel: string): string => (/^[a-z0-9]+(_[a-z0-9]+)*$/.test(channel) ? capitalise(channel.replace(/_/g, ' ')) : channel);

export const capitalise = (text: string): string => (text ? text[0]!.toUpperCase() + text.slice(1) : text);
