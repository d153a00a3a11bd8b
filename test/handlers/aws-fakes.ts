import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

const bodyBytes = async (body: Uint8Array | string | Readable): Promise<Uint8Array> => {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};

const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, message: name, $fault: 'client', $metadata: { httpStatusCode: status } });

/**
 * aws-sdk-client-mock over S3 with the few behaviours the stores rely on: buckets as maps,
 * NoSuchKey on a missing object, 412 on `If-None-Match: *` when the key exists.
 */
export const fakeS3 = () => {
  const buckets = new Map<string, Map<string, Uint8Array>>();
  const bucket = (name: string) => {
    let objects = buckets.get(name);
    if (objects === undefined) buckets.set(name, (objects = new Map()));
    return objects;
  };
  const mock = mockClient(S3Client);
  mock.on(GetObjectCommand).callsFake(async (input: { Bucket: string; Key: string }) => {
    const body = bucket(input.Bucket).get(input.Key);
    if (body === undefined) throw s3Error('NoSuchKey', 404);
    return { Body: Object.assign(Readable.from([Buffer.from(body)]), { transformToByteArray: async () => body }) };
  });
  mock.on(PutObjectCommand).callsFake(async (input: { Bucket: string; Key: string; Body: Uint8Array | string | Readable; IfNoneMatch?: string }) => {
    const objects = bucket(input.Bucket);
    if (input.IfNoneMatch === '*' && objects.has(input.Key)) throw s3Error('PreconditionFailed', 412);
    objects.set(input.Key, await bodyBytes(input.Body));
    return {};
  });
  mock.on(ListObjectsV2Command).callsFake(async (input: { Bucket: string; Prefix?: string }) => ({
    Contents: [...bucket(input.Bucket).entries()]
      .filter(([key]) => key.startsWith(input.Prefix ?? ''))
      .map(([Key, body]) => ({ Key, Size: body.length })),
    IsTruncated: false,
  }));
  return {
    mock,
    put: (name: string, key: string, body: string) => bucket(name).set(key, Buffer.from(body)),
    keys: (name: string) => [...bucket(name).keys()].sort(),
    text: (name: string, key: string) => {
      const body = bucket(name).get(key);
      return body === undefined ? undefined : Buffer.from(body).toString('utf8');
    },
  };
};

/** The environment the stack sets on the report function, with `config` as the bundled (deploy-time) config. */
export const reportEnvironment = async (config: unknown, extra: Readonly<Record<string, string>> = {}): Promise<NodeJS.ProcessEnv> => {
  const dir = await mkdtemp(join(tmpdir(), 'report-handler-'));
  const configPath = join(dir, 'funnel-review.config.json');
  await writeFile(configPath, JSON.stringify(config));
  return {
    FUNNEL_REVIEW_CONFIG_PATH: configPath,
    LAKE_BUCKET: 'lake',
    REPORTS_BUCKET: 'reports',
    ATHENA_WORKGROUP: 'funnel-review',
    ATHENA_DATABASE: 'funnel_review',
    SES_CONFIGURATION_SET: 'funnel-review',
    OPS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ops',
    ...extra,
  };
};
