import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { sampleConfig } from '../../lambdas/config/sample-config.js';
import { LakeColumns } from '../../lambdas/ingest/lake-columns.js';
import { encodeParquet } from '../../lambdas/ingest/parquet-codec.js';
import { threadedEncoder } from '../../lambdas/ingest/parquet-encoder.js';
import { ENCODER_THREAD_BUNDLE } from '../../lambdas/ingest/worker-bundles.js';
import { bundledWorkerScript } from '../../lambdas/ingest/worker-script.js';
import { ASSET_LAYOUT } from '../../lambdas/render/asset-paths.js';
import { DATASETS, GLUE_TYPES, TABLES } from '../../lambdas/schema/canonical-schema.js';
import { logicalIdOf } from '../../lib/bucket-access.js';
import type { FunnelReviewStack } from '../../lib/funnel-review-stack.js';
import { synthesize, type Synthesized } from './synth-fixture.js';

// One real synthesis (with esbuild bundling) for the whole file: bundling is the slow part.
let synthesized: Synthesized;
let stack: FunnelReviewStack;
beforeAll(() => {
  synthesized = synthesize(sampleConfig(), { bundle: true });
  stack = synthesized.stack;
});

type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

const statementsOfRole = (roleLogicalId: string): Statement[] => {
  const policies = synthesized.template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: roleLogicalId }] },
  });
  return Object.values(policies).flatMap(
    (policy) => (policy as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
};
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
const ingestStatements = (): Statement[] => statementsOfRole(logicalIdOf(stack.ingest.handler.role));
const reportStatements = (): Statement[] => statementsOfRole(logicalIdOf(stack.reporting.handler.role));

describe('buckets', () => {
  it('expect seven buckets (landing, lake, Athena results, reports, config, access logs, pack pages logs), each encrypted, public access blocked and TLS enforced', () => {
    const buckets = synthesized.template.findResources('AWS::S3::Bucket');
    expect(Object.keys(buckets)).toHaveLength(7);
    for (const logicalId of Object.keys(buckets)) {
      synthesized.template.hasResource('AWS::S3::Bucket', {
        Properties: {
          BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            BlockPublicPolicy: true,
            IgnorePublicAcls: true,
            RestrictPublicBuckets: true,
          },
        },
        DeletionPolicy: 'Retain',
      });
      synthesized.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('expect the data buckets to log to the access-log bucket and landing, lake, reports and config to be versioned', () => {
    const logs = { Ref: logicalIdOf(stack.dataLake.accessLogsBucket) };
    for (const bucket of [stack.dataLake.landingBucket, stack.dataLake.lakeBucket, stack.dataLake.reportsBucket, stack.dataLake.configBucket]) {
      expect(synthesized.template.toJSON().Resources[logicalIdOf(bucket)].Properties).toMatchObject({
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: { DestinationBucketName: logs },
      });
    }
    expect(synthesized.template.toJSON().Resources[logicalIdOf(stack.dataLake.athenaResultsBucket)].Properties).toMatchObject({
      LoggingConfiguration: { DestinationBucketName: logs },
    });
  });

  it('expect lifecycle rules from config.deploy.retention: landing 90 days, quarantine 30 days, Athena results 7 days', () => {
    const rulesOf = (bucket: Parameters<typeof logicalIdOf>[0]) =>
      synthesized.template.toJSON().Resources[logicalIdOf(bucket)].Properties.LifecycleConfiguration.Rules;
    expect(rulesOf(stack.dataLake.landingBucket)).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 90, Status: 'Enabled', Id: 'expire-raw-landing-files' }),
    );
    expect(rulesOf(stack.dataLake.lakeBucket)).toContainEqual(
      expect.objectContaining({ ExpirationInDays: 30, Prefix: 'quarantine/', Status: 'Enabled' }),
    );
    expect(rulesOf(stack.dataLake.athenaResultsBucket)).toContainEqual(expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' }));
  });
});

describe('Glue tables', () => {
  it.each(DATASETS)('expect %s with partition projection on dt over s3://<lake>/<dataset>/', (dataset) => {
    const lake = { Ref: logicalIdOf(stack.dataLake.lakeBucket) };
    synthesized.template.hasResourceProperties('AWS::Glue::Table', {
      DatabaseName: 'funnel_review',
      TableInput: {
        Name: dataset,
        TableType: 'EXTERNAL_TABLE',
        Parameters: {
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2015-01-01,NOW+1DAYS',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'storage.location.template': { 'Fn::Join': ['', ['s3://', lake, `/${dataset}/dt=\${dt}/`]] },
        },
        PartitionKeys: [{ Name: 'dt', Type: 'string' }],
        StorageDescriptor: {
          Location: { 'Fn::Join': ['', ['s3://', lake, `/${dataset}/`]] },
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
      },
    });
  });

  it.each(DATASETS)('expect the columns of %s to be the shared schema, in order, with Glue types', (dataset) => {
    const tables = synthesized.template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: dataset } } });
    const [table] = Object.values(tables) as { Properties: { TableInput: { StorageDescriptor: { Columns: { Name: string; Type: string }[] } } } }[];
    const columns = table?.Properties.TableInput.StorageDescriptor.Columns.map((c) => [c.Name, c.Type]);
    expect(columns).toEqual(TABLES[dataset].columns.map((c) => [c.name, GLUE_TYPES[c.type]]));
  });

  it('expect funnel_events.occurred_at as timestamp and amount as double (spot check of the mapping)', () => {
    const tables = synthesized.template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'funnel_events' } } });
    const columns = (Object.values(tables)[0] as { Properties: { TableInput: { StorageDescriptor: { Columns: { Name: string; Type: string }[] } } } })
      .Properties.TableInput.StorageDescriptor.Columns;
    expect(columns).toContainEqual(expect.objectContaining({ Name: 'occurred_at', Type: 'timestamp' }));
    expect(columns).toContainEqual(expect.objectContaining({ Name: 'amount', Type: 'double' }));
  });

  it('expect no crawler', () => {
    synthesized.template.resourceCountIs('AWS::Glue::Crawler', 0);
  });
});

