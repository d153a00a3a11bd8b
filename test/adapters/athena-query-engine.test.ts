import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  TooManyRequestsException,
  type GetQueryExecutionCommandOutput,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryEngine, type AthenaQueryEngineOptions } from '../../lambdas/adapters/aws/athena-query-engine.js';
import { QueryFailedError, QueryScanLimitError, QueryTimeoutError } from '../../lambdas/adapters/query-errors.js';

const athena = mockClient(AthenaClient);
let sleeps: number[];

const engine = (options: Partial<AthenaQueryEngineOptions> = {}): AthenaQueryEngine =>
  new AthenaQueryEngine(new AthenaClient({ region: 'eu-west-1' }), {
    workGroup: 'funnel-review',
    database: 'funnel_lake',
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...options,
  });

const execution = (
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
  extra: { reason?: string; bytes?: number; category?: number; type?: number } = {},
): Partial<GetQueryExecutionCommandOutput> => ({
  QueryExecution: {
    QueryExecutionId: 'q-1',
    Status: {
      State: state,
      ...(extra.reason === undefined ? {} : { StateChangeReason: extra.reason }),
      ...(extra.category === undefined ? {} : { AthenaError: { ErrorCategory: extra.category, ErrorType: extra.type } }),
    },
    ...(extra.bytes === undefined ? {} : { Statistics: { DataScannedInBytes: extra.bytes } }),
  },
});

const cell = (value?: string) => (value === undefined ? {} : { VarCharValue: value });
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });

beforeEach(() => {
  athena.reset();
  sleeps = [];
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } });
});

