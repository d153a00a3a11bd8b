import { snappyCompressor } from 'hysnappy';
import { webAssembly, type WasmInstance, type WasmInstanceClass } from './web-assembly.js';

/**
 * Snappy through hysnappy's WebAssembly build (from hyparquet's authors): about 3× faster than the
 * Parquet writer's JavaScript one, and the largest part of encoding.
 *
 * hysnappy 1.1.1 (pinned) keeps its match table, 2^14 input offsets, in the module's static memory
 * and never clears it, so what it emits for a page depends on the pages it compressed before (always
 * valid Snappy, but a re-run would not be byte-identical). Before each file the table is zeroed, the
 * state of a fresh instance. A fresh instance per file would do too, but its code never warms up
 * (366 day files: 2.7–3.1 s to encode, against 2.2–2.6 s reused); compressing a primer that
 * overwrote every slot cost 0.4 ms a file, a fill of 64 KB costs microseconds.
 */
export interface SnappyInstance {
  readonly compress: (input: Uint8Array) => Uint8Array;
  /** Brings the match table back to a fresh instance's (all zero). */
  readonly reset: () => void;
}

/** What hysnappy's instance exports that is used here. */
interface SnappyExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly __global_base: { readonly value: number };
  readonly __data_end: { readonly value: number };
}

/**
 * A hysnappy compressor and the memory it keeps its table in. hysnappy does not hand out its
 * instance, so the one it makes (synchronously, with `new WebAssembly.Instance`) is caught as it is
 * made. The module's static data, `__global_base` to `__data_end`, is that table alone, zero when the
 * module starts (it has no data segment); the test compares a reset instance with a fresh one.
 */
export const snappyInstance = (): SnappyInstance => {
  const Instance = webAssembly.Instance;
  let made: WasmInstance | undefined;
  webAssembly.Instance = function (module: unknown, imports?: unknown): WasmInstance {
    made = new Instance(module, imports);
    return made;
  } as unknown as WasmInstanceClass;
  let compress: (input: Uint8Array) => Uint8Array;
  try {
    compress = snappyCompressor();
  } finally {
    webAssembly.Instance = Instance;
  }
  if (made === undefined) throw new Error('hysnappy did not instantiate its WebAssembly module as this code expects (is it still 1.1.1?)');
  const { memory, __global_base: start, __data_end: end } = made.exports as SnappyExports;
  const from = start.value;
  const to = end.value;
  return { compress, reset: () => new Uint8Array(memory.buffer, from, to - from).fill(0) };
};

let shared: SnappyInstance | undefined;

/**
 * A Snappy compressor for one file, whose output depends on that file's pages alone. One WebAssembly
 * instance per thread, made on first use.
 */
export const fileSnappyCompressor = (): ((input: Uint8Array) => Uint8Array) => {
  shared ??= snappyInstance();
  shared.reset();
  return shared.compress;
};

/**
 * A Snappy compressor of its own: for a file written across awaits, while other files may use the
 * shared one. The same input gives the same bytes as there.
 */
export const ownSnappyCompressor = (): ((input: Uint8Array) => Uint8Array) => snappyInstance().compress;