describe('Athena workgroup', () => {
  it('expect engine v3, enforced settings, SSE_S3 results in the results bucket, 10 GB cutoff, CloudWatch metrics', () => {
    synthesized.template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'funnel-review',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 10_240 * 1024 * 1024,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: {
          EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: logicalIdOf(stack.dataLake.athenaResultsBucket) }, '/athena/']] },
        },
      },
    });
  });
});

describe('Lambdas', () => {
  it('expect ingest on nodejs24.x arm64, 2048 MB, 15 minutes, 4 GiB of /tmp for snapshot spill files, reserved concurrency 1', () => {
    synthesized.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 2048,
      Timeout: 900,
      EphemeralStorage: { Size: 4096 },
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: Match.objectLike({
          // One V8 helper thread (see INGEST_NODE_OPTIONS in lib/lambda-bundle.ts).
          NODE_OPTIONS: '--enable-source-maps --v8-pool-size=1',
          POWERTOOLS_SERVICE_NAME: 'funnel-review-ingest',
          POWERTOOLS_METRICS_NAMESPACE: 'FunnelReview',
          FUNNEL_REVIEW_CONFIG_PATH: '/var/task/funnel-review.config.json',
          LANDING_BUCKET: { Ref: logicalIdOf(stack.dataLake.landingBucket) },
          LAKE_BUCKET: { Ref: logicalIdOf(stack.dataLake.lakeBucket) },
          OPS_TOPIC_ARN: { Ref: logicalIdOf(stack.monitoring.opsTopic) },
          CONFIG_BUCKET: { Ref: logicalIdOf(stack.dataLake.configBucket) },
          CONFIG_KEY: 'funnel-review.config.json',
        }),
      },
    });
  });

  it('expect report on nodejs24.x arm64, 1536 MB, 10 minutes, reserved concurrency 1, with every environment variable its grants back', () => {
    synthesized.template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1536,
      Timeout: 600,
      ReservedConcurrentExecutions: 1,
      Environment: {
        Variables: {
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: 'funnel-review-report',
          POWERTOOLS_METRICS_NAMESPACE: 'FunnelReview',
          FUNNEL_REVIEW_CONFIG_PATH: '/var/task/funnel-review.config.json',
          FUNNEL_REVIEW_ASSET_DIR: '/var/task/assets',
          LAKE_BUCKET: { Ref: logicalIdOf(stack.dataLake.lakeBucket) },
          REPORTS_BUCKET: { Ref: logicalIdOf(stack.dataLake.reportsBucket) },
          ATHENA_WORKGROUP: 'funnel-review',
          ATHENA_DATABASE: 'funnel_review',
          SES_CONFIGURATION_SET: { Ref: logicalIdOf(stack.delivery.configurationSet) },
          OPS_TOPIC_ARN: { Ref: logicalIdOf(stack.monitoring.opsTopic) },
          CONFIG_BUCKET: { Ref: logicalIdOf(stack.dataLake.configBucket) },
          CONFIG_KEY: 'funnel-review.config.json',
        },
      },
    });
  });

  it('expect each function to log to its own log group with a retention', () => {
    // Ingest, report, and the pack pages' open endpoint, key generator and its custom resource provider.
    synthesized.template.resourceCountIs('AWS::Logs::LogGroup', 5);
    synthesized.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('expect the validated config, the fonts and the resvg wasm in the report bundle', () => {
    const assetDir = join(synthesized.assemblyDir, `asset.${reportAssetHash()}`);
    const bundledConfig: unknown = JSON.parse(readFileSync(join(assetDir, 'funnel-review.config.json'), 'utf8'));
    expect(bundledConfig).toEqual(JSON.parse(JSON.stringify(sampleConfig())));
    // The layout lambdas/render/asset-paths.ts reads through FUNNEL_REVIEW_ASSET_DIR.
    for (const file of [ASSET_LAYOUT.wasm, ...ASSET_LAYOUT.fonts]) {
      expect(existsSync(join(assetDir, 'assets', file)), file).toBe(true);
    }
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(true);
  });

  it('expect the ingest bundle to ship the encoder thread\'s own bundle next to it, and the handler to pick it', () => {
    const assetDir = join(synthesized.assemblyDir, `asset.${ingestAssetHash()}`);
    const own = readFileSync(join(assetDir, ENCODER_THREAD_BUNDLE));
    const handler = readFileSync(join(assetDir, 'index.mjs'));
    expect(own.length).toBeLessThan(handler.length / 3);
    expect(bundledWorkerScript(pathToFileURL(join(assetDir, 'index.mjs')), ENCODER_THREAD_BUNDLE).href).toBe(pathToFileURL(join(assetDir, ENCODER_THREAD_BUNDLE)).href);
  });

  // The thread that merges and encodes large partitions runs from its own bundle (the Lambda's
  // case), or from the handler's bundle itself where that is missing.
  it.each([ENCODER_THREAD_BUNDLE, 'index.mjs'])('expect the ingest bundle to run its own Parquet encoder thread (%s)', async (script) => {
    const bundle = pathToFileURL(join(synthesized.assemblyDir, `asset.${ingestAssetHash()}`, script));
    const encoder = threadedEncoder({ minRows: 0, script: bundle });
    const rows = LakeColumns.of(TABLES.funnel_events, [
      { event_id: 'e-1', entity_id: 'C-1', entity_type: 'lead', stage: 'mql', occurred_at: Date.UTC(2026, 2, 4), source_team: 'marketing', source: 'crm_lifecycle' },
    ]);
    try {
      expect(Buffer.from(await encoder.encode(rows)).equals(Buffer.from(encodeParquet(rows)))).toBe(true);
    } finally {
      await encoder.close();
    }
  });

  it.each([ENCODER_THREAD_BUNDLE, 'index.mjs'])('expect the ingest bundle to write and merge a busy day\'s sorted runs in its encoder thread (%s)', async (script) => {
    // The runs and the merge write local files through hyparquet-writer's Node entry point.
    const bundle = pathToFileURL(join(synthesized.assemblyDir, `asset.${ingestAssetHash()}`, script));
    const encoder = threadedEncoder({ minRows: 0, script: bundle });
    const dir = await mkdtemp(join(tmpdir(), 'bundle-runs-'));
    const row = (id: string, stage: string) => ({ event_id: id, entity_id: 'C-1', entity_type: 'lead', stage, occurred_at: Date.UTC(2026, 2, 4), source_team: 'marketing', source: 'crm_lifecycle' });
    try {
      const run = join(dir, 'run.parquet');
      const out = join(dir, 'merged.parquet');
      const runRows = await encoder.spillRun(LakeColumns.of(TABLES.funnel_events, [row('e-2', 'lead'), row('e-1', 'lead')]), 'crm_lifecycle', run);
      const last = LakeColumns.of(TABLES.funnel_events, [row('e-2', 'mql')]);
      const merged = await encoder.mergeSpilled({ table: TABLES.funnel_events, source: 'crm_lifecycle', existingPath: undefined, runs: [run], upserts: last, outPath: out });
      const expected = LakeColumns.of(TABLES.funnel_events, [row('e-1', 'lead'), row('e-2', 'mql')]);
      expect({ runRows, merged }).toEqual({ runRows: 2, merged: { rows: 2, upserted: 2 } });
      expect(readFileSync(out).equals(Buffer.from(encodeParquet(expected)))).toBe(true);
    } finally {
      await encoder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('expect the report bundle under 4 MB and without the TypeScript compiler (mjml\'s minifier chain is cut)', () => {
    const code = readFileSync(join(synthesized.assemblyDir, `asset.${reportAssetHash()}`, 'index.mjs'), 'utf8');
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(4 * 1024 * 1024);
    // A diagnostic message only the TypeScript compiler carries.
    expect(code).not.toContain("Cannot find name '{0}'.");
  });

  it('expect no DuckDB in either bundle', () => {
    for (const file of [join(`asset.${reportAssetHash()}`, 'index.mjs'), join(`asset.${ingestAssetHash()}`, 'index.mjs'), join(`asset.${ingestAssetHash()}`, ENCODER_THREAD_BUNDLE)]) {
      const code = readFileSync(join(synthesized.assemblyDir, file), 'utf8');
      expect(code).not.toContain('duckdb');
    }
  });
});

const assetHashOf = (functionLogicalId: string): string => {
  const fn = synthesized.template.toJSON().Resources[functionLogicalId] as { Properties: { Code: { S3Key: string } } };
  return fn.Properties.Code.S3Key.replace(/\.zip$/, '');
};
const reportAssetHash = (): string => assetHashOf(logicalIdOf(stack.reporting.handler.function));
const ingestAssetHash = (): string => assetHashOf(logicalIdOf(stack.ingest.handler.function));

describe('least privilege', () => {
  it('expect no wildcard action in any function policy', () => {
    for (const action of [...actionsOf(ingestStatements()), ...actionsOf(reportStatements())]) {
      expect(action).not.toContain('*');
    }
  });

  it('expect ingest to reach only its log group, the landing bucket (read), the lake bucket (read/write), the live config, its failure queue and the ops topic', () => {
    const resources = JSON.stringify(ingestStatements().map((s) => s.Resource));
    expect(resources).toContain(logicalIdOf(stack.dataLake.landingBucket));
    expect(resources).toContain(logicalIdOf(stack.dataLake.lakeBucket));
    expect(resources).not.toContain(logicalIdOf(stack.dataLake.reportsBucket));
    expect(resources).not.toContain(logicalIdOf(stack.dataLake.athenaResultsBucket));
    const services = new Set(actionsOf(ingestStatements()).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['kms', 'logs', 's3', 'sns', 'sqs']);
    const publish = ingestStatements().find((s) => actionsOf([s]).includes('sns:Publish'));
    expect(publish?.Resource).toEqual({ Ref: logicalIdOf(stack.monitoring.opsTopic) });
    const send = ingestStatements().find((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(send?.Resource).toEqual({ 'Fn::GetAtt': [logicalIdOf(stack.failureDestinations.ingest.queue), 'Arn'] });
  });

  it('expect ingest to write no object in the landing bucket', () => {
    const landing = logicalIdOf(stack.dataLake.landingBucket);
    const onLanding = ingestStatements().filter((s) => JSON.stringify(s.Resource).includes(landing));
    expect(actionsOf(onLanding).sort()).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
  });

  it('expect report queries limited to its workgroup and the three tables of its database', () => {
    const statements = reportStatements();
    const athena = statements.find((s) => actionsOf([s]).every((a) => a.startsWith('athena:')));
    expect(actionsOf(athena ? [athena] : []).sort()).toEqual([
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
    ]);
    expect(JSON.stringify(athena?.Resource)).toContain(':workgroup/funnel-review');
    const glue = statements.find((s) => actionsOf([s]).every((a) => a.startsWith('glue:')));
    const glueResources = JSON.stringify(glue?.Resource);
    for (const arn of [':catalog"', ':database/funnel_review"', ...DATASETS.map((d) => `:table/funnel_review/${d}"`)]) {
      expect(glueResources).toContain(arn);
    }
  });

  it('expect SES sending only as the identity, through the configuration set, from the sender address', () => {
    const ses = reportStatements().filter((s) => actionsOf([s]).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    // SESv2 SendEmail authorises raw content as ses:SendEmail; v1 SendRawEmail is not granted.
    expect(actionsOf(ses)).toEqual(['ses:SendEmail']);
    expect(ses[0]?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'funnel-review@example.com' } });
    const resources = JSON.stringify(ses[0]?.Resource);
    expect(resources).toContain(`:identity/",{"Ref":"${logicalIdOf(stack.delivery.emailIdentity)}"}`);
    expect(resources).toContain(`:configuration-set/",{"Ref":"${logicalIdOf(stack.delivery.configurationSet)}"}`);
  });

  it('expect the report role to delete nothing anywhere', () => {
    expect(actionsOf(reportStatements()).filter((action) => /delete/i.test(action))).toEqual([]);
  });

  it('expect the report role to read of the lake only the three tables and their manifests: no quarantine, no ingest state', () => {
    const lake = logicalIdOf(stack.dataLake.lakeBucket);
    const onLake = reportStatements().filter((s) => JSON.stringify(s.Resource).includes(lake));
    expect(actionsOf(onLake).sort()).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucket']);
    const objectPaths = onLake
      .filter((s) => actionsOf([s]).includes('s3:GetObject'))
      .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
      .map((resource) => JSON.stringify(resource))
      .filter((resource) => resource.includes(lake))
      .map((resource) => /"(\/[^"]*)"\]\]\}$/.exec(resource)?.[1])
      .sort();
    expect(objectPaths).toEqual([
      '/funnel_events/*',
      '/manifests/funnel_events/*',
      '/manifests/marketing_spend/*',
      '/manifests/web_sessions/*',
      '/marketing_spend/*',
      '/web_sessions/*',
    ]);
    const listed = onLake
      .filter((s) => actionsOf([s]).includes('s3:ListBucket'))
      .flatMap((s) => (s.Condition as { StringLike: { 's3:prefix': string[] } }).StringLike['s3:prefix'])
      .sort();
    expect(listed).toEqual(['funnel_events/*', 'manifests/funnel_events/*', 'manifests/marketing_spend/*', 'manifests/web_sessions/*', 'marketing_spend/*', 'web_sessions/*']);
    expect(JSON.stringify(onLake)).not.toMatch(/quarantine|state\//);
  });

  it('expect the report role to write the reports bucket and Athena results under athena/ only', () => {
    const statements = reportStatements();
    const puts = statements.filter((s) => actionsOf([s]).includes('s3:PutObject'));
    expect(puts).toHaveLength(1);
    expect(puts[0]?.Resource).toEqual([
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(stack.dataLake.athenaResultsBucket), 'Arn'] }, '/athena/*']] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalIdOf(stack.dataLake.reportsBucket), 'Arn'] }, '/*']] },
    ]);
  });

  it('expect both roles to read the live config object and nothing else of the config bucket', () => {
    const config = logicalIdOf(stack.dataLake.configBucket);
    for (const statements of [reportStatements(), ingestStatements()]) {
      const onConfig = statements.filter((s) => JSON.stringify(s.Resource).includes(config));
      expect(actionsOf(onConfig).sort()).toEqual(['s3:GetBucketLocation', 's3:GetObject', 's3:ListBucket']);
      const get = onConfig.find((s) => actionsOf([s]).includes('s3:GetObject'));
      expect(JSON.stringify(get?.Resource)).toContain(`{"Fn::Join":["",[{"Fn::GetAtt":["${config}","Arn"]},"/funnel-review.config.json"]]}`);
      const list = onConfig.find((s) => actionsOf([s]).includes('s3:ListBucket'));
      expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['funnel-review.config.json'] } });
    }
  });

  it('expect the report role to read Slack webhook secrets under FunnelReview/slack/ and the pack pages\' signing key only', () => {
    const secrets = reportStatements().filter((s) => actionsOf([s]).some((a) => a.startsWith('secretsmanager:')));
    expect(actionsOf(secrets)).toEqual(['secretsmanager:GetSecretValue']);
    const resources = (secrets[0]?.Resource as unknown[]).map((resource) => JSON.stringify(resource));
    expect(resources).toHaveLength(2);
    expect(resources.filter((resource) => /:secret:FunnelReview\/slack\/\*"\]\]\}$/.test(resource))).toHaveLength(1);
    expect(resources).toContain(JSON.stringify({ Ref: logicalIdOf(stack.packPages.signingKey) }));
  });

  it('expect every grant of the topic key to a service principal to hold only for this account and its own resources', () => {
    const [key] = Object.values(synthesized.template.findResources('AWS::KMS::Key')) as {
      Properties: { KeyPolicy: { Statement: { Principal: { Service?: string }; Condition?: Record<string, Record<string, unknown>> }[] } };
    }[];
    const toServices = key?.Properties.KeyPolicy.Statement.filter((statement) => statement.Principal.Service !== undefined) ?? [];
    expect(toServices.map((statement) => statement.Principal.Service).sort()).toEqual(['cloudwatch.amazonaws.com', 'ses.amazonaws.com']);
    for (const statement of toServices) {
      expect(statement.Condition?.StringEquals).toEqual({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } });
      expect(statement.Condition?.ArnLike?.['aws:SourceArn']).toBeDefined();
    }
    const sourceArns = JSON.stringify(toServices.map((statement) => statement.Condition?.ArnLike?.['aws:SourceArn']));
    expect(sourceArns).toContain(':alarm:*');
    expect(sourceArns).toContain(`:configuration-set/",{"Ref":"${logicalIdOf(stack.delivery.configurationSet)}"}`);
  });

  it('expect the scheduler role to invoke only the two functions and send only to the dead-letter queues', () => {
    const statements = statementsOfRole(logicalIdOf(stack.schedules.role));
    expect(actionsOf(statements).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    const invoke = statements.find((s) => actionsOf([s]).includes('lambda:InvokeFunction'));
    expect(invoke?.Resource).toEqual([
      { 'Fn::GetAtt': [logicalIdOf(stack.ingest.handler.function), 'Arn'] },
      { 'Fn::GetAtt': [logicalIdOf(stack.reporting.handler.function), 'Arn'] },
    ]);
    const send = statements.find((s) => actionsOf([s]).includes('sqs:SendMessage'));
    expect(send?.Resource).toHaveLength(4);
  });
});

