import { badInput } from '../../errors.js';
import { startsWithUtf8Bom } from './decode.js';
import { FileFormat, TextEncoding } from './types.js';

interface Signature {
  magic: readonly number[];
  rule: 'archive' | 'binary';
  what: string;
}

/** Magic numbers of what people upload instead of a text file. */
const SIGNATURES: readonly Signature[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], rule: 'archive', what: 'this is a ZIP archive (xlsx?): save it as CSV UTF-8 or export CSV' },
  { magic: [0x50, 0x4b, 0x05, 0x06], rule: 'archive', what: 'this is an empty ZIP archive: save the data as CSV UTF-8 or export CSV' },
  { magic: [0x1f, 0x8b], rule: 'archive', what: 'this is a gzip archive: unpack it first' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], rule: 'archive', what: 'this is a 7z archive: unpack it first' },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], rule: 'archive', what: 'this is a RAR archive: unpack it first' },
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], rule: 'binary', what: 'this is a PDF document: export the data as CSV instead' },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    rule: 'binary',
    what: 'this is an Excel 97-2003 workbook (xls): save it as CSV UTF-8',
  },
];

/** Above this share of control characters (other than tab, line ends, form feed) the start is not text. */
const MAX_CONTROL_SHARE = 0.05;

function isControl(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f;
}

/** Archives, documents and binary data: refused by their first bytes. */
function refuseNonText(head: Uint8Array): void {
  const signature = SIGNATURES.find(({ magic }) => magic.every((byte, i) => head[i] === byte));
  if (signature) throw badInput('file', signature.rule, signature.what);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw badInput('file', 'encoding', 'the file is UTF-16 (Excel\'s "Unicode text"): save it as CSV UTF-8');
  }
  if (head.includes(0)) throw badInput('file', 'binary', 'the file holds NUL bytes: it is not a text file');
  const controls = head.reduce((count, byte) => count + (isControl(byte) ? 1 : 0), 0);
  if (controls > head.length * MAX_CONTROL_SHARE) {
    throw badInput('file', 'binary', 'the file is mostly control characters: it is not a text file');
  }
}

/** The start of the file as text, after the BOM and white space. */
function leadingText(head: Uint8Array): string {
  return new TextDecoder().decode(head).trimStart();
}

/** A file that is evidently not in the declared format. */
function refuseOtherFormat(head: Uint8Array, format: FileFormat): void {
  const start = leadingText(head);
  const first = start === '' ? '' : String.fromCodePoint(start.codePointAt(0)!);
  if (format === FileFormat.CSV) {
    // A CSV header may start with `[`, but not with `[{` or `[]`.
    if (/^\{|^\[\s*[{\]]/.test(start)) {
      throw badInput('file', 'format-mismatch', `the file starts with \`${first}\`: is it JSON? give format JSON or NDJSON`);
    }
  } else if (format === FileFormat.JSON) {
    if (first === '') throw badInput('file', 'json-shape', 'the file is empty: a JSON import is an array of objects `[{…}, …]`');
    if (first === '{') {
      throw badInput(
        'file',
        'json-shape',
        'the file starts with `{`, not `[`: a JSON import is an array of objects; one object per line is NDJSON',
      );
    }
    if (first !== '[') {
      throw badInput(
        'file',
        'json-shape',
        `the file starts with \`${first}\`, not \`[\`: a JSON import is an array of objects (is it CSV? give format CSV)`,
      );
    }
  } else if (first === '[') {
    throw badInput('file', 'format-mismatch', 'the file starts with `[`: is it a JSON array? give format JSON');
  } else if (first !== '' && first !== '{') {
    throw badInput(
      'file',
      'format-mismatch',
      `the file starts with \`${first}\`, not \`{\`: NDJSON is one object per line (is it CSV? give format CSV)`,
    );
  }
}

/** A Windows-1251 file that the byte order mark says is UTF-8. */
function refuseEncoding(head: Uint8Array, encoding: TextEncoding): void {
  if (encoding === TextEncoding.WINDOWS1251 && startsWithUtf8Bom(head)) {
    throw badInput('file', 'encoding', 'the file starts with a UTF-8 byte order mark: give encoding AUTO or UTF8');
  }
}

/**
 * Refuses, from the first bytes of a file (up to SNIFF_BYTES), what cannot be read as `format` at all:
 * archives, PDFs, binary data, UTF-16, JSON given as CSV and CSV given as JSON.
 */
export function refuseUnreadable(head: Uint8Array, format: FileFormat, encoding: TextEncoding): void {
  refuseNonText(head);
  refuseEncoding(head, encoding);
  refuseOtherFormat(head, format);
}
