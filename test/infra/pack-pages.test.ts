import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Bucket, BucketEncryption, BlockPublicAccess } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { sampleConfig } from '../../lambdas/config/sample-config.js';
import { logicalIdOf } from '../../lib/bucket-access.js';
import { PackPages, PackPagesPropsError, type PackPagesProps } from '../../lib/pack-pages.js';
import { PipelineFunction } from '../../lib/pipeline-function.js';

/** A stack with the pack pages alone, beside the two buckets and a report-like function they use (no bundling). */
const packPagesStack = (props: Partial<PackPagesProps> = {}) => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'PackPagesTest');
  const bucket = (id: string) => new Bucket(stack, id, { encryption: BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: BlockPublicAccess.BLOCK_ALL });
  const accessLogsBucket = bucket('AccessLogs');
  const reportsBucket = new Bucket(stack, 'Reports', {
    encryption: BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    serverAccessLogsBucket: accessLogsBucket,
  });
  const report = new PipelineFunction(stack, 'Report', {
    entry: 'lambdas/handlers/report-handler.ts',
    description: 'report',
    serviceName: 'report',
    config: sampleConfig(),
    memorySize: 512,
    timeout: Duration.minutes(1),
  });
  const pages = new PackPages(stack, 'PackPages', { config: sampleConfig(), reportsBucket, accessLogsBucket, ...props });
  pages.grantLinkSigning(report);
  return { app, stack, pages, report, reportsBucket, template: Template.fromStack(stack) };
};

const statementsOf = (template: Template, roleLogicalId: string) =>
  Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleLogicalId }] } })).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
  );

describe('PackPages', () => {
  const built = packPagesStack();
  const { template, pages } = built;
  const keyGroup = { Ref: logicalIdOf(pages.keyGroup) };

  it('expect every behaviour to require a signature from the key group, over HTTPS', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: { TrustedKeyGroups: [keyGroup], ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] },
        CacheBehaviors: [Match.objectLike({ PathPattern: '/open', TrustedKeyGroups: [keyGroup], ViewerProtocolPolicy: 'redirect-to-https' })],
        Logging: { Bucket: { 'Fn::GetAtt': [logicalIdOf(pages.logBucket), 'RegionalDomainName'] }, Prefix: 'pack-pages/' },
      },
    });
  });

  it('expect the open endpoint to get only its target, cache nothing and take IAM-signed calls only', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: { QueryStringsConfig: { QueryStringBehavior: 'whitelist', QueryStrings: ['to'] }, CookiesConfig: { CookieBehavior: 'none' }, HeadersConfig: { HeaderBehavior: 'none' } },
    });
    template.hasResourceProperties('AWS::Lambda::Url', { AuthType: 'AWS_IAM', TargetFunctionArn: { 'Fn::GetAtt': [logicalIdOf(pages.openFunction.function), 'Arn'] } });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { OriginAccessControlOriginType: 'lambda', SigningBehavior: 'always' } });
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', { OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always' } });
  });

  it('expect CloudFront to read the pages only: the index, the fonts and the pack folders, less the sent messages', () => {
    const reports = logicalIdOf(built.reportsBucket);
    const objects = (pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [reports, 'Arn'] }, `/${pattern}`]] });
    const cloudFront = { Effect: 'Deny', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: reports },
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'PackPagesServeOnlyPages', ...cloudFront, NotResource: ['index.html', 'assets/*', 'weekly/*', 'monthly/*', 'quarterly/*'].map(objects) },
          { Sid: 'PackPagesServeNoMessages', ...cloudFront, Resource: objects('*.eml') },
        ]),
      },
    });
  });

  it('expect the report function to get the site, key pair, secret and link lifetime, and to read that one secret', () => {
    const secret = { Ref: logicalIdOf(pages.signingKey) };
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      Description: 'report',
      Environment: {
        Variables: Match.objectLike({
          PACK_PAGES_URL: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalIdOf(pages.distribution), 'DomainName'] }]] },
          PACK_PAGES_KEY_PAIR_ID: { Ref: logicalIdOf(pages.publicKey) },
          PACK_PAGES_SIGNING_KEY_SECRET: secret,
          PACK_PAGES_LINK_DAYS: '400',
        }),
      },
    });
    const secretStatements = statementsOf(template, logicalIdOf(built.report.role)).filter((statement) => JSON.stringify(statement.Action).includes('secretsmanager'));
    expect(secretStatements).toEqual([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: secret }]);
  });

  it('expect the key generator to write the key into that secret only, and the public key to come from it', () => {
    const secret = { Ref: logicalIdOf(pages.signingKey) };
    expect(statementsOf(template, logicalIdOf(pages.keyGenerator.role)).filter((statement) => statement.Action === 'secretsmanager:PutSecretValue')).toEqual([
      { Action: 'secretsmanager:PutSecretValue', Effect: 'Allow', Resource: secret },
    ]);
    template.hasResourceProperties('AWS::CloudFormation::CustomResource', { SecretArn: secret, KeyVersion: '1' });
    template.hasResourceProperties('AWS::CloudFront::PublicKey', {
      PublicKeyConfig: { EncodedKey: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PackPagesKeyPair'), 'PublicKeyPem'] } },
    });
  });

  it('expect sessions of 12 hours by default, and each setting overridable', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PACK_PAGES_SESSION_HOURS: '12' }) } });
    const custom = packPagesStack({ linkLifetime: Duration.days(90), sessionLifetime: Duration.hours(2) }).template;
    custom.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PACK_PAGES_SESSION_HOURS: '2' }) } });
    custom.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ PACK_PAGES_LINK_DAYS: '90' }) } });
  });

  it('expect a new key version to make a new public key (CloudFront cannot change one in place)', () => {
    const rotated = packPagesStack({ keyVersion: 2 });

    expect(logicalIdOf(rotated.pages.publicKey)).not.toBe(logicalIdOf(pages.publicKey));
    rotated.template.hasResourceProperties('AWS::CloudFormation::CustomResource', { KeyVersion: '2' });
  });

  it('expect host names without a certificate to be refused', () => {
    expect(() => packPagesStack({ domainNames: ['packs.example.com'] })).toThrow(
      new PackPagesPropsError('domainNames and certificate go together: give both (a certificate in us-east-1 for those names) or neither'),
    );
  });

  it('expect your own names and certificate to serve TLSv1.2_2021', () => {
    const app = packPagesStack({
      domainNames: ['packs.example.com'],
      certificate: Certificate.fromCertificateArn(new Stack(new App(), 'Certs'), 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
    });

    app.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: { Aliases: ['packs.example.com'], ViewerCertificate: Match.objectLike({ MinimumProtocolVersion: 'TLSv1.2_2021' }) },
    });
    expect(app.pages.siteUrl).toBe('https://packs.example.com');
  });

  it('expect no unacknowledged cdk-nag finding, with or without a certificate', () => {
    for (const { app } of [packPagesStack(), packPagesStack({ domainNames: ['packs.example.com'], certificate: Certificate.fromCertificateArn(new Stack(new App(), 'C'), 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc') })]) {
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      const result = new AwsSolutionsChecks().validateScope(app);
      expect(result.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
    }
  });
});