describe('failure destinations', () => {
  it.each([
    ['ingest', () => stack.ingest.handler.function, () => stack.failureDestinations.ingest.queue],
    ['report', () => stack.reporting.handler.function, () => stack.failureDestinations.reporting.queue],
  ] as const)('expect the %s function to retry a failed asynchronous invocation twice within 6 hours, then send it to its own queue', (_name, fn, queue) => {
    synthesized.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalIdOf(fn()) },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 21_600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(queue()), 'Arn'] } } },
    });
  });

  it('expect each failure queue encrypted, TLS-only and watched by an alarm to the ops topic', () => {
    for (const queue of [stack.failureDestinations.ingest.queue, stack.failureDestinations.reporting.queue]) {
      expect(synthesized.template.toJSON().Resources[logicalIdOf(queue)].Properties).toMatchObject({ SqsManagedSseEnabled: true });
      synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queue), 'QueueName'] } }],
        Threshold: 1,
        AlarmActions: [{ Ref: logicalIdOf(stack.monitoring.opsTopic) }],
      });
    }
  });
});

describe('schedules (sample config: America/New_York, weeks start Monday, fiscal year = calendar year)', () => {
  it.each([
    ['nightly ingest at 02:00', 'cron(0 2 * * ? *)', '{"scheduledTime":"<aws.scheduler.scheduled-time>"}'],
    ['weekly pack on Monday morning', 'cron(0 7 ? * MON *)', '{"cadence":"weekly","scheduledTime":"<aws.scheduler.scheduled-time>"}'],
    ['monthly pack on the 1st', 'cron(0 7 1 * ? *)', '{"cadence":"monthly","scheduledTime":"<aws.scheduler.scheduled-time>"}'],
    ['quarterly pack on the 1st of Jan, Apr, Jul, Oct', 'cron(0 7 1 1,4,7,10 ? *)', '{"cadence":"quarterly","scheduledTime":"<aws.scheduler.scheduled-time>"}'],
  ])('expect the %s', (_name, expression, input) => {
    synthesized.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'America/New_York',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Input: input,
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21_600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
      },
    });
  });

  it('expect each schedule to dead-letter to its own encrypted, TLS-only queue (plus the two failure queues)', () => {
    synthesized.template.resourceCountIs('AWS::SQS::Queue', 6);
    synthesized.template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    synthesized.template.resourceCountIs('AWS::SQS::QueuePolicy', 6);
    synthesized.template.allResourcesProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });
});

