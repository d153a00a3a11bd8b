import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';

/** What EventBridge Scheduler runs, in the reporting time zone. */
export type ScheduledJob = 'ingest' | 'weekly' | 'monthly' | 'quarterly';

export const SCHEDULED_JOBS: readonly ScheduledJob[] = ['ingest', 'weekly', 'monthly', 'quarterly'];

/**
 * EventBridge Scheduler replaces this with the time the schedule fired, so a retry that runs after
 * midnight still ingests "yesterday" and reports the period the schedule meant.
 */
export const SCHEDULED_TIME = '<aws.scheduler.scheduled-time>';

export interface ScheduledRun {
  readonly job: ScheduledJob;
  /** `cron(minutes hours day-of-month month day-of-week year)` */
  readonly expression: string;
  readonly timeZone: string;
  readonly enabled: boolean;
  /** The event the handler receives. */
  readonly payload: Readonly<Record<string, string>>;
}

/** The first month of each fiscal quarter, ascending: start month 2 → 2,5,8,11. */
export const fiscalQuarterStartMonths = (fiscalYearStartMonth: number): number[] =>
  [0, 3, 6, 9].map((offset) => ((fiscalYearStartMonth - 1 + offset) % 12) + 1).sort((a, b) => a - b);

/**
 * Each pack covers the last full period, so it runs on the first day of the next one: weekly on
 * the first day of the new week, monthly on the 1st, quarterly on the 1st of each fiscal quarter.
 * Ingest runs nightly for the day before.
 */
export const scheduledRuns = (config: FunnelReviewConfig): ScheduledRun[] => {
  const { schedules } = config.deploy;
  const timeZone = config.reporting.timeZone;
  const weekStartDay = config.reporting.weekStart === 'sunday' ? 'SUN' : 'MON';
  const quarterMonths = fiscalQuarterStartMonths(config.reporting.fiscalYearStartMonth).join(',');
  return [
    {
      job: 'ingest',
      expression: `cron(${schedules.ingest.minute} ${schedules.ingest.hour} * * ? *)`,
      timeZone,
      enabled: schedules.ingest.enabled,
      payload: { scheduledTime: SCHEDULED_TIME },
    },
    {
      job: 'weekly',
      expression: `cron(${schedules.weekly.minute} ${schedules.weekly.hour} ? * ${weekStartDay} *)`,
      timeZone,
      enabled: schedules.weekly.enabled,
      payload: { cadence: 'weekly', scheduledTime: SCHEDULED_TIME },
    },
    {
      job: 'monthly',
      expression: `cron(${schedules.monthly.minute} ${schedules.monthly.hour} 1 * ? *)`,
      timeZone,
      enabled: schedules.monthly.enabled,
      payload: { cadence: 'monthly', scheduledTime: SCHEDULED_TIME },
    },
    {
      job: 'quarterly',
      expression: `cron(${schedules.quarterly.minute} ${schedules.quarterly.hour} 1 ${quarterMonths} ? *)`,
      timeZone,
      enabled: schedules.quarterly.enabled,
      payload: { cadence: 'quarterly', scheduledTime: SCHEDULED_TIME },
    },
  ];
};
