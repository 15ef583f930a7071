import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { readRows } from './read.js';
import { FileFormat, type ReadItem, TextEncoding } from './types.js';

type Options = Omit<Parameters<typeof readRows>[1], 'format'> & { format?: FileFormat };

/** The bytes fed `size` at a time. */
async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const utf8 = (text: string) => new TextEncoder().encode(text);

async function read(bytes: Uint8Array, options: Options = {}, size = 1 << 16): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readRows(chunksOf(bytes, size), { format: FileFormat.CSV, ...options })) items.push(item);
  return items;
}

/** The refusal of a file: its rule and message, and how many rows came out before it. */
async function refusal(bytes: Uint8Array, options: Options = {}, size = 1 << 16) {
  let rows = 0;
  try {
    for await (const _ of readRows(chunksOf(bytes, size), { format: FileFormat.CSV, ...options })) rows += 1;
  } catch (error) {
    if (error instanceof DomainError) return { rule: error.details.rule, field: error.details.field, message: error.message, rows };
    throw error;
  }
  throw new Error('not refused');
}

const row = (n: number, values: Record<string, unknown>): ReadItem => ({ row: { row: n, values } });

/** "Сделка;Сумма\r\nРомашка;1,5\r\n" in Windows-1251: С=D1 д=E4 е=E5 л=EB к=EA а=E0 … */
const CP1251 = Buffer.from([
  ...[0xd1, 0xe4, 0xe5, 0xeb, 0xea, 0xe0, 0x3b, 0xd1, 0xf3, 0xec, 0xec, 0xe0, 0x0d, 0x0a],
  ...[0xd0, 0xee, 0xec, 0xe0, 0xf8, 0xea, 0xe0, 0x3b, 0x31, 0x2c, 0x35, 0x0d, 0x0a],
]);
const CP1251_ROWS = [row(2, { Сделка: 'Ромашка', Сумма: '1,5' })];

