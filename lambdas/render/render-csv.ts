import type { Pack } from '../pack/pack-types.js';

/** RFC 4180: quote a field holding a comma, quote, CR or LF; double the quotes inside. */
const field = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const CSV_COLUMNS = ['metric_id', 'label', 'unit', 'value', 'previous', 'change', 'change_kind', 'baseline', 'unavailable_reason'] as const;

/** The metrics table as CSV: raw numbers (no formatting), empty cells explained in the last column. CRLF line ends per RFC 4180. */
export const renderCsv = (pack: Pack): string =>
  [
    CSV_COLUMNS.join(','),
    ...pack.metricsTable.map((row) =>
      [row.metricId, row.label, row.unit, row.value, row.previous, row.change, row.changeKind, row.baseline, row.unavailableReason].map(field).join(','),
    ),
  ].join('\r\n') + '\r\n';
