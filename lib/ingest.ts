import { Duration, Size } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { RUNTIME_ENV } from '../lambdas/config/runtime-environment.js';
import { ENCODER_THREAD_BUNDLE, ENCODER_THREAD_ENTRY } from '../lambdas/ingest/worker-bundles.js';
import { acknowledgeObjectKeysWildcard, grantBucketRead, grantBucketReadWrite } from './bucket-access.js';
import { INGEST_NODE_OPTIONS } from './lambda-bundle.js';
import { PipelineFunction } from './pipeline-function.js';

export interface IngestProps {
  readonly config: FunnelReviewConfig;
  /** @default 'funnel-review-ingest' */
  readonly serviceName?: string;
  /** @default 2048 */
  readonly memorySize?: number;
  /** @default Duration.minutes(15) */
  readonly timeout?: Duration;
  /**
   * /tmp, where a large snapshot export is diffed a bucket of entities at a time (gzipped spill
   * files of about twice the export's size), and a very busy day's sorted runs, its lake file and
   * the merged file are written (together about as large as the day's Parquet file, three times).
   * @default Size.gibibytes(4)
   */
  readonly ephemeralStorageSize?: Size;
}

/**
 * The ingest Lambda: landing files → validated, de-duplicated Parquet in the lake; it may tell ops. Reserved
 * concurrency 1 so a backfill and the nightly run never write the same partition at once.
 */
export class Ingest extends Construct {
  public readonly handler: PipelineFunction;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    this.handler = new PipelineFunction(this, 'Handler', {
      entry: 'lambdas/handlers/ingest-handler.ts',
      description: 'funnel-review ingest: landing exports to curated Parquet (nightly, or a date range on demand)',
      serviceName: props.serviceName ?? 'funnel-review-ingest',
      config: props.config,
      memorySize: props.memorySize ?? 2048,
      timeout: props.timeout ?? Duration.minutes(15),
      reservedConcurrentExecutions: 1,
      ephemeralStorageSize: props.ephemeralStorageSize ?? Size.gibibytes(4),
      nodeOptions: INGEST_NODE_OPTIONS,
      // The Parquet encoder thread loads a bundle of its own (see lambdas/ingest/encoder-thread.ts).
      workerBundles: [{ entry: ENCODER_THREAD_ENTRY, file: ENCODER_THREAD_BUNDLE }],
    });
  }

  public get serviceName(): string {
    return this.handler.serviceName;
  }

  /** LANDING_BUCKET, and read access to it. */
  public useLandingBucket(bucket: IBucket): void {
    this.handler.addEnvironment(RUNTIME_ENV.landingBucket, bucket.bucketName);
    grantBucketRead(this.handler.role, bucket);
    acknowledgeObjectKeysWildcard(this.handler.role, bucket, 'ingest reads any export under <source>/<date>/.');
  }

  /** LAKE_BUCKET, and read/write access (Parquet, manifests and quarantine are rewritten per date). */
  public useLakeBucket(bucket: IBucket): void {
    this.handler.addEnvironment(RUNTIME_ENV.lakeBucket, bucket.bucketName);
    grantBucketReadWrite(this.handler.role, bucket);
    acknowledgeObjectKeysWildcard(this.handler.role, bucket, 'ingest writes partitions, manifests and quarantine for any date.');
  }

  /** OPS_TOPIC_ARN, and publishing to it (the ingest runtime reports failed days to ops). */
  public useOpsTopic(topic: ITopic): void {
    this.handler.useOpsTopic(topic);
  }
}
