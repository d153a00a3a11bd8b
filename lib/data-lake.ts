import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface DataLakeProps {
  /** Days raw landing files are kept before they expire. */
  readonly landingRetentionDays: number;
  /** Days rejected rows under `quarantine/` in the lake bucket are kept. */
  readonly quarantineRetentionDays: number;
  /** Days Athena query results are kept. */
  readonly athenaResultsRetentionDays: number;
  /**
   * Days replaced object versions are kept in the versioned buckets (landing, lake, reports).
   * @default 30
   */
  readonly noncurrentVersionRetentionDays?: number;
  /**
   * Days server access logs are kept.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
  /**
   * What `cdk destroy` does to the buckets. Data outlives the stack unless told otherwise.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Prefix of the quarantined rows in the lake bucket (LAKE_KEYS.quarantinePrefix). */
export const QUARANTINE_PREFIX = 'quarantine/';

/**
 * The buckets: landing (raw exports), lake (curated Parquet, manifests, quarantine), Athena
 * results, reports (archived packs and delivery records), config (the live config object the
 * functions read on every run, versioned so a bad push can be rolled back), plus the access-log
 * bucket they log to.
 */
export class DataLake extends Construct {
  public readonly accessLogsBucket: Bucket;
  public readonly landingBucket: Bucket;
  public readonly lakeBucket: Bucket;
  public readonly athenaResultsBucket: Bucket;
  public readonly reportsBucket: Bucket;
  public readonly configBucket: Bucket;

  constructor(scope: Construct, id: string, props: DataLakeProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const noncurrentDays = props.noncurrentVersionRetentionDays ?? 30;
    const abortUploads: LifecycleRule = { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) };
    const expireOldVersions: LifecycleRule = { id: 'expire-replaced-versions', noncurrentVersionExpiration: Duration.days(noncurrentDays) };

    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED, // server access logging cannot deliver to SSE-KMS buckets
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Ownership left to the CDK: a bucket policy grants log delivery (cdk.json flag), else an ACL that needs ObjectWriter.
      removalPolicy,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.accessLogRetentionDays ?? 365) }, abortUploads],
    });

    const dataBucket = (id: string, versioned: boolean, lifecycleRules: LifecycleRule[]): Bucket =>
      new Bucket(this, id, {
        encryption: BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned,
        removalPolicy,
        serverAccessLogsBucket: this.accessLogsBucket,
        serverAccessLogsPrefix: `${id}/`,
        lifecycleRules: [...lifecycleRules, abortUploads],
      });

    // Versioned where data matters: a re-export or re-ingest that goes wrong can be rolled back.
    this.landingBucket = dataBucket('LandingBucket', true, [
      { id: 'expire-raw-landing-files', expiration: Duration.days(props.landingRetentionDays) },
      expireOldVersions,
    ]);
    this.lakeBucket = dataBucket('LakeBucket', true, [
      { id: 'expire-quarantine', prefix: QUARANTINE_PREFIX, expiration: Duration.days(props.quarantineRetentionDays) },
      expireOldVersions,
    ]);
    this.athenaResultsBucket = dataBucket('AthenaResultsBucket', false, [
      { id: 'expire-query-results', expiration: Duration.days(props.athenaResultsRetentionDays) },
    ]);
    this.reportsBucket = dataBucket('ReportsBucket', true, [expireOldVersions]);
    this.configBucket = dataBucket('ConfigBucket', true, [expireOldVersions]);
  }
}
