import { hash } from 'node:crypto';
import { putAscii } from './ascii-bytes.js';
import { Sha256x4 } from './sha256-x4.js';

/** Between the parts of a derived id (ASCII unit separator: no export's value holds it). */
const SEPARATOR = '\u001f';
const SEPARATOR_BYTE = SEPARATOR.charCodeAt(0);

/**
 * Deterministic event id: 128 bits of SHA-256 over the identifying parts, so a re-sent row gets
 * the same id and de-duplicates.
 */
export const deriveEventId = (parts: readonly string[]): string => hash('sha256', parts.join(SEPARATOR), 'hex').slice(0, 32);

/** Digits of a non-negative safe integer. */
const decimalLength = (value: number): number => {
  let digits = 1;
  for (let bound = 10; bound <= value; bound *= 10) digits += 1;
  return digits;
};

/** Writes the `digits` decimal digits of an integer below 10^8 ending at `end` (zero-padded). */
const putDigits = (bytes: Uint8Array, value: number, end: number, digits: number): void => {
  for (let i = end - 1, rest = value; i >= end - digits; i--) {
    const next = (rest / 10) | 0;
    bytes[i] = 48 + rest - next * 10;
    rest = next;
  }
};

/**
 * The ids of event rows from a source without ids, `deriveEventId([source, entity, stage,
 * String(occurredAt)])` for each of `rows` (positions in the three columns), in their order.
 *
 * A million-row export needs a million, and node's one-shot SHA-256 cost more in its call than in
 * hashing: messages are written byte by byte into Sha256x4's memory and hashed four at a time
 * (about 0.1 µs an id against 0.35). A row with a part that is not ASCII, or a timestamp that is
 * not a non-negative safe integer (whose text the digits below would not spell), takes
 * deriveEventId.
 */
export const eventRowIds = (
  source: string,
  entities: readonly unknown[],
  stages: readonly unknown[],
  times: readonly unknown[],
  rows: ArrayLike<number>,
): string[] => {
  const ids = new Array<string>(rows.length);
  const sink = (tag: number, id: string): void => {
    ids[tag] = id;
  };
  const hasher = Sha256x4.forThread();
  hasher.reset();
  const { bytes } = hasher;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as number;
    const entity = entities[row] as string;
    const stage = stages[row] as string;
    const ms = times[row] as number;
    const digits = ms >= 0 && Number.isSafeInteger(ms) ? decimalLength(ms) : -1;
    const length = source.length + entity.length + stage.length + digits + 3;
    let at = digits < 0 ? -1 : hasher.slot(length);
    if (at >= 0) at = putAscii(bytes, source, at);
    if (at >= 0) {
      bytes[at] = SEPARATOR_BYTE;
      at = putAscii(bytes, entity, at + 1);
    }
    if (at >= 0) {
      bytes[at] = SEPARATOR_BYTE;
      at = putAscii(bytes, stage, at + 1);
    }
    if (at < 0) {
      ids[k] = deriveEventId([source, entity, stage, String(ms)]);
      continue;
    }
    bytes[at] = SEPARATOR_BYTE;
    // Two integers below 10^8: V8 would format the whole as a double, several times slower.
    const high = Math.floor(ms / 1e8);
    const end = at + 1 + digits;
    putDigits(bytes, ms - high * 1e8, end, Math.min(digits, 8));
    if (digits > 8) putDigits(bytes, high, end - 8, digits - 8);
    hasher.add(k, length, sink);
  }
  hasher.finish(sink);
  return ids;
};
