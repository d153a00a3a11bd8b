import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Readable } from 'node:stream';
import { ObjectExistsError, type ObjectStore, type PutOptions, type StoredObject } from '../../ports/object-store.js';

/** Multipart part size: S3's minimum is 5 MiB; 8 MiB keeps a 1 GB object well under 10,000 parts. */
const PART_SIZE = 8 * 1024 * 1024;

const isNotFound = (error: unknown): boolean =>
  error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

const isPreconditionFailed = (error: unknown): boolean =>
  error instanceof S3ServiceException && (error.name === 'PreconditionFailed' || error.$metadata.httpStatusCode === 412);

/** One S3 bucket behind the ObjectStore port. S3 makes every PUT and completed multipart upload atomic for readers. */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;

  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {
    this.location = `s3://${bucket}`;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!response.Body) return new Uint8Array();
      return await response.Body.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async getStream(key: string): Promise<Readable> {
    const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const body = response.Body;
    if (body instanceof Readable) return body;
    if (!body) return Readable.from([]);
    // Non-Node runtimes hand back a web stream; Lambda hands back a Node Readable.
    return Readable.fromWeb(body.transformToWebStream() as Parameters<typeof Readable.fromWeb>[0]);
  }

  async put(key: string, body: Uint8Array | string, options: PutOptions = {}): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
        }),
      );
    } catch (error) {
      if (options.ifNoneMatch && isPreconditionFailed(error)) throw new ObjectExistsError(key);
      throw error;
    }
  }

  async putStream(key: string, body: Readable, options: PutOptions = {}): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        IfNoneMatch: options.ifNoneMatch ? '*' : undefined,
      },
      partSize: PART_SIZE,
      queueSize: 2,
      // A failed upload is aborted, so no orphaned parts and readers keep the old object.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      if (options.ifNoneMatch && isPreconditionFailed(error)) throw new ObjectExistsError(key);
      throw error;
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const found: StoredObject[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: continuationToken }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) found.push({ key: object.Key, size: object.Size ?? 0 });
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken !== undefined);
    // S3 lists in UTF-8 binary order already; sort anyway so both adapters agree exactly.
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
