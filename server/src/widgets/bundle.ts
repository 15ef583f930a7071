import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** A file of the built widgets, with a strong ETag, re-read when it changes on disk. */
export interface StaticFile {
  body: Buffer;
  etag: string;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

const cache = new Map<string, { mtimeMs: number; file: StaticFile }>();

export async function readStatic(file: string): Promise<StaticFile | undefined> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === info.mtimeMs) return cached.file;
  const body = await readFile(file);
  const entry = {
    body,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    contentType: TYPES[path.extname(file)] ?? 'application/octet-stream',
  };
  cache.set(file, { mtimeMs: info.mtimeMs, file: entry });
  return entry;
}
