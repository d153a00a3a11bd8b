import { Readable } from 'node:stream';
import type { Transferable } from 'node:worker_threads';
import { ObjectExistsError, type ObjectStore, type PutOptions, type StoredObject } from '../ports/object-store.js';

/**
 * Object stores across a thread boundary: an ingest worker thread reads landing files and reads
 * and writes lake files through the stores of the thread that started it, so only that thread
 * holds S3 clients (or folders) and every write still goes through the one adapter.
 *
 * Reads are pulled: each `read` returns up to READ_BYTES of the stream, transferred (not copied)
 * to the worker, so a slow worker never makes the main thread buffer a whole file.
 */

/** What both a Worker and its parentPort (or either end of a MessageChannel) offer. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: readonly Transferable[]): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

export type StoreName = 'landing' | 'lake';

type Method = 'get' | 'put' | 'list' | 'delete' | 'open' | 'read' | 'close';

interface CallMessage {
  readonly type: 'store-call';
  readonly id: number;
  readonly store: StoreName;
  readonly method: Method;
  readonly args: readonly unknown[];
}

interface ReplyMessage {
  readonly type: 'store-reply';
  readonly id: number;
  readonly value?: unknown;
  readonly error?: { readonly name: string; readonly message: string; readonly key?: string };
}

/** Bytes per `read` reply: few round trips per file, bounded memory per stream. */
export const READ_BYTES = 1024 * 1024;

const isCall = (message: unknown): message is CallMessage => (message as CallMessage | null)?.type === 'store-call';
const isReply = (message: unknown): message is ReplyMessage => (message as ReplyMessage | null)?.type === 'store-reply';

/** A fresh (transferable) copy of `chunks`, which may be views into a shared pool. */
const concatFresh = (chunks: readonly Uint8Array[], bytes: number): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
};

/**
 * Main-thread side: answers store calls arriving on `endpoint` with `stores`. Returns a function
 * that stops listening and destroys any stream the other side left open.
 */
export const serveObjectStores = (endpoint: MessageEndpoint, stores: Readonly<Record<StoreName, ObjectStore>>): (() => void) => {
  const streams = new Map<number, AsyncIterator<Buffer | Uint8Array>>();
  const opened = new Map<number, Readable>();
  let nextStream = 1;

  const handle = async (call: CallMessage): Promise<{ value?: unknown; transfer?: Transferable[] }> => {
    const store = stores[call.store];
    const [first, second, third] = call.args;
    switch (call.method) {
      case 'get':
        return { value: await store.get(first as string) };
      case 'put':
        await store.put(first as string, second as Uint8Array | string, third as PutOptions | undefined);
        return {};
      case 'list':
        return { value: await store.list(first as string) };
      case 'delete':
        await store.delete(first as string);
        return {};
      case 'open': {
        const stream = await store.getStream(first as string);
        const id = nextStream++;
        opened.set(id, stream);
        streams.set(id, stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
        return { value: id };
      }
      case 'read': {
        const iterator = streams.get(first as number);
        if (iterator === undefined) throw new Error(`no open stream ${String(first)}`);
        const chunks: Uint8Array[] = [];
        let bytes = 0;
        while (bytes < READ_BYTES) {
          const next = await iterator.next();
          if (next.done) break;
          chunks.push(next.value);
          bytes += next.value.length;
        }
        if (chunks.length === 0) return { value: null };
        const chunk = concatFresh(chunks, bytes);
        return { value: chunk, transfer: [chunk.buffer] };
      }
      case 'close': {
        const id = first as number;
        opened.get(id)?.destroy();
        opened.delete(id);
        streams.delete(id);
        return {};
      }
    }
  };

  const listener = (message: unknown): void => {
    if (!isCall(message)) return;
    handle(message).then(
      ({ value, transfer }) => endpoint.postMessage({ type: 'store-reply', id: message.id, value } satisfies ReplyMessage, transfer),
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        const key = failure instanceof ObjectExistsError ? failure.key : undefined;
        endpoint.postMessage({ type: 'store-reply', id: message.id, error: { name: failure.name, message: failure.message, key } } satisfies ReplyMessage);
      },
    );
  };
  endpoint.on('message', listener);
  return () => {
    endpoint.off('message', listener);
    for (const stream of opened.values()) stream.destroy();
    opened.clear();
    streams.clear();
  };
};

/** Worker side: the calls, matched to their replies by id. */
class StoreCaller {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  constructor(private readonly endpoint: MessageEndpoint) {
    endpoint.on('message', (message) => {
      if (!isReply(message)) return;
      const waiting = this.pending.get(message.id);
      if (waiting === undefined) return;
      this.pending.delete(message.id);
      if (message.error === undefined) waiting.resolve(message.value);
      else if (message.error.name === 'ObjectExistsError' && message.error.key !== undefined) waiting.reject(new ObjectExistsError(message.error.key));
      else {
        const error = new Error(message.error.message);
        error.name = message.error.name;
        waiting.reject(error);
      }
    });
  }

  call<T>(store: StoreName, method: Method, args: readonly unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.endpoint.postMessage({ type: 'store-call', id, store, method, args } satisfies CallMessage);
    });
  }
}

/** An ObjectStore whose every call is served by `serveObjectStores` on the other end. */
class RemoteObjectStore implements ObjectStore {
  constructor(
    private readonly caller: StoreCaller,
    private readonly store: StoreName,
    readonly location: string,
  ) {}

  get(key: string): Promise<Uint8Array | undefined> {
    return this.caller.call(this.store, 'get', [key]);
  }

  async getStream(key: string): Promise<Readable> {
    const id = await this.caller.call<number>(this.store, 'open', [key]);
    const caller = this.caller;
    const store = this.store;
    return new Readable({
      read() {
        caller.call<Uint8Array | null>(store, 'read', [id]).then(
          (chunk) => this.push(chunk === null ? null : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
          (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      },
      destroy(error, callback) {
        caller.call(store, 'close', [id]).then(
          () => callback(error),
          () => callback(error),
        );
      },
    });
  }

  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    // Copied, not transferred: the caller keeps its bytes usable (a partition file is compared with them).
    return this.caller.call(this.store, 'put', [key, body, options]);
  }

  async putStream(key: string, body: Readable, options?: PutOptions): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    await this.put(key, new Uint8Array(Buffer.concat(chunks)), options);
  }

  list(prefix: string): Promise<StoredObject[]> {
    return this.caller.call(this.store, 'list', [prefix]);
  }

  delete(key: string): Promise<void> {
    return this.caller.call(this.store, 'delete', [key]);
  }
}

/** The landing and lake stores of the thread at the other end of `endpoint`. */
export const remoteObjectStores = (endpoint: MessageEndpoint, locations: Readonly<Record<StoreName, string>>): Record<StoreName, ObjectStore> => {
  const caller = new StoreCaller(endpoint);
  return {
    landing: new RemoteObjectStore(caller, 'landing', locations.landing),
    lake: new RemoteObjectStore(caller, 'lake', locations.lake),
  };
};
