/**
 * The four landing file formats exactly as the sources export them (see the `sources` of
 * lambdas/config/sample-config.ts, whose mappings read these files).
 */

export const SAMPLE_FILES = {
  crm_lifecycle: 'lifecycle_changes.csv',
  crm_opportunities: 'opportunities.csv',
  ad_spend: 'spend.csv',
  web_analytics: 'sessions.ndjson',
} as const;
export type SampleSource = keyof typeof SAMPLE_FILES;
export const SAMPLE_SOURCES = Object.keys(SAMPLE_FILES) as SampleSource[];

/** `<source>/<YYYY-MM-DD>/<file>`: the landing key of a source's export for a day. */
export const sampleLandingKey = (source: SampleSource, date: string): string => `${source}/${date}/${SAMPLE_FILES[source]}`;

export const LIFECYCLE_HEADER = [
  'Contact ID',
  'Email',
  'First Name',
  'Last Name',
  'Phone Number',
  'Lifecycle Stage',
  'Changed At',
  'Lead Source Team',
  'Original Source',
  'Campaign',
  'Segment',
  'Region',
  'Contact Owner',
  'Reason',
] as const;

export const OPPORTUNITY_HEADER = [
  'Opportunity ID',
  'Opportunity Name',
  'Account Name',
  'Contact Email',
  'Opportunity Owner',
  'Created Date',
  'Close Date',
  'Stage',
  'Won',
  'Closed',
  'Amount',
  'Opportunity Currency',
  'Lead Source',
  'Source Team',
  'Campaign',
  'Segment',
  'Region',
  'Loss Reason',
] as const;

export const SPEND_HEADER = ['Date', 'Channel', 'Campaign', 'Cost', 'Currency', 'Impressions', 'Clicks'] as const;

/** A CSV field, quoted only when it holds the delimiter, a quote or a line break (as Excel does). */
export const csvField = (value: string, delimiter: string): string =>
  value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
    ? `"${value.replaceAll('"', '""')}"`
    : value;

export const csvLine = (fields: readonly string[], delimiter: string, lineEnd: string): string =>
  fields.map((field) => csvField(field, delimiter)).join(delimiter) + lineEnd;

/** The CRM lifecycle export: UTF-8 with a BOM, CRLF line ends. */
export const LIFECYCLE_PREAMBLE = '\uFEFF' + csvLine(LIFECYCLE_HEADER, ',', '\r\n');
export const LIFECYCLE_LINE_END = '\r\n';
export const OPPORTUNITY_PREAMBLE = csvLine(OPPORTUNITY_HEADER, ',', '\n');
export const SPEND_PREAMBLE = csvLine(SPEND_HEADER, ';', '\n');

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export const dayIndexOf = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

/** `YYYY-MM-DD` of a day index. */
export const isoDateOf = (dayIndex: number): string => new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);

/** `MM/dd/yyyy` (Salesforce report dates). */
export const usDateOf = (dayIndex: number): string => {
  const iso = isoDateOf(dayIndex);
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
};

/** `dd-MM-yyyy` (the ad platform export). */
export const europeanDateOf = (dayIndex: number): string => {
  const iso = isoDateOf(dayIndex);
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
};

/** Day of week with Sunday = 0 … Saturday = 6 (1970-01-01 was a Thursday). */
export const weekdayOf = (dayIndex: number): number => (((dayIndex + 4) % 7) + 7) % 7;

/** `2026-03-04T13:22:05Z` from epoch milliseconds. */
export const utcTimestampOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 19) + 'Z';

/** `12,500.00`: two decimals with thousands separators, as finance exports print money. */
export const moneyText = (amount: number): string => {
  const negative = amount < 0;
  const cents = Math.round(Math.abs(amount) * 100);
  const whole = Math.floor(cents / 100).toString();
  const fraction = (cents % 100).toString().padStart(2, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
};
