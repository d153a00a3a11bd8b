import { snappyCompressor } from 'hysnappy';

/**
 * Snappy through hysnappy's WebAssembly build (from hyparquet's authors): about 3× faster than the
 * Parquet writer's JavaScript one, and the largest part of encoding.
 *
 * hysnappy 1.1.1 (pinned) keeps its match table, 2^14 input positions picked by a multiply-shift hash
 * of 4 bytes, in static memory and never clears it, so what it emits for a page depends on the pages
 * it compressed before (always valid Snappy, but a re-run would not be byte-identical). Before each
 * file the table is brought to one state by compressing a primer whose 4-byte windows are all
 * distinct (so no match makes it skip a position, whatever the table held) and hash to every slot
 * (so every slot is overwritten). A fresh instance per file would do too, but its code never warms
 * up: encoding 366 day files of 2,732 events took 2.7–3.1 s that way, 2.2–2.6 s primed.
 */

const HASH_BITS = 14;
const HASH_MULTIPLIER = 0x1e35a7bd;

const slotOfWindow = (window: number): number => Math.imul(window, HASH_MULTIPLIER) >>> (32 - HASH_BITS);

/** The table slot hysnappy files the 4 bytes at a position under (read little-endian, as it loads them). */
export const snappySlotOf = (bytes: Uint8Array, at: number): number =>
  slotOfWindow((bytes[at] as number) | ((bytes[at + 1] as number) << 8) | ((bytes[at + 2] as number) << 16) | ((bytes[at + 3] as number) << 24));

/** Bytes whose 4-byte windows are all distinct and fill every slot: each next byte picked to reach a slot still empty. */
export const buildSnappyPrimer = (): Uint8Array => {
  const filled = new Uint8Array(1 << HASH_BITS);
  let empty = filled.length;
  const seen = new Set<number>();
  const bytes = [1, 2, 3];
  while (empty > 0) {
    const end = bytes.length;
    const prefix = (bytes[end - 3] as number) | ((bytes[end - 2] as number) << 8) | ((bytes[end - 1] as number) << 16);
    let chosen = -1;
    let fallback = -1;
    for (let next = 0; next < 256; next++) {
      const window = prefix | (next << 24);
      if (seen.has(window)) continue;
      if (filled[slotOfWindow(window)] === 0) {
        chosen = next;
        break;
      }
      if (fallback < 0) fallback = next;
    }
    if (chosen < 0) chosen = fallback;
    if (chosen < 0) throw new Error('Snappy primer: every window after these 3 bytes is taken');
    const window = prefix | (chosen << 24);
    seen.add(window);
    const slot = slotOfWindow(window);
    if (filled[slot] === 0) {
      filled[slot] = 1;
      empty--;
    }
    bytes.push(chosen);
  }
  return Uint8Array.from(bytes);
};

let primer: Uint8Array | undefined;
let shared: ((input: Uint8Array) => Uint8Array) | undefined;

/**
 * A Snappy compressor for one file, whose output depends on that file's pages alone. One WebAssembly
 * instance and primer per thread, made on first use.
 */
export const fileSnappyCompressor = (): ((input: Uint8Array) => Uint8Array) => {
  shared ??= snappyCompressor();
  shared((primer ??= buildSnappyPrimer()));
  return shared;
};

/**
 * A Snappy compressor of its own, primed as fileSnappyCompressor's: for a file written across
 * awaits, while other files may use the shared one. The same input gives the same bytes as there.
 */
export const ownSnappyCompressor = (): ((input: Uint8Array) => Uint8Array) => {
  const compress = snappyCompressor();
  compress((primer ??= buildSnappyPrimer()));
  return compress;
};
