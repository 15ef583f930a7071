import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type Cell = string | number | null;

/** One value in COPY's text format: \N for null, with backslash, tab and newline escaped. */
function cell(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** Streams rows into a table with COPY FROM STDIN, in batches of text lines. */
export async function copyRows(client: pg.ClientBase, table: string, columns: string[], rows: Iterable<Cell[]>): Promise<number> {
  let count = 0;
  function* lines(): Generator<string> {
    let batch = '';
    for (const row of rows) {
      batch += row.map(cell).join('\t') + '\n';
      count += 1;
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
      }
    }
    if (batch) yield batch;
  }
  const sink = client.query(copyFrom(`copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from stdin`));
  await pipeline(Readable.from(lines()), sink);
  return count;
}

/** The same with multi-row INSERT statements, for servers without COPY FROM STDIN (the embedded PGlite). */
export async function insertRows(client: pg.ClientBase, table: string, columns: string[], rows: Iterable<Cell[]>): Promise<number> {
  const perStatement = Math.floor(30_000 / columns.length);
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  let batch: Cell[][] = [];
  let count = 0;
  const flush = async () => {
    if (!batch.length) return;
    const tuples = batch.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
    await client.query(head + tuples.join(', '), batch.flat());
    count += batch.length;
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length === perStatement) await flush();
  }
  await flush();
  return count;
}

export type BulkMethod = 'copy' | 'insert';

export function bulkWriter(method: BulkMethod): typeof copyRows {
  return method === 'copy' ? copyRows : insertRows;
}
