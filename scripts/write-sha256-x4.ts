/**
 * Writes lambdas/ingest/sha256-x4-wasm.ts: the WebAssembly module that derives event ids four at
 * a time (see sha256-x4.ts), as base64. The module is generated here as WebAssembly text, every
 * round written out, and compiled with wabt; a test compiles it again and compares it with the
 * committed file, so the two cannot drift.
 *
 *   npm run wasm:sha256
 *
 * The module exports its memory and two functions:
 * - `pad(in, count, blocks, lengths)`: SHA-256 padding for `count` messages, each in a slot of
 *   `blocks` 64-byte blocks from `in`, whose byte lengths are the i32s at `lengths`;
 * - `hash(in, count, blocks, out)`: for each of `count` padded slots (a multiple of 4), the first
 *   128 bits of its SHA-256 digest as 32 lowercase hex bytes, at `out + 32 * i`.
 * Four slots are hashed together, one in each 32-bit lane of the 128-bit SIMD registers (SHA-256
 * works on 32-bit words): one pass of FIPS 180-4's 64 rounds serves four messages.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabtInit from 'wabt';

export const SHA256_X4_MODULE_FILE = 'lambdas/ingest/sha256-x4-wasm.ts';

const primes = (count: number): number[] => {
  const found: number[] = [];
  for (let n = 2; found.length < count; n++) if (found.every((p) => n % p !== 0)) found.push(n);
  return found;
};
/** First 32 bits of the fractional parts of the primes' cube roots (K) and square roots (H). */
const fraction32 = (x: number): number => Math.floor((x - Math.floor(x)) * 2 ** 32) >>> 0;
const K = primes(64).map((p) => fraction32(Math.cbrt(p)));
const H = primes(8).map((p) => fraction32(Math.sqrt(p)));

const get = (name: string): string => `(local.get $${name})`;
const splat = (word: number): string => `(v128.const i32x4 ${Array(4).fill(word | 0).join(' ')})`;
const rotr = (x: string, n: number): string => `(v128.or (i32x4.shr_u ${x} (i32.const ${n})) (i32x4.shl ${x} (i32.const ${32 - n})))`;
const shr = (x: string, n: number): string => `(i32x4.shr_u ${x} (i32.const ${n}))`;
const xor3 = (a: string, b: string, c: string): string => `(v128.xor (v128.xor ${a} ${b}) ${c})`;
const add = (...terms: string[]): string => terms.reduce((sum, term) => `(i32x4.add ${sum} ${term})`);
/** Reverses the bytes of each 32-bit lane: SHA-256 words are big-endian, WebAssembly little-endian. */
const BYTE_SWAP = '(v128.const i8x16 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12)';
const HEX_DIGITS = `(v128.const i8x16 ${[...'0123456789abcdef'].map((c) => c.charCodeAt(0)).join(' ')})`;

/** One block of four slots: loads W[0..15], runs the 64 rounds, adds the result to the state. */
const compressBlock = (): string[] => {
  const lines: string[] = [];
  for (let t = 0; t < 16; t++) {
    const word = (offset: string): string => `(i32.load offset=${4 * t} ${offset})`;
    lines.push(
      `(local.set $w${t} (i8x16.swizzle (i32x4.replace_lane 3 (i32x4.replace_lane 2 (i32x4.replace_lane 1 ` +
        `(i32x4.splat ${word(get('p'))}) ${word(`(i32.add ${get('p')} ${get('stride')})`)}) ` +
        `${word(`(i32.add ${get('p')} ${get('stride2')})`)}) ${word(`(i32.add ${get('p')} ${get('stride3')})`)}) ${BYTE_SWAP}))`,
    );
  }
  // Instead of moving a..h down one place a round, the names move: `v` holds them in order.
  let v = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `v${i}`);
  lines.push(v.map((name, i) => `(local.set $${name} ${get(`s${i}`)})`).join(' '));
  for (let t = 0; t < 64; t++) {
    const w = `w${t % 16}`;
    if (t >= 16) {
      // The message schedule, kept in 16 rolling locals: W[t] replaces W[t-16].
      const x = get(`w${(t - 2) % 16}`);
      const y = get(`w${(t - 15) % 16}`);
      const sigma1 = xor3(rotr(x, 17), rotr(x, 19), shr(x, 10));
      const sigma0 = xor3(rotr(y, 7), rotr(y, 18), shr(y, 3));
      lines.push(`(local.set $${w} ${add(sigma1, get(`w${(t - 7) % 16}`), sigma0, get(w))})`);
    }
    const [a, b, c, d, e, f, g, h] = v.map(get) as [string, string, string, string, string, string, string, string];
    const choose = `(v128.bitselect ${f} ${g} ${e})`;
    const majority = `(v128.bitselect ${b} ${a} (v128.xor ${a} ${c}))`;
    lines.push(`(local.set $t1 ${add(h, xor3(rotr(e, 6), rotr(e, 11), rotr(e, 25)), choose, splat(K[t] as number), get(w))})`);
    lines.push(`(local.set $${v[3]} (i32x4.add ${d} ${get('t1')}))`); // the new e
    lines.push(`(local.set $${v[7]} ${add(get('t1'), xor3(rotr(a, 2), rotr(a, 13), rotr(a, 22)), majority)})`); // the new a
    v = [v[7], v[0], v[1], v[2], v[3], v[4], v[5], v[6]] as string[];
  }
  lines.push(v.map((name, i) => `(local.set $s${i} (i32x4.add ${get(`s${i}`)} ${get(name)}))`).join(' '));
  return lines;
};

