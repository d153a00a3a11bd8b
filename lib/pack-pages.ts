import { CustomResource, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  KeyGroup,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  PublicKey,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { FunnelReviewConfig } from '../lambdas/config/config-schema.js';
import { RUNTIME_ENV } from '../lambdas/config/runtime-environment.js';
import { OPEN_PATH, OPEN_TARGET_PARAM, SERVED_KEYS, UNSERVED_KEYS_IN_PACKS } from '../lambdas/pack-pages/page-keys.js';
import { logicalIdOf } from './bucket-access.js';
import { PipelineFunction } from './pipeline-function.js';

export interface PackPagesProps {
  /** The validated config, bundled with the functions like every other. */
  readonly config: FunnelReviewConfig;
  /** The archive: the pack pages, their files and the archive index are served from it. */
  readonly reportsBucket: IBucket;
  /** Where the distribution's own log bucket writes its server access logs. */
  readonly accessLogsBucket: IBucket;
  /**
   * How long an emailed link opens its pack.
   * @default Duration.days(400) - last year's quarterly pack still opens
   */
  readonly linkLifetime?: Duration;
  /**
   * How long a browser may read the pages after opening a link.
   * @default Duration.hours(12)
   */
  readonly sessionLifetime?: Duration;
  /**
   * Raise to replace the signing key pair (links signed with the old key stop opening).
   * @default 1
   */
  readonly keyVersion?: number;
  /**
   * Your own host names for the pages, with `certificate` (in us-east-1).
   * @default - the distribution's cloudfront.net name
   */
  readonly domainNames?: readonly string[];
  /** @default - none; required with `domainNames` */
  readonly certificate?: ICertificate;
  /**
   * Days the distribution's access logs are kept.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Thrown when the props cannot make a working distribution. */
export class PackPagesPropsError extends Error {
  override readonly name = 'PackPagesPropsError';
}

/**
 * The pack pages for the teams' readers: a CloudFront distribution over the reports bucket that
 * serves only requests signed with its key group — a signed URL (the email's link, to `/open`)
 * or the signed cookies `/open` sets. A link opens for `linkLifetime`, however long the report
 * function's own credentials last, because it is signed with the key pair's private key.
 */
export class PackPages extends Construct {
  public readonly distribution: Distribution;
  public readonly siteUrl: string;
  public readonly signingKey: Secret;
  public readonly publicKey: PublicKey;
  public readonly keyGroup: KeyGroup;
  public readonly openFunction: PipelineFunction;
  public readonly keyGenerator: PipelineFunction;
  public readonly logBucket: Bucket;
  private readonly linkLifetime: Duration;

  constructor(scope: Construct, id: string, props: PackPagesProps) {
    super(scope, id);
    if ((props.domainNames?.length ?? 0) > 0 !== (props.certificate !== undefined)) {
      throw new PackPagesPropsError('domainNames and certificate go together: give both (a certificate in us-east-1 for those names) or neither');
    }
    this.linkLifetime = props.linkLifetime ?? Duration.days(400);
    const sessionLifetime = props.sessionLifetime ?? Duration.hours(12);
    const keyVersion = props.keyVersion ?? 1;

    this.signingKey = new Secret(this, 'SigningKey', {
      description: 'funnel-review pack pages: private key of the CloudFront key group (written by the key generator)',
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.keyGenerator = new PipelineFunction(this, 'KeyGenerator', {
      entry: 'lambdas/handlers/signing-key-handler.ts',
      description: 'funnel-review pack pages: makes the signing key pair at deploy time',
      serviceName: 'funnel-review-pack-pages-key',
      config: props.config,
      memorySize: 256,
      timeout: Duration.minutes(1),
    });
    this.keyGenerator.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:PutSecretValue'], resources: [this.signingKey.secretArn] }));
    const provider = new Provider(this, 'KeyProvider', {
      onEventHandler: this.keyGenerator.function,
      logGroup: new LogGroup(this, 'KeyProviderLogGroup', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY }),
    });
    const keyPair = new CustomResource(this, 'KeyPair', {
      serviceToken: provider.serviceToken,
      properties: { SecretArn: this.signingKey.secretArn, KeyVersion: String(keyVersion) },
    });
    // A new version is a new resource: CloudFront cannot change a public key in place.
    this.publicKey = new PublicKey(this, `PublicKeyV${keyVersion}`, {
      encodedKey: keyPair.getAttString('PublicKeyPem'),
      comment: `funnel-review pack pages, key version ${keyVersion}`,
    });
    this.keyGroup = new KeyGroup(this, 'KeyGroup', { items: [this.publicKey], comment: 'funnel-review pack pages: the report function signs links with this key' });

    this.openFunction = new PipelineFunction(this, 'Open', {
      entry: 'lambdas/handlers/pack-pages-open-handler.ts',
      description: 'funnel-review pack pages: turns a signed link into a reading session and redirects to the pack',
      serviceName: 'funnel-review-pack-pages-open',
      config: props.config,
      memorySize: 256,
      timeout: Duration.seconds(10),
    });
    this.openFunction.addEnvironment(RUNTIME_ENV.packPagesKeyPairId, this.publicKey.publicKeyId);
    this.openFunction.addEnvironment(RUNTIME_ENV.packPagesSigningKey, this.signingKey.secretArn);
    this.openFunction.addEnvironment(RUNTIME_ENV.packPagesSessionHours, String(sessionLifetime.toHours()));
    this.grantKeyRead(this.openFunction);
    const openUrl = this.openFunction.function.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });

    this.logBucket = this.createLogBucket(props);
    this.distribution = this.createDistribution(props, FunctionUrlOrigin.withOriginAccessControl(openUrl));
    this.siteUrl = `https://${props.domainNames?.[0] ?? this.distribution.distributionDomainName}`;
    this.keepPrivateKeysPrivate(props.reportsBucket);
    this.acknowledgeFindings(provider, props.certificate !== undefined);
  }

  private createLogBucket(props: PackPagesProps): Bucket {
    return new Bucket(this, 'LogBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // CloudFront's standard logs are delivered with an ACL grant, which needs ACLs enabled.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'PackPagesLogBucket/',
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'expire-pack-pages-logs', expiration: Duration.days(props.logRetentionDays ?? 365) },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
  }

  private createDistribution(props: PackPagesProps, openOrigin: ReturnType<typeof FunctionUrlOrigin.withOriginAccessControl>): Distribution {
    const signed = { trustedKeyGroups: [this.keyGroup], viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS };
    return new Distribution(this, 'Distribution', {
      comment: 'funnel-review pack pages: signed links and cookies only',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(props.certificate
        ? { certificate: props.certificate, domainNames: [...(props.domainNames ?? [])], minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021 }
        : {}),
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'pack-pages/',
      defaultBehavior: {
        ...signed,
        origin: S3BucketOrigin.withOriginAccessControl(props.reportsBucket),
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // A re-run replaces a pack's files and every run rewrites the index: nothing is cached.
        cachePolicy: CachePolicy.CACHING_DISABLED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        [OPEN_PATH]: {
          ...signed,
          origin: openOrigin,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: new OriginRequestPolicy(this, 'OpenRequestPolicy', {
            comment: 'funnel-review pack pages: the open link passes only its target',
            queryStringBehavior: OriginRequestQueryStringBehavior.allowList(OPEN_TARGET_PARAM),
          }),
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
    });
  }

  /**
   * The distribution reads the pages and nothing else of the reports bucket: the origin access
   * grant covers the bucket, so these denials narrow it to SERVED_KEYS, less the sent messages.
   */
  private keepPrivateKeysPrivate(bucket: IBucket): void {
    const cloudFront = { effect: Effect.DENY, principals: [new ServicePrincipal('cloudfront.amazonaws.com')], actions: ['s3:GetObject'] };
    bucket.addToResourcePolicy(new PolicyStatement({ sid: 'PackPagesServeOnlyPages', ...cloudFront, notResources: SERVED_KEYS.map((pattern) => bucket.arnForObjects(pattern)) }));
    bucket.addToResourcePolicy(new PolicyStatement({ sid: 'PackPagesServeNoMessages', ...cloudFront, resources: UNSERVED_KEYS_IN_PACKS.map((pattern) => bucket.arnForObjects(pattern)) }));
  }

  /**
   * The report function signs links: PACK_PAGES_URL, PACK_PAGES_KEY_PAIR_ID,
   * PACK_PAGES_SIGNING_KEY_SECRET and PACK_PAGES_LINK_DAYS, and reading the private key.
   */
  public grantLinkSigning(fn: PipelineFunction): void {
    fn.addEnvironment(RUNTIME_ENV.packPagesUrl, this.siteUrl);
    fn.addEnvironment(RUNTIME_ENV.packPagesKeyPairId, this.publicKey.publicKeyId);
    fn.addEnvironment(RUNTIME_ENV.packPagesSigningKey, this.signingKey.secretArn);
    fn.addEnvironment(RUNTIME_ENV.packPagesLinkDays, String(this.linkLifetime.toDays()));
    this.grantKeyRead(fn);
  }

  /** Reading the private key, and nothing else of Secrets Manager. */
  private grantKeyRead(fn: PipelineFunction): void {
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.signingKey.secretArn] }));
  }

  private acknowledgeFindings(provider: Provider, ownCertificate: boolean): void {
    Validations.of(this.signingKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is a CloudFront signing key: a new key must reach the key group with it, so it is rotated by raising keyVersion (a deploy), not by Secrets Manager rotation.',
    });
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR1', reason: 'The teams read from wherever they work; every request needs a signature from the key group, checked at the edge.' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'Every request needs a signature from the key group and unsigned ones are refused at the edge; there is no form or API for a web ACL to protect.',
      },
    );
    if (!ownCertificate) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason: 'The default cloudfront.net certificate fixes the viewer policy at TLSv1; give domainNames and a certificate for TLSv1.2_2021.',
      });
    }
    const frameworkFunction = provider.node.findChild('framework-onEvent');
    Validations.of(frameworkFunction).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK custom resource framework function logs with the basic execution role; it only calls the key generator.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(this.keyGenerator.function)}.Arn>:*]`,
        reason: 'The framework may invoke any version of the key generator function, and only that function.',
      },
    );
  }
}
