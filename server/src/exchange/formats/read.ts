import { badInput } from '../../errors.js';
import { CsvReader, type RowReader } from './csv.js';
import type { Delimiter } from './csv-records.js';
import { textDecoding } from './decode.js';
import { JsonArrayReader } from './json.js';
import { byteSize, IMPORT_MAX_BYTES, SNIFF_BYTES } from './limits.js';
import { NdjsonReader } from './ndjson.js';
import { refuseUnreadable } from './sniff.js';
import { FileFormat, type ReadItem, TextEncoding } from './types.js';

export interface ReadOptions {
  format: FileFormat;
  /** CSV only; JSON and NDJSON are UTF-8. AUTO when absent. */
  encoding?: TextEncoding;
  /** CSV only; detected from the header line when absent. */
  delimiter?: Delimiter;
  /** Refuse the file once more bytes than this came in; IMPORT_MAX_BYTES when absent. */
  maxBytes?: number;
  /** Called with the count of bytes read so far, for a progress bar. */
  onBytes?: (bytes: number) => void;
}

/** The bytes of a file, counted: refused as soon as the count passes the limit. */
async function* counted(input: AsyncIterable<Uint8Array>, maxBytes: number, onBytes?: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of input) {
    total += chunk.length;
    if (total > maxBytes) throw badInput('file', 'file-size', `the file is larger than the limit of ${byteSize(maxBytes)}`);
    onBytes?.(total);
    if (chunk.length > 0) yield chunk;
  }
}

/** The first SNIFF_BYTES (or the whole file when shorter) as one chunk, then the rest as it comes. */
async function* headFirst(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let size = 0;
  while (size < SNIFF_BYTES) {
    const next = await chunks.next();
    if (next.done) break;
    head.push(next.value);
    size += next.value.length;
  }
  yield head.length === 1 ? head[0] : Buffer.concat(head);
  yield* chunks;
}

function rowReader(options: ReadOptions): RowReader {
  if (options.format === FileFormat.JSON) return new JsonArrayReader();
  if (options.format === FileFormat.NDJSON) return new NdjsonReader();
  return new CsvReader(options.delimiter);
}

const HINTS: Record<FileFormat, string> = {
  [FileFormat.CSV]: 'save it as CSV UTF-8, or give encoding WINDOWS1251',
  [FileFormat.JSON]: 'JSON files are read as UTF-8 only',
  [FileFormat.NDJSON]: 'NDJSON files are read as UTF-8 only',
};

/**
 * The rows of an import file, read as they stream in: the reader holds one chunk and one row, never
 * the file. A file that cannot be what it says (an archive, binary data, over `maxBytes`, JSON given as
 * CSV, a CSV without a usable header…) is refused with a DomainError before the first row; a row that
 * cannot be read comes out as `unreadable` and the reading goes on.
 */
export async function* readRows(input: AsyncIterable<Uint8Array>, options: ReadOptions): AsyncGenerator<ReadItem> {
  const encoding = options.format === FileFormat.CSV ? (options.encoding ?? TextEncoding.AUTO) : TextEncoding.UTF8;
  if (options.format !== FileFormat.CSV && options.encoding === TextEncoding.WINDOWS1251) {
    throw badInput('file', 'encoding', `${options.format} files are read as UTF-8 only: give encoding AUTO or UTF8`);
  }
  const chunks = headFirst(counted(input, options.maxBytes ?? IMPORT_MAX_BYTES, options.onBytes));
  const reader = rowReader(options);
  let decoding: ReturnType<typeof textDecoding> | undefined;
  for await (const chunk of chunks) {
    if (!decoding) {
      refuseUnreadable(chunk, options.format, encoding);
      decoding = textDecoding(encoding, chunk, HINTS[options.format]);
    }
    for (const item of reader.push(decoding.decode(chunk))) yield item;
  }
  for (const item of [...reader.push(decoding!.end()), ...reader.end()]) yield item;
}
