import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { CsvReader } from './csv.js';
import type { Delimiter } from './csv-records.js';
import { MAX_ROW_CHARS } from './limits.js';
import type { ReadItem } from './types.js';

/** Reads CSV text fed `size` characters at a time. */
function read(text: string, delimiter?: Delimiter, size = text.length || 1): ReadItem[] {
  const reader = new CsvReader(delimiter);
  const items: ReadItem[] = [];
  for (let i = 0; i < text.length; i += size) items.push(...reader.push(text.slice(i, i + size)));
  return [...items, ...reader.end()];
}

function refusal(text: string): { rule: unknown; message: string } {
  try {
    read(text);
  } catch (error) {
    if (error instanceof DomainError) return { rule: error.details.rule, message: error.message };
    throw error;
  }
  throw new Error('not refused');
}

const row = (n: number, values: Record<string, string>): ReadItem => ({ row: { row: n, values } });

describe('CSV reader', () => {
  it('reads quoted fields, doubled quotes, quoted line breaks and every line end the same chunked or whole', () => {
    const text = 'name,note\r\n"Acme, Ltd","say ""hi"""\n"two\r\nlines",x\rlast,"a\nb"';
    const expected = [
      row(2, { name: 'Acme, Ltd', note: 'say "hi"' }),
      row(3, { name: 'two\r\nlines', note: 'x' }),
      row(4, { name: 'last', note: 'a\nb' }),
    ];
    expect(read(text)).toEqual(expected);
    expect(read(text, undefined, 1)).toEqual(expected);
    expect(read(text, undefined, 3)).toEqual(expected);
  });

  it('detects the delimiter from the header line, outside quotes', () => {
    expect(read('"a,b";c;d\r\n1;2;3\r\n')).toEqual([row(2, { 'a,b': '1', c: '2', d: '3' })]);
    expect(read('a\tb\n1\t2')).toEqual([row(2, { a: '1', b: '2' })]);
    expect(read('a,b;c\n1,2;3')).toEqual([row(2, { a: '1', 'b;c': '2;3' })]);
    expect(read('only\nx')).toEqual([row(2, { only: 'x' })]);
    expect(read('a;b\n1,5;2', ';')).toEqual([row(2, { a: '1,5', b: '2' })]);
  });

  it('trims header names, drops a BOM and a trailing delimiter, fills missing cells with ""', () => {
    expect(read('\uFEFF id , name ,\n1,Acme,\n2\n')).toEqual([row(2, { id: '1', name: 'Acme' }), row(3, { id: '2', name: '' })]);
  });

  it('skips blank lines (empty or only delimiters) but counts them as rows; a quoted empty cell is a row', () => {
    expect(read('a,b\n\n1,2\n,\n""\n\r\n\n')).toEqual([row(3, { a: '1', b: '2' }), row(5, { a: '', b: '' })]);
    expect(read('\n\na;b\n1;2')).toEqual([row(4, { a: '1', b: '2' })]);
  });

  it('takes the formula guard off: an apostrophe before = + - @ tab or CR only', () => {
    const text = "a,b,c,d,e,f\n'=SUM(A1),'+7,'-1,'@x,'it's,''=x\n";
    expect(read(text)).toEqual([row(2, { a: '=SUM(A1)', b: '+7', c: '-1', d: '@x', e: "'it's", f: "'=x" })]);
    expect(read('a,b\n"\'\tx","\'\ry"')).toEqual([row(2, { a: '\tx', b: '\ry' })]);
  });

  it('reports a row with more cells than the header as extra-cells, and reads on', () => {
    expect(read('a,b\n1,2,3\n4,5')).toEqual([
      { unreadable: { row: 2, rule: 'extra-cells', message: 'the row has 3 cells, the header 2 columns' } },
      row(3, { a: '4', b: '5' }),
    ]);
  });

  it('reports a quote left open at the end of the file', () => {
    expect(read('a,b\n1,2\n3,"4\n5,6\n')).toEqual([
      row(2, { a: '1', b: '2' }),
      { unreadable: { row: 3, rule: 'unterminated-quote', message: 'a quoted field is not closed before the end of the file' } },
    ]);
  });

  it('reads text after a closing quote and a quote inside an unquoted field as Excel does', () => {
    expect(read('a,b\n"x"y,z"w\n')).toEqual([row(2, { a: 'xy', b: 'z"w' })]);
  });

  it('reports an over-long row without holding it and reads on', () => {
    const long = 'x'.repeat(MAX_ROW_CHARS + 1);
    const items = read(`a,b\n"${long}",1\n2,3\n`, undefined, 64 * 1024);
    expect(items).toEqual([
      { unreadable: { row: 2, rule: 'row-too-long', message: `the row is longer than ${MAX_ROW_CHARS} characters` } },
      row(3, { a: '2', b: '3' }),
    ]);
  });

  it('keeps a column named __proto__ as a plain key', () => {
    const [item] = read('__proto__,b\n1,2');
    expect(item).toEqual(row(2, { ['__proto__']: '1', b: '2' }));
    expect(Object.keys((item as { row: { values: object } }).row.values)).toEqual(['__proto__', 'b']);
  });

  it('refuses a file without a usable header', () => {
    expect(refusal('')).toMatchObject({ rule: 'header', message: 'file: the file is empty: it needs a header row naming the columns' });
    expect(refusal('\n\n,,\n')).toMatchObject({ rule: 'header' });
    expect(refusal('a,,b\n1,2,3')).toMatchObject({ rule: 'header', message: 'file: column 2 of the header row has no name' });
    expect(refusal('a,"b\n1,2')).toMatchObject({ rule: 'header' });
    expect(refusal('id,name, id\n1,2,3')).toMatchObject({
      rule: 'duplicate-column',
      message: 'file: the header row names the column "id" twice',
    });
  });
});