describe('AthenaQueryEngine', () => {
  it('reads two result pages into typed rows, skipping the header row and keeping nulls', async () => {
    athena.on(GetQueryExecutionCommand).resolvesOnce(execution('RUNNING')).resolves(execution('SUCCEEDED', { bytes: 2048 }));
    const columns = [
      { Name: 'stage', Type: 'varchar' },
      { Name: 'events', Type: 'bigint' },
      { Name: 'amount', Type: 'double' },
      { Name: 'share', Type: 'decimal' },
      { Name: 'day', Type: 'date' },
      { Name: 'first_at', Type: 'timestamp' },
      { Name: 'won', Type: 'boolean' },
      { Name: 'campaign', Type: 'varchar' },
    ].map((column) => ({ ...column, CatalogName: 'hive', Nullable: 'UNKNOWN' as const }));
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columns },
          Rows: [
            { Data: columns.map((column) => cell(column.Name)) },
            {
              Data: [
                cell('lead'),
                cell('12'),
                cell('1200.5'),
                cell('0.25'),
                cell('2026-11-02'),
                cell('2026-11-02 02:00:00.000'),
                cell('false'),
                cell(),
              ],
            },
          ],
        },
        NextToken: 'page-2',
      })
      .resolvesOnce({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: columns },
          Rows: [{ Data: [cell('won'), cell('3'), cell(), cell(), cell('2026-11-03'), cell(), cell('true'), cell('brand')] }],
        },
      });

    const result = await engine().query('stage_counts', 'SELECT 1');

    expect(result.rows).toEqual([
      {
        stage: 'lead',
        events: 12,
        amount: 1200.5,
        share: 0.25,
        day: '2026-11-02',
        first_at: '2026-11-02T02:00:00.000Z',
        won: false,
        campaign: null,
      },
      { stage: 'won', events: 3, amount: null, share: null, day: '2026-11-03', first_at: null, won: true, campaign: 'brand' },
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand).map((call) => call.args[0].input.NextToken)).toEqual([
      undefined,
      'page-2',
    ]);
  });

  it('reports the query id and the bytes Athena scanned', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED', { bytes: 2048 }));

    const { stats } = await engine().query('bytes', 'SELECT 1');

    expect(stats).toMatchObject({ engine: 'athena', queryId: 'q-1', bytesScanned: 2048 });
  });

  it('binds parameters as quoted SQL literals in ExecutionParameters', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    await engine({ catalog: 'lake_catalog' }).query(
      'bound',
      'SELECT * FROM funnel_events WHERE dt BETWEEN ? AND ? AND owner = ? AND amount > ? AND amount < ?',
      ['2026-11-01', '2026-11-30', "O'Brien'; DROP TABLE x; --", 42, 0.5],
    );

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT * FROM funnel_events WHERE dt BETWEEN ? AND ? AND owner = ? AND amount > ? AND amount < ?',
      WorkGroup: 'funnel-review',
      QueryExecutionContext: { Database: 'funnel_lake', Catalog: 'lake_catalog' },
      ExecutionParameters: ["'2026-11-01'", "'2026-11-30'", "'O''Brien''; DROP TABLE x; --'", '42', '0.5'],
    });
  });

  it('sends no ExecutionParameters for a query without parameters', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    await engine().query('plain', 'SELECT 1');

    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).not.toHaveProperty('ExecutionParameters');
  });

  it('refuses to bind a number Athena cannot write as a literal', async () => {
    const failure = engine().query('nan', 'SELECT ?', [Number.NaN]);

    await expect(failure).rejects.toThrow('Query "nan" failed: RangeError: cannot bind the number NaN');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('reuses results only when the engine opts in', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    await engine().query('default', 'SELECT 1');
    await engine({ resultReuseMaxAgeMinutes: 60 }).query('reused', 'SELECT 1');
    await engine({ resultReuseMaxAgeMinutes: 60 }).query('fresh', 'SELECT 1', [], { reuseResults: false });

    const reuse = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input.ResultReuseConfiguration);
    expect(reuse).toEqual([undefined, { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } }, undefined]);
  });

  it('polls with a backoff of 1.5x up to the maximum interval', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(execution('QUEUED'))
      .resolvesOnce(execution('RUNNING'))
      .resolvesOnce(execution('RUNNING'))
      .resolves(execution('SUCCEEDED'));

    await engine({ pollIntervalMs: 100, maxPollIntervalMs: 200 }).query('slow', 'SELECT 1');

    // 100, then 150, then 225 capped at 200.
    expect(sleeps).toEqual([100, 150, 200]);
  });

  it('throws a QueryFailedError with the query id, reason and error codes when Athena fails the query', async () => {
    athena
      .on(GetQueryExecutionCommand)
      .resolves(execution('FAILED', { reason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved", category: 2, type: 1006 }));

    const failure = engine().query('broken_metric', 'SELECT nope');

    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({
      name: 'QueryFailedError',
      queryName: 'broken_metric',
      queryId: 'q-1',
      message:
        'Query "broken_metric" (query id q-1) failed: Athena reports FAILED: ' +
        "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved (Athena error category 2, type 1006)",
    });
  });

  it('throws a QueryFailedError with the reason when the query was cancelled', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('CANCELLED', { reason: 'Query was cancelled by user' }));

    await expect(engine().query('cancelled', 'SELECT 1')).rejects.toThrow(
      'Query "cancelled" (query id q-1) failed: Athena reports CANCELLED: Query was cancelled by user',
    );
  });

  it('says plainly when the workgroup bytes-scanned cutoff stopped the query', async () => {
    athena.on(GetQueryExecutionCommand).resolves(
      execution('CANCELLED', {
        reason: 'Bytes scanned limit was exceeded. The query scanned 20000000 bytes, and workgroup funnel-review allows 10000000 per query.',
      }),
    );

    const failure = engine().query('full_scan', 'SELECT * FROM funnel_events');

    await expect(failure).rejects.toBeInstanceOf(QueryScanLimitError);
    await expect(failure).rejects.toMatchObject({ name: 'QueryScanLimitError', queryId: 'q-1' });
    await expect(failure).rejects.toThrow("the workgroup's bytes-scanned cutoff stopped it");
  });

  it('stops a query that runs past the timeout and names its id and limit', async () => {
    athena.on(GetQueryExecutionCommand).resolves(execution('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});

    const failure = engine({ timeoutMs: 1000, pollIntervalMs: 400 }).query('endless', 'SELECT 1');

    await expect(failure).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(failure).rejects.toThrow('Query "endless" (query id q-1) failed: did not finish within 1000 ms and was stopped');
    expect(athena.commandCalls(StopQueryExecutionCommand).map((call) => call.args[0].input)).toEqual([{ QueryExecutionId: 'q-1' }]);
    // 400, then 600 which reaches the 1000 ms limit exactly.
    expect(sleeps).toEqual([400, 600]);
  });

  it('retries a throttled StartQueryExecution with backoff, then runs the query', async () => {
    athena
      .on(StartQueryExecutionCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ QueryExecutionId: 'q-1' });
    athena.on(GetQueryExecutionCommand).resolves(execution('SUCCEEDED'));

    const result = await engine({ pollIntervalMs: 250 }).query('busy', 'SELECT 1');

    expect(result.stats.queryId).toBe('q-1');
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
    expect(sleeps).toEqual([250, 500]);
  });

  it('gives up clearly when Athena keeps throttling', async () => {
    athena.on(StartQueryExecutionCommand).rejects(throttled());

    const failure = engine({ maxThrottleAttempts: 3 }).query('busy', 'SELECT 1');

    await expect(failure).rejects.toThrow(
      'Query "busy" failed: StartQueryExecution was throttled by Athena 3 times in a row (TooManyRequestsException: Rate exceeded)',
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(3);
  });

  it('does not retry an error that is not throttling', async () => {
    athena.on(StartQueryExecutionCommand).rejects(Object.assign(new Error('WorkGroup funnel-review is disabled'), { name: 'InvalidRequestException' }));

    await expect(engine().query('disabled', 'SELECT 1')).rejects.toThrow(
      'Query "disabled" failed: StartQueryExecution failed: InvalidRequestException: WorkGroup funnel-review is disabled',
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });
});