/** The first four state words of the four lanes as hex: 32 bytes per lane, lane i at out + 32i. */
const writeHex = (): string[] => {
  const lines: string[] = [];
  for (let k = 0; k < 4; k++) {
    lines.push(
      `(local.set $x (i8x16.swizzle ${get(`s${k}`)} ${BYTE_SWAP}))`,
      `(local.set $hi (i8x16.swizzle ${HEX_DIGITS} (i8x16.shr_u ${get('x')} (i32.const 4))))`,
      `(local.set $lo (i8x16.swizzle ${HEX_DIGITS} (v128.and ${get('x')} (v128.const i8x16 ${Array(16).fill(15).join(' ')}))))`,
      // Lanes 0 and 1, then 2 and 3, each byte's high digit before its low one.
      `(local.set $x (i8x16.shuffle 0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23 ${get('hi')} ${get('lo')}))`,
      `(local.set $y (i8x16.shuffle 8 24 9 25 10 26 11 27 12 28 13 29 14 30 15 31 ${get('hi')} ${get('lo')}))`,
      `(v128.store64_lane offset=${k * 8} 0 ${get('out')} ${get('x')})`,
      `(v128.store64_lane offset=${32 + k * 8} 1 ${get('out')} ${get('x')})`,
      `(v128.store64_lane offset=${64 + k * 8} 0 ${get('out')} ${get('y')})`,
      `(v128.store64_lane offset=${96 + k * 8} 1 ${get('out')} ${get('y')})`,
    );
  }
  return lines;
};

const indent = (lines: string[], depth: number): string => lines.map((line) => `${'  '.repeat(depth)}${line}\n`).join('');

/** The module's WebAssembly text. */
export const sha256x4Wat = (): string => {
  const registers = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `(local $s${i} v128) (local $v${i} v128)`).join(' ');
  const schedule = Array.from({ length: 16 }, (_, i) => `(local $w${i} v128)`).join(' ');
  return `;; Generated by scripts/write-sha256-x4.ts: do not edit.
(module
  (memory (export "memory") 16)
  ;; Four slots of $blocks blocks each, $stride bytes apart from $in.
  (func $hash4 (param $in i32) (param $blocks i32) (param $out i32)
    ${registers}
    ${schedule}
    (local $t1 v128) (local $x v128) (local $y v128) (local $hi v128) (local $lo v128)
    (local $p i32) (local $end i32) (local $stride i32) (local $stride2 i32) (local $stride3 i32)
    (local.set $stride (i32.shl (local.get $blocks) (i32.const 6)))
    (local.set $stride2 (i32.shl (local.get $stride) (i32.const 1)))
    (local.set $stride3 (i32.add (local.get $stride) (local.get $stride2)))
${indent(H.map((word, i) => `(local.set $s${i} ${splat(word)})`), 2)}    (local.set $p (local.get $in))
    (local.set $end (i32.add (local.get $in) (local.get $stride)))
    (loop $block
${indent(compressBlock(), 3)}      (br_if $block (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 64))) (local.get $end))))
${indent(writeHex(), 2)}  )
  (func (export "pad") (param $in i32) (param $count i32) (param $blocks i32) (param $lengths i32)
    (local $i i32) (local $p i32) (local $length i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $blocks) (i32.const 6)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (local.set $p (i32.add (local.get $in) (i32.mul (local.get $i) (local.get $stride))))
      (local.set $length (i32.load (i32.add (local.get $lengths) (i32.shl (local.get $i) (i32.const 2)))))
      ;; 0x80, zeros, then the length in bits, big-endian (two bytes: a slot holds at most 4 blocks).
      (i32.store8 (i32.add (local.get $p) (local.get $length)) (i32.const 0x80))
      (memory.fill (i32.add (local.get $p) (i32.add (local.get $length) (i32.const 1))) (i32.const 0)
        (i32.sub (i32.sub (local.get $stride) (local.get $length)) (i32.const 3)))
      (i32.store8 (i32.sub (i32.add (local.get $p) (local.get $stride)) (i32.const 2)) (i32.shr_u (local.get $length) (i32.const 5)))
      (i32.store8 (i32.sub (i32.add (local.get $p) (local.get $stride)) (i32.const 1)) (i32.shl (local.get $length) (i32.const 3)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $each))))
  (func (export "hash") (param $in i32) (param $count i32) (param $blocks i32) (param $out i32)
    (local $i i32) (local $stride4 i32)
    (local.set $stride4 (i32.shl (local.get $blocks) (i32.const 8)))
    (block $done (loop $each
      (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
      (call $hash4 (local.get $in) (local.get $blocks) (local.get $out))
      (local.set $in (i32.add (local.get $in) (local.get $stride4)))
      (local.set $out (i32.add (local.get $out) (i32.const 128)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $each))))
)
`;
};

/** The compiled module. */
export const sha256x4Wasm = async (): Promise<Uint8Array> => {
  const wabt = await wabtInit();
  const module = wabt.parseWat('sha256-x4.wat', sha256x4Wat(), { simd: true, bulk_memory: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
};

/** The committed TypeScript module's text. */
export const sha256x4ModuleText = async (): Promise<string> => {
  const base64 = Buffer.from(await sha256x4Wasm()).toString('base64');
  return `// Generated by scripts/write-sha256-x4.ts (npm run wasm:sha256): do not edit.\n// SHA-256, four messages at a time in WebAssembly SIMD lanes (see sha256-x4.ts).\nexport const SHA256_X4_WASM_BASE64 =\n  '${base64}';\n`;
};

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = path.join(repoRoot, SHA256_X4_MODULE_FILE);
  await writeFile(file, await sha256x4ModuleText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
