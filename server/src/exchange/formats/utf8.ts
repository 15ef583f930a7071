/**
 * Byte-level UTF-8 checks that TextDecoder does not give: where the first invalid sequence starts (for an
 * error message naming the offset) and how many bytes at the end of a chunk start a character that the
 * next chunk completes.
 */

/** The length of the sequence a lead byte starts, 0 for a byte that cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The range the byte after a lead byte must lie in (Unicode table 3-7: no overlongs, surrogates or > U+10FFFF). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** How many bytes of the sequence starting at `start` are well-formed (the whole length when it is). */
function wellFormedPrefix(bytes: Uint8Array, start: number, length: number): number {
  const [low, high] = secondByteRange(bytes[start]);
  for (let k = 1; k < length && start + k < bytes.length; k += 1) {
    const byte = bytes[start + k];
    if (k === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return k;
  }
  return Math.min(length, bytes.length - start);
}

/**
 * The offset of the first byte of the first ill-formed sequence, or -1. A character cut off by the end of
 * `bytes` counts as ill-formed only when `atEnd` (nothing follows).
 */
export function invalidUtf8At(bytes: Uint8Array, atEnd: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i += 1;
      continue;
    }
    const length = sequenceLength(bytes[i]);
    if (length === 0) return i;
    const good = wellFormedPrefix(bytes, i, length);
    if (good < length) return i + good === bytes.length && !atEnd ? -1 : i;
    i += length;
  }
  return -1;
}

/** How many bytes at the end of `bytes` begin a character that is not complete yet (0 to 3). */
export function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back];
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}
