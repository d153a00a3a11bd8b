import { ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../lambdas/adapters/aws/s3-object-store.js';
import { ObjectExistsError } from '../../lambdas/ports/object-store.js';
import { startLoopbackS3, type LoopbackS3 } from '../support/loopback-s3.js';

describe('S3ObjectStore against a loopback S3 server (s3rver)', () => {
  let s3: LoopbackS3;
  let store: S3ObjectStore;

  beforeAll(async () => {
    s3 = await startLoopbackS3(['lake']);
    store = new S3ObjectStore(s3.client, 'lake');
  });
  afterAll(() => s3.stop());

  it('round-trips an object', async () => {
    // Act
    await store.put('manifests/funnel_events/2026-03-04.json', '{"status":"ok"}', { contentType: 'application/json' });

    // Assess
    expect(Buffer.from((await store.get('manifests/funnel_events/2026-03-04.json')) ?? []).toString()).toBe('{"status":"ok"}');
  });

  it('returns undefined for a missing key', async () => {
    // Act
    const missing = await store.get('nothing/here.json');

    // Assess
    expect(missing).toBeUndefined();
  });

  it('streams a large object up in parts and back down', async () => {
    // Prepare: 12 MiB is two 8 MiB parts.
    const body = Buffer.alloc(12 * 1024 * 1024, 'x');

    // Act
    await store.putStream('landing/big.csv', Readable.from([body.subarray(0, 5_000_000), body.subarray(5_000_000)]));
    const chunks: Buffer[] = [];
    for await (const chunk of await store.getStream('landing/big.csv')) chunks.push(chunk as Buffer);

    // Assess
    expect(Buffer.concat(chunks).equals(body)).toBe(true);
  });

  it('lists and deletes under a prefix', async () => {
    // Prepare
    await store.put('web_sessions/dt=2026-03-05/web.parquet', 'b');
    await store.put('web_sessions/dt=2026-03-04/web.parquet', 'a');

    // Act
    const listed = await store.list('web_sessions/');
    await store.delete('web_sessions/dt=2026-03-04/web.parquet');

    // Assess
    expect(listed).toEqual([
      { key: 'web_sessions/dt=2026-03-04/web.parquet', size: 1 },
      { key: 'web_sessions/dt=2026-03-05/web.parquet', size: 1 },
    ]);
    expect((await store.list('web_sessions/')).map((o) => o.key)).toEqual(['web_sessions/dt=2026-03-05/web.parquet']);
  });
});

describe('S3ObjectStore requests (aws-sdk-client-mock)', () => {
  const preconditionFailed = (): S3ServiceException =>
    new S3ServiceException({ name: 'PreconditionFailed', $fault: 'client', $metadata: { httpStatusCode: 412 }, message: 'At least one of the pre-conditions you specified did not hold' });

  it('sends If-None-Match: * for a create-only put', async () => {
    // Prepare
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});

    // Act
    await new S3ObjectStore(new S3Client({}), 'reports').put('deliveries/weekly/2026-W10/sales.json', '{}', { ifNoneMatch: true });

    // Assess
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ Bucket: 'reports', Key: 'deliveries/weekly/2026-W10/sales.json', IfNoneMatch: '*' });
    s3.restore();
  });

  it('turns 412 Precondition Failed into ObjectExistsError', async () => {
    // Prepare
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).rejects(preconditionFailed());

    // Act
    const put = new S3ObjectStore(new S3Client({}), 'reports').put('deliveries/weekly/2026-W10/sales.json', '{}', { ifNoneMatch: true });

    // Assess
    await expect(put).rejects.toEqual(new ObjectExistsError('deliveries/weekly/2026-W10/sales.json'));
    s3.restore();
  });

  it('pages through ListObjectsV2', async () => {
    // Prepare
    const s3 = mockClient(S3Client);
    s3.on(ListObjectsV2Command, { ContinuationToken: undefined })
      .resolves({ Contents: [{ Key: 'a/1', Size: 1 }], IsTruncated: true, NextContinuationToken: 't2' })
      .on(ListObjectsV2Command, { ContinuationToken: 't2' })
      .resolves({ Contents: [{ Key: 'a/2', Size: 2 }], IsTruncated: false });

    // Act
    const listed = await new S3ObjectStore(new S3Client({}), 'lake').list('a/');

    // Assess
    expect(listed).toEqual([
      { key: 'a/1', size: 1 },
      { key: 'a/2', size: 2 },
    ]);
    s3.restore();
  });
});
