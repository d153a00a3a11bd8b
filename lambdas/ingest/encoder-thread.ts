/**
 * The encoder thread's own entry. The ingest Lambda's bundle ships it as a second, smaller bundle
 * next to its own (`ENCODER_THREAD_BUNDLE` in worker-bundles.ts): loading the whole ingest bundle again in the thread
 * (SDK clients, config schemas, …) cost it more CPU than it saved by being one file. Loaded with
 * the encoder's `workerData` role, parquet-encoder.ts starts serving.
 */
import './parquet-encoder.js';
