import { calendarSettings, latestFullPeriod, localDate, periodById, PeriodIdError } from '../calendar/fiscal-calendar.js';
import type { Cadence, Period } from '../calendar/period-types.js';
import type { FunnelReviewConfig } from '../config/config-schema.js';
import { PayloadError } from './payload-error.js';

export interface ResolvedPeriod {
  readonly period: Period;
  /** Today in the reporting time zone: the day the pack is produced "as of". */
  readonly today: string;
}

/**
 * The period a report request means: the one named, or the latest full one in the reporting
 * time zone. Packs cover finished periods only, so a period that has not ended is refused.
 */
export const resolveReportPeriod = (
  cadence: Cadence,
  periodId: string | undefined,
  config: FunnelReviewConfig,
  now: Date,
): ResolvedPeriod => {
  const settings = calendarSettings(config);
  const today = localDate(now, settings.timeZone);
  if (periodId === undefined) return { period: latestFullPeriod(cadence, today, settings), today };
  let period: Period;
  try {
    period = periodById(cadence, periodId, settings);
  } catch (error) {
    if (error instanceof PeriodIdError) throw new PayloadError('report', [`period: ${error.message}`]);
    throw error;
  }
  if (period.end >= today) {
    throw new PayloadError('report', [
      `period: ${period.id} (${period.label}) is not over yet in ${settings.timeZone}; packs cover full periods (today is ${today})`,
    ]);
  }
  return { period, today };
};

/** The configured team ids a request goes to; an unknown id is a payload problem. */
export const selectTeams = (requested: readonly string[] | undefined, config: FunnelReviewConfig): string[] => {
  const configured = Object.keys(config.teams);
  if (requested === undefined) return configured;
  const problems = requested.flatMap((team, index) =>
    configured.includes(team) ? [] : [`teams[${index}]: "${team}" is not a configured team (configured: ${configured.join(', ')})`],
  );
  if (problems.length > 0) throw new PayloadError('report', problems);
  return [...requested];
};
