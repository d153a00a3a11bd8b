import { eachDay } from '../calendar/fiscal-calendar.js';
import type { Period } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import { readManifest } from '../ingest/ingest-manifest.js';
import { SOURCE_PRESETS } from '../ingest/source-presets.js';
import type { DataFreshness } from '../metrics/metric-types.js';
import type { ObjectStore } from '../ports/object-store.js';
import { LAKE_KEYS, type Dataset } from '../schema/canonical-schema.js';

/** The datasets some configured source feeds: each needs a manifest for every day of a pack. */
export const configuredDatasets = (config: FunnelReviewConfig): Dataset[] => {
  const datasets = new Set<Dataset>();
  for (const source of Object.values(config.sources)) {
    const dataset = source.dataset ?? (source.preset === undefined ? undefined : SOURCE_PRESETS[source.preset].dataset);
    if (dataset !== undefined) datasets.add(dataset);
  }
  return [...datasets].sort();
};

const MANIFEST_READ_CONCURRENCY = 16;

const mapLimited = async <In, Out>(items: readonly In[], limit: number, work: (item: In) => Promise<Out>): Promise<Out[]> => {
  const results: Out[] = new Array<Out>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as In);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

const MANIFEST_DATE = /(\d{4}-\d{2}-\d{2})\.json$/;

/**
 * Checks the ingest manifests of every configured dataset for every day of the period: a day is
 * present only when each dataset has an `ok` manifest for it. No manifest, or one saying a
 * source had no file, makes the day missing; a `failed` manifest makes it failed. Quarantined rows are summed per
 * source over the same days.
 */
export const checkDataFreshness = async (lake: ObjectStore, config: FunnelReviewConfig, period: Period): Promise<DataFreshness> => {
  const datasets = configuredDatasets(config);
  const days = eachDay(period.start, period.end);
  const checks = days.flatMap((day) => datasets.map((dataset) => ({ day, dataset })));
  const manifests = await mapLimited(checks, MANIFEST_READ_CONCURRENCY, ({ day, dataset }) => readManifest(lake, dataset, day));

  const missing = new Set<string>();
  const failed = new Set<string>();
  const quarantined = new Map<string, number>();
  checks.forEach(({ day }, index) => {
    const manifest = manifests[index];
    if (manifest === undefined || manifest.status === 'missing') missing.add(day);
    else if (manifest.status === 'failed') failed.add(day);
    if (manifest === undefined) return;
    for (const source of manifest.sources) {
      quarantined.set(source.source, (quarantined.get(source.source) ?? 0) + source.rowsRejected);
    }
  });
  // A day both missing for one dataset and failed for another is reported as failed: the louder one.
  for (const day of failed) missing.delete(day);

  const eventDays = (await lake.list(LAKE_KEYS.manifestPrefix('funnel_events')))
    .map((object) => MANIFEST_DATE.exec(object.key)?.[1])
    .filter((day): day is string => day !== undefined)
    .sort();

  const missingDays = days.filter((day) => missing.has(day));
  const failedDays = days.filter((day) => failed.has(day));
  return {
    daysNeeded: days.length,
    daysPresent: days.length - missingDays.length - failedDays.length,
    missingDays,
    failedDays,
    quarantinedRows: [...quarantined.entries()]
      .filter(([, rows]) => rows > 0)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, rows]) => ({ source, rows })),
    ...(eventDays.length > 0 ? { firstDay: eventDays[0], lastDay: eventDays[eventDays.length - 1] } : {}),
  };
};

/** `2026-11-18`, or `2026-11-01 to 2026-11-05` for a run of consecutive days. */
const dayRuns = (days: readonly string[]): string[] => {
  const runs: { start: string; end: string }[] = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    const next = last === undefined ? undefined : new Date(Date.parse(`${last.end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (last !== undefined && next === day) last.end = day;
    else runs.push({ start: day, end: day });
  }
  return runs.map(({ start, end }) => (start === end ? start : `${start} to ${end}`));
};

/**
 * The banner line for a pack with gaps (`data incomplete: 2026-11-18 missing`), or undefined
 * when every day the pack needs was ingested.
 */
export const describeDataGaps = (freshness: DataFreshness): string | undefined => {
  const parts: string[] = [];
  if (freshness.missingDays.length > 0) parts.push(`${dayRuns(freshness.missingDays).join(', ')} missing`);
  if (freshness.failedDays.length > 0) parts.push(`${dayRuns(freshness.failedDays).join(', ')} failed to ingest`);
  return parts.length === 0 ? undefined : `data incomplete: ${parts.join('; ')}`;
};
