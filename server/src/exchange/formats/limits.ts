/** The largest file an import reads: beyond it the file is refused as soon as the count passes the limit. */
export const IMPORT_MAX_BYTES = 1024 ** 3;

/** How much of the start of a file is looked at to refuse non-text files and to choose the encoding. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * The longest CSV row, NDJSON line or JSON array element, in characters: a longer one is reported as
 * unreadable and skipped without being held, so that a missing quote or newline cannot fill the memory.
 */
export const MAX_ROW_CHARS = 1024 * 1024;

/** A byte count as people read it: "1 GiB", "300 MiB", else in bytes. */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 ** 3 && bytes % 1024 ** 3 === 0) return `${bytes / 1024 ** 3} GiB`;
  if (bytes >= 1024 ** 2 && bytes % 1024 ** 2 === 0) return `${bytes / 1024 ** 2} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
