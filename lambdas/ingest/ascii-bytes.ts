/** Writes ASCII `text` at `at` in `bytes`; returns where it ends, or -1 when it holds anything else. */
export const putAscii = (bytes: Uint8Array, text: string, at: number): number => {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 127) return -1;
    bytes[at + i] = code;
  }
  return at + text.length;
};
