import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

/**
 * Response compression (docs/operations.md#compression): GraphQL answers from COMPRESS_FROM_BYTES on,
 * with fast settings, per request; the widget files once per version, with the best settings (static.ts).
 */

/** The content codings we produce, in our order of preference when a client accepts them equally. */
const CODINGS = ['br', 'gzip'] as const;
export type Coding = (typeof CODINGS)[number];
export type Encoding = Coding | 'identity';
const PREFERENCE: Encoding[] = [...CODINGS, 'identity'];

/**
 * Smaller bodies (answers and files) stay as they are: they would gain a few hundred bytes, less than half a
 * packet, for the fixed cost of a compressor (30–50 µs of CPU) and a header.
 */
export const COMPRESS_FROM_BYTES = 1024;

/** RFC 9110 qvalue: 0 to 1 with at most three decimals. */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** Accept-Encoding as coding → weight; malformed entries are ignored, a coding listed twice keeps its best weight. */
function weightsOf(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const entry of header.split(',')) {
    const [name = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const q = parameters.map((parameter) => /^q\s*=\s*(.*)$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    if (!name || (q !== undefined && !QVALUE.test(q))) continue;
    // RFC 9110 §8.4.1.3: x-gzip is gzip.
    const coding = name === 'x-gzip' ? 'gzip' : name;
    weights.set(coding, Math.max(weights.get(coding) ?? 0, q === undefined ? 1 : Number(q)));
  }
  return weights;
}

/**
 * The coding to send for an Accept-Encoding header: the most acceptable of br, gzip and identity, preferring
 * them in that order on equal weights. No header means identity, as does a header that refuses everything
 * (RFC 9110 §12.5.3 lets the server send the uncoded representation rather than 406).
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (header === undefined) return 'identity';
  const weights = weightsOf(header);
  // Identity unnamed (and no `*`) stays acceptable, but as the fallback: it does not outweigh a named coding.
  const weight = (coding: Encoding) => weights.get(coding) ?? weights.get('*') ?? 0;
  const best = PREFERENCE.reduce((chosen, coding) => (weight(coding) > weight(chosen) ? coding : chosen));
  return weight(best) > 0 ? best : 'identity';
}

/** Adds Accept-Encoding to Vary, keeping what other layers put there (CORS: Origin). */
export function varyOnEncoding(response: ServerResponse): void {
  const current = response.getHeader('vary');
  const values = (Array.isArray(current) ? current : current === undefined ? [] : [String(current)])
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
  if (values.some((value) => value === '*' || value.toLowerCase() === 'accept-encoding')) return;
  response.setHeader('vary', [...values, 'Accept-Encoding'].join(', '));
}

/**
 * Per-answer settings: brotli 5 costs about what brotli 4 does on the 1–5 KB answers the widgets get and is
 * 10 % smaller (and smaller than gzip 6); the size hint lets brotli size its window to the answer.
 */
function compressAnswer(body: Buffer, coding: Coding): Buffer {
  if (coding === 'gzip') return gzipSync(body, { level: 6 });
  return brotliCompressSync(body, { params: brotliParams(5, body.length) });
}

function brotliParams(quality: number, size: number): Record<number, number> {
  return {
    [constants.BROTLI_PARAM_QUALITY]: quality,
    [constants.BROTLI_PARAM_SIZE_HINT]: size,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
  };
}

/**
 * Ends the response with a whole answer, compressed when it reaches COMPRESS_FROM_BYTES and the client
 * accepts br or gzip. Synchronously: for 1–50 KB answers on two cores the zlib threadpool cost about twice
 * the CPU per request, while the event loop waits at most ~0.3 ms (20 KB) to ~0.7 ms (50 KB).
 */
export function endCompressed(request: IncomingMessage, response: ServerResponse, body: string): void {
  varyOnEncoding(response);
  const length = Buffer.byteLength(body);
  const encoding = length < COMPRESS_FROM_BYTES ? 'identity' : negotiateEncoding(request.headers['accept-encoding']);
  if (encoding === 'identity') {
    response.setHeader('content-length', length);
    response.end(body);
    return;
  }
  const compressed = compressAnswer(Buffer.from(body), encoding);
  response.setHeader('content-encoding', encoding);
  response.setHeader('content-length', compressed.length);
  response.end(compressed);
}

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Best settings for a file compressed once and served many times; in the threadpool, as brotli 11 takes long. */
export function compressAsset(body: Buffer, coding: Coding): Promise<Buffer> {
  if (coding === 'gzip') return gzipAsync(body, { level: 9 });
  return brotliAsync(body, { params: brotliParams(11, body.length) });
}