describe('SES', () => {
  it('expect the sender address as the identity, with the configuration set as its default', () => {
    synthesized.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'funnel-review@example.com',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalIdOf(stack.delivery.configurationSet) } },
    });
  });

  it('expect bounces and complaints published to the ops topic', () => {
    synthesized.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: logicalIdOf(stack.monitoring.opsTopic) } },
      },
    });
  });
});

describe('monitoring', () => {
  it('expect the ops topic KMS-encrypted, TLS-only and subscribed by the ops email', () => {
    synthesized.template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(stack.monitoring.topicKey), 'Arn'] },
    });
    synthesized.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    synthesized.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('expect ten alarms (2 function errors, 4 dead-letter queues, 2 failure queues, held packs, rejected rows), each publishing to the ops topic', () => {
    const alarms = synthesized.template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms)).toHaveLength(10);
    synthesized.template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: logicalIdOf(stack.monitoring.opsTopic) }],
    });
  });

  it('expect an alarm on each function’s Errors and each dead-letter queue’s visible messages', () => {
    for (const fn of [stack.ingest.handler.function, stack.reporting.handler.function]) {
      synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(fn) } }],
      });
    }
    for (const queue of Object.values(stack.schedules.deadLetterQueues)) {
      synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(queue), 'QueueName'] } }],
        Threshold: 1,
      });
    }
  });

  it('expect alarms on held packs and on more than 100 rejected rows in an hour', () => {
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FunnelReview',
      MetricName: 'PacksHeld',
      Dimensions: [{ Name: 'service', Value: 'funnel-review-report' }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'FunnelReview',
      MetricName: 'IngestRowsRejected',
      Dimensions: [{ Name: 'service', Value: 'funnel-review-ingest' }],
      Period: 3600,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('expect no unacknowledged finding', () => {
    const result = new AwsSolutionsChecks().validateScope(synthesized.app);
    expect(result.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`)).toEqual([]);
  });

  it('expect an empty validation report in the cloud assembly', () => {
    const report = JSON.parse(readFileSync(join(synthesized.assemblyDir, 'validation-report.json'), 'utf8')) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
  });
});
