import { isUtf8 } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { incompleteTail, invalidUtf8At } from './utf8.js';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('UTF-8 checks', () => {
  it('find the first ill-formed sequence: stray continuation, overlong, surrogate, above U+10FFFF', () => {
    expect(invalidUtf8At(new TextEncoder().encode('aЯ€🚀'), true)).toBe(-1);
    expect(invalidUtf8At(bytes(0x61, 0x80), true)).toBe(1);
    expect(invalidUtf8At(bytes(0x61, 0xc0, 0xaf), true)).toBe(1);
    expect(invalidUtf8At(bytes(0xe0, 0x80, 0xaf), true)).toBe(0);
    expect(invalidUtf8At(bytes(0x61, 0x62, 0xed, 0xa0, 0x80), true)).toBe(2);
    expect(invalidUtf8At(bytes(0xf4, 0x90, 0x80, 0x80), true)).toBe(0);
    expect(invalidUtf8At(bytes(0xd0, 0x61), true)).toBe(0);
  });

  it('take a character cut by the end as incomplete unless nothing follows', () => {
    expect(invalidUtf8At(bytes(0x61, 0xf0, 0x9f, 0x9a), false)).toBe(-1);
    expect(invalidUtf8At(bytes(0x61, 0xf0, 0x9f, 0x9a), true)).toBe(1);
    expect(incompleteTail(bytes(0x61, 0xf0, 0x9f, 0x9a))).toBe(3);
    expect(incompleteTail(bytes(0x61, 0xd0))).toBe(1);
    expect(incompleteTail(bytes(0xd0, 0xaf))).toBe(0);
    expect(incompleteTail(bytes(0xf0, 0x9f, 0x9a, 0x80))).toBe(0);
    expect(incompleteTail(bytes(0x61))).toBe(0);
  });

  it('agree with Node on random byte strings', () => {
    let seed = 17;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const leads = [0x41, 0x80, 0xbf, 0xc2, 0xd0, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0x9f, 0xa0, 0x90, 0x8f];
    for (let n = 0; n < 5000; n += 1) {
      const sample = Uint8Array.from({ length: 1 + (random() % 6) }, () => leads[random() % leads.length]);
      expect(invalidUtf8At(sample, true) < 0, Buffer.from(sample).toString('hex')).toBe(isUtf8(sample));
    }
  });
});