describe('readRows: encodings', () => {
  it('reads Windows-1251 with semicolons when asked and when AUTO finds no valid UTF-8', async () => {
    expect(await read(CP1251, { encoding: TextEncoding.WINDOWS1251 })).toEqual(CP1251_ROWS);
    expect(await read(CP1251)).toEqual(CP1251_ROWS);
    expect(await read(CP1251, {}, 1)).toEqual(CP1251_ROWS);
  });

  it('AUTO: decides at the first non-ASCII byte, even far into the file', async () => {
    const ascii = Buffer.from(`id;name\r\n${'1;x\r\n'.repeat(30_000)}`);
    const items = await read(Buffer.concat([ascii, Buffer.from('2;'), CP1251.subarray(0, 6), Buffer.from('\r\n')]));
    expect(items).toHaveLength(30_001);
    expect(items.at(-1)).toEqual(row(30_002, { id: '2', name: 'Сделка' }));
  });

  it('reads UTF-8 with and without a BOM, fed one byte at a time (characters split across chunks)', async () => {
    const text = 'Сделка,Emoji\r\nРомашка,🚀\r\n';
    const expected = [row(2, { Сделка: 'Ромашка', Emoji: '🚀' })];
    for (const bytes of [utf8(text), utf8(`\uFEFF${text}`)]) {
      expect(await read(bytes, {}, 1)).toEqual(expected);
      expect(await read(bytes, { encoding: TextEncoding.UTF8 }, 1)).toEqual(expected);
    }
  });

  it('refuses bytes that are not UTF-8 when UTF-8 is asked, naming the offset', async () => {
    expect(await refusal(CP1251, { encoding: TextEncoding.UTF8 })).toMatchObject({
      rule: 'encoding',
      field: 'file',
      message: 'file: the file is not valid UTF-8 at byte 0: save it as CSV UTF-8, or give encoding WINDOWS1251',
    });
    const cut = Buffer.concat([utf8('a,b\r\nх,'), Buffer.from([0xd1])]);
    expect(await refusal(cut, { encoding: TextEncoding.UTF8 }, 1)).toMatchObject({
      rule: 'encoding',
      message: expect.stringContaining('at byte 8'),
    });
    // AUTO chose UTF-8 from the first 64 KB of non-ASCII text: an invalid byte after them refuses the file.
    const late = Buffer.concat([utf8(`a,b\r\n${'х,ф\r\n'.repeat(10_000)}`), Buffer.from([0x31, 0x2c, 0xff])]);
    expect(await refusal(late, {}, 1000)).toMatchObject({ rule: 'encoding', message: expect.stringContaining('at byte 70007') });
  });

  it('refuses UTF-16 and a UTF-8 BOM given as Windows-1251', async () => {
    expect(await refusal(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toMatchObject({ rule: 'encoding' });
    expect(await refusal(utf8('\uFEFFa,b\n'), { encoding: TextEncoding.WINDOWS1251 })).toMatchObject({ rule: 'encoding' });
    expect(await refusal(utf8('[]'), { format: FileFormat.JSON, encoding: TextEncoding.WINDOWS1251 })).toMatchObject({ rule: 'encoding' });
  });
});

describe('readRows: files refused before the first row', () => {
  it('refuses archives, PDFs, xls and binary data by their first bytes', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);
    expect(await refusal(zip)).toEqual({
      rule: 'archive',
      field: 'file',
      message: 'file: this is a ZIP archive (xlsx?): save it as CSV UTF-8 or export CSV',
      rows: 0,
    });
    expect(await refusal(Buffer.from([0x1f, 0x8b, 0x08, 0x00]))).toMatchObject({
      rule: 'archive',
      message: expect.stringContaining('gzip'),
    });
    expect(await refusal(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0]))).toMatchObject({ rule: 'archive' });
    expect(await refusal(utf8('%PDF-1.7\n'))).toMatchObject({ rule: 'binary', message: expect.stringContaining('PDF') });
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatchObject({ rule: 'binary' });
    expect(await refusal(utf8('a,b\n1,\u0000\n'))).toMatchObject({ rule: 'binary', message: expect.stringContaining('NUL') });
    expect(await refusal(Buffer.from('a,b\n\x01\x02\x03\x04\x05\x06,\x07\x08\n'))).toMatchObject({ rule: 'binary' });
  });

  it('refuses a file over the size limit as soon as the count passes it', async () => {
    const bytes = utf8(`a,b\n${'1,2\n'.repeat(100_000)}`);
    const refused = await refusal(bytes, { maxBytes: 200 * 1024 }, 1000);
    expect(refused).toMatchObject({ rule: 'file-size', message: 'file: the file is larger than the limit of 200 KiB' });
    expect(refused.rows).toBeLessThan((200 * 1024) / 4);
    expect(await read(utf8('a,b\n1,2\n'), { maxBytes: 8 })).toEqual([row(2, { a: '1', b: '2' })]);
  });

  it('refuses JSON given as CSV, CSV given as JSON or NDJSON, a JSON object for an array', async () => {
    expect(await refusal(utf8('  {"a": 1}\n'))).toMatchObject({
      rule: 'format-mismatch',
      message: 'file: the file starts with `{`: is it JSON? give format JSON or NDJSON',
    });
    expect(await refusal(utf8('\uFEFF[{"a": 1}]'))).toMatchObject({ rule: 'format-mismatch' });
    expect(await read(utf8('[id],name\n1,x\n'))).toEqual([row(2, { '[id]': '1', name: 'x' })]);
    expect(await refusal(utf8('{"a": 1}'), { format: FileFormat.JSON })).toMatchObject({ rule: 'json-shape' });
    expect(await refusal(utf8('a,b\n1,2'), { format: FileFormat.JSON })).toMatchObject({ rule: 'json-shape' });
    expect(await refusal(utf8(''), { format: FileFormat.JSON })).toMatchObject({ rule: 'json-shape' });
    expect(await refusal(utf8('[{"a":1}]'), { format: FileFormat.NDJSON })).toMatchObject({ rule: 'format-mismatch' });
    expect(await refusal(utf8('a,b\n1,2'), { format: FileFormat.NDJSON })).toMatchObject({ rule: 'format-mismatch' });
    expect(await refusal(Buffer.from([0x5b, 0xff, 0x5d]), { format: FileFormat.JSON })).toMatchObject({ rule: 'encoding' });
  });
});

describe('readRows: formats', () => {
  it('reads JSON and NDJSON from bytes, a BOM tolerated, one byte at a time', async () => {
    const json = utf8('\uFEFF[{"name": "Ромашка [ООО]", "emoji": "🚀"}, {"name": "}{"}]');
    expect(await read(json, { format: FileFormat.JSON }, 1)).toEqual([
      row(1, { name: 'Ромашка [ООО]', emoji: '🚀' }),
      row(2, { name: '}{' }),
    ]);
    const ndjson = utf8('\uFEFF{"name": "Ромашка"}\n\n{"name": 1}\n');
    expect(await read(ndjson, { format: FileFormat.NDJSON }, 1)).toEqual([row(1, { name: 'Ромашка' }), row(3, { name: 1 })]);
    expect(await read(utf8(''), { format: FileFormat.NDJSON })).toEqual([]);
  });

  it('reports the bytes read so far to onBytes', async () => {
    const seen: number[] = [];
    await read(utf8('a,b\n1,2\n3,4\n'), { onBytes: (n) => seen.push(n) }, 5);
    expect(seen).toEqual([5, 10, 12]);
  });
});
