/**
 * The WebAssembly API as ingest uses it (this project's TypeScript libraries do not declare it):
 * the global object itself, so a replaced `Instance` (see snappy-compressor.ts) is seen by all.
 */
export interface WasmInstance {
  readonly exports: unknown;
}
export type WasmInstanceClass = new (module: unknown, imports?: unknown) => WasmInstance;

export const webAssembly = (globalThis as unknown as { WebAssembly: { Module: new (bytes: Uint8Array) => unknown; Instance: WasmInstanceClass } }).WebAssembly;
