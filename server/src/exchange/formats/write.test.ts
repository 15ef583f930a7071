import { describe, expect, it } from 'vitest';
import { readRows } from './read.js';
import { FileFormat, type ReadItem } from './types.js';
import { CSV_BOM, csvLine, ndjsonLine } from './write.js';

const TRICKY = [
  'plain',
  '',
  'a,b',
  'a;b',
  'tab\there',
  'say "hi"',
  '"',
  'two\r\nlines',
  'cr\ronly',
  'lf\n',
  '=SUM(A1)',
  '+7 999',
  '-1',
  '@me',
  '\tindented',
  '\rstarts with CR',
  "'quoted",
  "'=already guarded",
  "''+twice",
  'Сделка «Ромашка»',
  'emoji 🚀👩‍💻',
  ' padded ',
  '__proto__',
];

/** Reads a file given as text, fed `size` bytes at a time. */
async function readBack(text: string, format: FileFormat, size: number): Promise<ReadItem[]> {
  const bytes = new TextEncoder().encode(text);
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const items: ReadItem[] = [];
  for await (const item of readRows(chunks(), { format })) items.push(item);
  return items;
}

/** Rows of three cells drawn from TRICKY, deterministically, with nulls. */
function tableOf(count: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (let i = 0; i < count; i += 1) {
    rows.push([0, 1, 2].map((k) => ((i * 7 + k * 5) % 11 === 0 ? null : TRICKY[(i * 3 + k * 13) % TRICKY.length])));
  }
  return rows;
}

describe('export writers', () => {
  it('quote per RFC 4180 with the delimiter in use, guard formulas and end lines with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', null, '=1+1', 'x\ny'])).toBe('a,"b,c","say ""hi""",,\'=1+1,"x\ny"\r\n');
    expect(csvLine(['a;b', 'c,d'], ';')).toBe('"a;b";c,d\r\n');
    expect(csvLine([null, ''])).toBe('"",\r\n');
    expect(ndjsonLine({ a: 'x\ny', b: null })).toBe('{"a":"x\\ny","b":null}\n');
  });

  for (const delimiter of [',', ';', '\t'] as const) {
    it(`read back exactly what they write, as CSV delimited by ${JSON.stringify(delimiter)}, in any chunking`, async () => {
      const header = ['first', 'second', 'third'];
      const rows = [...tableOf(60), [null, '', null]];
      const file = CSV_BOM + [header, ...rows].map((cells) => csvLine(cells, delimiter)).join('');
      const expected = rows.map((cells, i) => ({
        row: { row: i + 2, values: Object.fromEntries(header.map((name, k) => [name, cells[k] ?? ''])) },
      }));
      expect(await readBack(file, FileFormat.CSV, 1)).toEqual(expected);
      expect(await readBack(file, FileFormat.CSV, 5)).toEqual(expected);
      expect(await readBack(file, FileFormat.CSV, 1 << 16)).toEqual(expected);
    });
  }

  it('read back exactly what they write, as NDJSON (null and missing kept apart)', async () => {
    const records = tableOf(60).map(([a, b, c], i) => (i % 2 ? { a, b, c } : { a, b }));
    const file = records.map(ndjsonLine).join('');
    const expected = records.map((values, i) => ({ row: { row: i + 1, values } }));
    expect(await readBack(file, FileFormat.NDJSON, 1)).toEqual(expected);
    expect(await readBack(file, FileFormat.NDJSON, 1 << 16)).toEqual(expected);
  });
});
