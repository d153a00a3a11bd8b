import type { Cadence } from '../calendar/period-types.js';
import type { DataFreshness } from '../metrics/metric-types.js';
import type { RenderedParts } from '../pipeline/pack-producer.js';
import type { ObjectStore } from '../ports/object-store.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';
import { archivedEmailHtml, pageWrites, publishArchiveIndex } from './pack-page-archive.js';

/** Keys of the archived pack under `<cadence>/<period>/` in the reports store. */
export const ARCHIVE_FILES = {
  html: 'email.html',
  text: 'email.txt',
  json: 'metrics.json',
  csv: 'metrics.csv',
  /** Written last: the archive is complete when this exists. */
  summary: 'archive.json',
  chart: (filename: string): string => `charts/${filename.endsWith('.png') ? filename : `${filename}.png`}`,
  /** The raw message a team was sent: written only by the run that claimed that team's delivery. */
  eml: (team: string): string => `${team}.eml`,
  /** What a dry run would send a team; never the sent copy. */
  previewEml: (team: string): string => `preview/${team}.eml`,
} as const;

/** `<cadence>/<period>/<team>.eml`: where each team's sent message is archived. */
export const emlKeysOf = (cadence: Cadence, periodId: string, teams: readonly string[]): Record<string, string> =>
  Object.fromEntries(teams.map((team) => [team, REPORT_KEYS.packPrefix(cadence, periodId) + ARCHIVE_FILES.eml(team)]));

/** What `archive.json` holds: enough to answer a doubled invocation without recomputing. */
export interface ArchiveSummary {
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly subject: string;
  readonly headline: string;
  readonly banner?: string;
  readonly archivedAt: string;
  readonly freshness: DataFreshness;
  readonly files: readonly string[];
  readonly emlFiles: Readonly<Record<string, string>>;
}

export interface ArchiveInput {
  readonly store: ObjectStore;
  readonly cadence: Cadence;
  readonly periodId: string;
  readonly neutral: RenderedParts;
  /** The teams the run delivers to: their `.eml` keys go into archive.json. */
  readonly teams: readonly string[];
  readonly banner?: string;
  readonly freshness: DataFreshness;
  readonly now: Date;
}

export interface ArchivedPack {
  readonly prefix: string;
  readonly htmlKey: string;
  readonly emlKeys: Readonly<Record<string, string>>;
  readonly keys: readonly string[];
}

/**
 * Writes the team-neutral pack before anything is sent. Each team's `.eml` is written by the
 * delivery step, by the run that claimed that team's delivery, just before it sends: so the
 * archived message is always the one sent, with the Message-ID the delivery record holds.
 */
export const archivePack = async (input: ArchiveInput): Promise<ArchivedPack> => {
  const prefix = REPORT_KEYS.packPrefix(input.cadence, input.periodId);
  const writes: { key: string; body: Uint8Array | string; contentType: string }[] = [
    { key: prefix + ARCHIVE_FILES.html, body: archivedEmailHtml(input.neutral), contentType: 'text/html; charset=utf-8' },
    { key: prefix + ARCHIVE_FILES.text, body: input.neutral.text, contentType: 'text/plain; charset=utf-8' },
    { key: prefix + ARCHIVE_FILES.json, body: input.neutral.json, contentType: 'application/json' },
    { key: prefix + ARCHIVE_FILES.csv, body: input.neutral.csv, contentType: 'text/csv; charset=utf-8' },
    ...input.neutral.charts.map((chart) => ({ key: prefix + ARCHIVE_FILES.chart(chart.filename), body: chart.png, contentType: 'image/png' })),
    ...pageWrites(prefix, input.neutral, input.banner),
  ];
  const emlKeys = emlKeysOf(input.cadence, input.periodId, input.teams);
  await Promise.all(writes.map(({ key, body, contentType }) => input.store.put(key, body, { contentType })));

  const summary: ArchiveSummary = {
    cadence: input.cadence,
    periodId: input.periodId,
    subject: input.neutral.subject,
    headline: input.neutral.headline,
    ...(input.banner === undefined ? {} : { banner: input.banner }),
    archivedAt: input.now.toISOString(),
    freshness: input.freshness,
    files: writes.map(({ key }) => key.slice(prefix.length)).sort(),
    emlFiles: emlKeys,
  };
  const summaryKey = prefix + ARCHIVE_FILES.summary;
  await input.store.put(summaryKey, `${JSON.stringify(summary, null, 2)}\n`, { contentType: 'application/json' });
  // After the summary: the index lists packs whose archive is complete.
  await publishArchiveIndex(input.store);
  return { prefix, htmlKey: prefix + ARCHIVE_FILES.html, emlKeys, keys: [...writes.map(({ key }) => key), summaryKey] };
};

export const readArchiveSummary = async (store: ObjectStore, cadence: Cadence, periodId: string): Promise<ArchiveSummary | undefined> => {
  const body = await store.get(REPORT_KEYS.packPrefix(cadence, periodId) + ARCHIVE_FILES.summary);
  return body === undefined ? undefined : (JSON.parse(Buffer.from(body).toString('utf8')) as ArchiveSummary);
};
