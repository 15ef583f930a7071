import { describe, expect, it } from 'vitest';
import type { RowReader } from './csv.js';
import { JsonArrayReader } from './json.js';
import { MAX_ROW_CHARS } from './limits.js';
import { NdjsonReader } from './ndjson.js';
import type { ReadItem } from './types.js';

/** Feeds `text` to a reader `size` characters at a time. */
function read(reader: RowReader, text: string, size = text.length || 1): ReadItem[] {
  const items: ReadItem[] = [];
  for (let i = 0; i < text.length; i += size) items.push(...reader.push(text.slice(i, i + size)));
  return [...items, ...reader.end()];
}

const row = (n: number, values: Record<string, unknown>): ReadItem => ({ row: { row: n, values } });
const unreadable = (n: number, rule: string) => ({ unreadable: expect.objectContaining({ row: n, rule }) });

describe('JSON array reader', () => {
  const text = ' [ {"a": "x ] , [ { \\" \\\\", "b": [1, {"c": "}"}]}, {"a": null} ,\n{}]\n';
  const expected = [row(1, { a: 'x ] , [ { " \\', b: [1, { c: '}' }] }), row(2, { a: null }), row(3, {})];

  it('cuts the array into elements whatever the brackets and escapes inside strings, chunked or whole', () => {
    expect(read(new JsonArrayReader(), text)).toEqual(expected);
    expect(read(new JsonArrayReader(), text, 1)).toEqual(expected);
    expect(read(new JsonArrayReader(), text, 7)).toEqual(expected);
  });

  it('reads an empty array as no rows', () => {
    expect(read(new JsonArrayReader(), '[ ]')).toEqual([]);
  });

  it('reports elements that are not objects or not JSON, and reads on', () => {
    expect(read(new JsonArrayReader(), '[1, "s", [], null, {"a":}, , {"ok": true}]')).toEqual([
      { unreadable: { row: 1, rule: 'not-object', message: 'a number, not an object' } },
      { unreadable: { row: 2, rule: 'not-object', message: 'a string, not an object' } },
      { unreadable: { row: 3, rule: 'not-object', message: 'an array, not an object' } },
      { unreadable: { row: 4, rule: 'not-object', message: 'null, not an object' } },
      unreadable(5, 'malformed-json'),
      { unreadable: { row: 6, rule: 'malformed-json', message: 'an empty element (a stray comma)' } },
      row(7, { ok: true }),
    ]);
  });

  it('reports a file cut short and text after the array', () => {
    expect(read(new JsonArrayReader(), '[{"a":1},{"a":')).toEqual([row(1, { a: 1 }), unreadable(2, 'malformed-json')]);
    expect(read(new JsonArrayReader(), '[{"a":1}] x')).toEqual([row(1, { a: 1 }), unreadable(2, 'malformed-json')]);
  });

  it('reports an over-long element without holding it and reads on', () => {
    const long = `{"a":"${'x'.repeat(MAX_ROW_CHARS)}"}`;
    expect(read(new JsonArrayReader(), `[${long},{"b":2}]`, 65536)).toEqual([unreadable(1, 'row-too-long'), row(2, { b: 2 })]);
  });
});

describe('NDJSON reader', () => {
  it('reads one object per line, LF or CRLF, skipping blank lines but counting them', () => {
    const text = '{"a":1}\r\n\n  \n{"a":"x\\ny"}\n{"a":{"b":[]}}';
    const expected = [row(1, { a: 1 }), row(4, { a: 'x\ny' }), row(5, { a: { b: [] } })];
    expect(read(new NdjsonReader(), text)).toEqual(expected);
    expect(read(new NdjsonReader(), text, 1)).toEqual(expected);
  });

  it('reports a bad line with the parser message and reads on', () => {
    const items = read(new NdjsonReader(), '{"a":1}\n{"a":\n[1]\n"s"\n{"a":2}\n');
    expect(items).toEqual([
      row(1, { a: 1 }),
      unreadable(2, 'malformed-json'),
      unreadable(3, 'not-object'),
      unreadable(4, 'not-object'),
      row(5, { a: 2 }),
    ]);
    const message = (items[1] as { unreadable: { message: string } }).unreadable.message;
    expect(message).toMatch(/JSON/);
  });

  it('reports a line over 1 Mi characters without holding it', () => {
    const items = read(new NdjsonReader(), `{"a":1}\n{"a":"${'x'.repeat(MAX_ROW_CHARS)}"}\n{"a":3}\n`, 65536);
    expect(items).toEqual([row(1, { a: 1 }), unreadable(2, 'row-too-long'), row(3, { a: 3 })]);
  });
});
