import { Metrics } from '@aws-lambda-powertools/metrics';

/** CloudWatch namespace of the custom metrics (EMF); the CDK alarms use the same value. */
export const METRICS_NAMESPACE = 'FunnelReview';

/** Custom metric names; the CDK alarms on PacksHeld and IngestRowsRejected use these. */
export const METRIC_NAMES = {
  /** One per team a pack was delivered to. */
  packsSent: 'PacksSent',
  /** One per team a pack was held from (missing or failed ingest days, `hold` policy). */
  packsHeld: 'PacksHeld',
  /** One per team whose send failed, or whose earlier send has an unknown outcome. */
  packsFailed: 'PacksFailed',
  athenaBytesScanned: 'AthenaBytesScanned',
  ingestRowsWritten: 'IngestRowsWritten',
  ingestRowsRejected: 'IngestRowsRejected',
} as const;

export type MetricName = (typeof METRIC_NAMES)[keyof typeof METRIC_NAMES];
export type MetricUnitName = 'Count' | 'Bytes';

/** The small metrics surface the pipeline needs; Powertools' Metrics satisfies it. */
export interface MetricsSink {
  addMetric(name: MetricName, unit: MetricUnitName, value: number): unknown;
}

/**
 * Powertools Metrics with the app namespace. Its default dimension is `service`
 * (POWERTOOLS_SERVICE_NAME), which is what the alarms filter on. Call `publishStoredMetrics()`
 * at the end of each invocation.
 */
export const createMetrics = (): Metrics =>
  new Metrics({ namespace: METRICS_NAMESPACE, serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'funnel-review' });
