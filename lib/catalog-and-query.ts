import { Stack } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DATASETS, GLUE_TYPES, LAKE_KEYS, TABLES, type Dataset, type TableDefinition } from '../lambdas/schema/canonical-schema.js';
import { grantObjectsWriteNoDelete, grantPrefixRead } from './bucket-access.js';

export interface CatalogAndQueryProps {
  /** Holds the curated Parquet under `<dataset>/dt=YYYY-MM-DD/`. */
  readonly lakeBucket: IBucket;
  /** Where the workgroup writes query results. */
  readonly athenaResultsBucket: IBucket;
  /** Glue database name (lowercase, digits, underscores). */
  readonly databaseName: string;
  /** Athena workgroup name. */
  readonly workgroupName: string;
  /** Per-query limit on data scanned, in megabytes (Athena's minimum is 10). */
  readonly bytesScannedCutoffMb: number;
  /**
   * First day partition projection considers.
   * @default '2015-01-01'
   */
  readonly projectionStartDate?: string;
}

export const ATHENA_ENGINE_VERSION = 'Athena engine version 3';
/** Prefix in the results bucket the workgroup writes to. */
export const ATHENA_RESULTS_PREFIX = 'athena/';

const PARQUET_FORMAT = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: {
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    parameters: { 'serialization.format': '1' },
  },
} as const;

/** Glue columns of a canonical table, in schema order (the partition key is separate). */
export const glueColumnsOf = (table: TableDefinition): CfnTable.ColumnProperty[] =>
  table.columns.map((column) => ({ name: column.name, type: GLUE_TYPES[column.type], comment: column.description }));

/**
 * Table parameters that make Athena compute `dt` partitions from the query's predicate, so there
 * is no crawler and no MSCK REPAIR; a day ingested at 02:00 is queryable at 02:00.
 */
export const partitionProjectionParameters = (tableLocation: string, startDate: string): Record<string, string> => ({
  classification: 'parquet',
  EXTERNAL: 'TRUE',
  'projection.enabled': 'true',
  'projection.dt.type': 'date',
  'projection.dt.format': 'yyyy-MM-dd',
  // NOW is UTC; reporting days east of UTC start before it, so allow one day ahead.
  'projection.dt.range': `${startDate},NOW+1DAYS`,
  'projection.dt.interval': '1',
  'projection.dt.interval.unit': 'DAYS',
  'storage.location.template': `${tableLocation}dt=\${dt}/`,
});

/** The Glue database and tables over the lake, and the Athena workgroup the reports query through. */
export class CatalogAndQuery extends Construct {
  public readonly databaseName: string;
  public readonly workgroupName: string;
  public readonly workgroupArn: string;
  public readonly catalogArn: string;
  public readonly databaseArn: string;
  public readonly tableArns: readonly string[];
  public readonly tables: Readonly<Record<Dataset, CfnTable>>;
  public readonly workgroup: CfnWorkGroup;
  public readonly lakeBucket: IBucket;
  public readonly athenaResultsBucket: IBucket;

  constructor(scope: Construct, id: string, props: CatalogAndQueryProps) {
    super(scope, id);
    if (!/^[a-z0-9_]{1,255}$/.test(props.databaseName)) {
      throw new Error(`Glue database name "${props.databaseName}" must be lowercase letters, digits and underscores`);
    }
    const stack = Stack.of(this);
    const startDate = props.projectionStartDate ?? '2015-01-01';
    this.lakeBucket = props.lakeBucket;
    this.athenaResultsBucket = props.athenaResultsBucket;
    this.databaseName = props.databaseName;
    this.workgroupName = props.workgroupName;

    const database = new CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: props.databaseName, description: 'funnel-review curated lake (Parquet, partitioned by dt).' },
    });

    const tables = {} as Record<Dataset, CfnTable>;
    for (const dataset of DATASETS) {
      const table = TABLES[dataset];
      const location = `s3://${props.lakeBucket.bucketName}/${LAKE_KEYS.tablePrefix(dataset)}`;
      const cfnTable = new CfnTable(this, `${dataset}-table`, {
        catalogId: stack.account,
        databaseName: props.databaseName,
        tableInput: {
          name: table.name,
          description: table.description,
          tableType: 'EXTERNAL_TABLE',
          parameters: partitionProjectionParameters(location, startDate),
          partitionKeys: [{ name: table.partitionKey, type: 'string', comment: 'YYYY-MM-DD in the reporting time zone.' }],
          storageDescriptor: { location, columns: glueColumnsOf(table), ...PARQUET_FORMAT },
        },
      });
      cfnTable.addResourceDependency(database);
      tables[dataset] = cfnTable;
    }
    this.tables = tables;

    this.workgroup = new CfnWorkGroup(this, 'Workgroup', {
      name: props.workgroupName,
      description: 'funnel-review report queries: enforced settings, encrypted results, bytes-scanned limit.',
      state: 'ENABLED',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffMb * 1024 * 1024,
        engineVersion: { selectedEngineVersion: ATHENA_ENGINE_VERSION },
        requesterPaysEnabled: false,
        resultConfiguration: {
          outputLocation: `s3://${props.athenaResultsBucket.bucketName}/${ATHENA_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.workgroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: props.workgroupName });
    this.catalogArn = stack.formatArn({ service: 'glue', resource: 'catalog' });
    this.databaseArn = stack.formatArn({ service: 'glue', resource: 'database', resourceName: props.databaseName });
    this.tableArns = DATASETS.map((dataset) =>
      stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.databaseName}/${dataset}` }),
    );
  }

  /** Lake prefixes a query reads: the three tables' Parquet, nothing else (no quarantine, no state). */
  public get tablePrefixes(): string[] {
    return DATASETS.map((dataset) => LAKE_KEYS.tablePrefix(dataset));
  }

  /**
   * What a query runner needs: run and read queries in this workgroup only, read the catalog
   * entries of the three tables, read the tables' prefixes of the lake (Athena reads with the
   * caller's rights) and read/write, never delete, query results under `athena/`.
   */
  public grantQuery(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults', 'athena:StopQueryExecution'],
        resources: [this.workgroupArn],
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
        resources: [this.catalogArn, this.databaseArn, ...this.tableArns],
      }),
    );
    grantPrefixRead(grantee, this.lakeBucket, this.tablePrefixes);
    grantObjectsWriteNoDelete(grantee, this.athenaResultsBucket, ATHENA_RESULTS_PREFIX);
  }
}
