import type { EntityManager } from '@mikro-orm/postgresql';

/** Bytes per stored chunk: large enough that a 1 GB file is a thousand rows, small enough to hold a few. */
export const CHUNK_BYTES = 1024 * 1024;
/** Chunks read back per statement. */
const CHUNKS_PER_READ = 16;

/** A file stored past its limit; the caller answers it (413, a row error, a usage error). */
export class FileTooLarge extends Error {
  /** The code the audit records for the refused upload. */
  readonly extensions = { code: 'PAYLOAD_TOO_LARGE' };

  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes`);
  }
}

/**
 * Stores the bytes of one file of a job as they arrive, a chunk of CHUNK_BYTES at a time, so that memory
 * stays constant whatever the file's size. Run it in the transaction that creates the job: the job is
 * visible to runners only once all its bytes are. Returns the file's size.
 */
export async function storeFile(
  em: EntityManager,
  jobId: number,
  fileIndex: number,
  bytes: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<number> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  const flush = async () => {
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    await em.execute('insert into import_job_chunk (job_id, file_index, seq, data) values (?, ?, ?, ?)', [jobId, fileIndex, seq++, data]);
  };
  for await (const piece of bytes) {
    total += piece.length;
    if (total > limit) throw new FileTooLarge(limit);
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes >= CHUNK_BYTES) await flush();
  }
  if (pendingBytes > 0 || seq === 0) await flush();
  return total;
}

/** Reads a stored file back in order, CHUNKS_PER_READ chunks per statement, through `em` (the import's transaction). */
export async function* readFile(em: EntityManager, jobId: number, fileIndex: number): AsyncGenerator<Uint8Array> {
  let next = 0;
  for (;;) {
    const rows = await em.execute<{ seq: number; data: Buffer }[]>(
      'select seq, data from import_job_chunk where job_id = ? and file_index = ? and seq >= ? order by seq limit ?',
      [jobId, fileIndex, next, CHUNKS_PER_READ],
    );
    for (const row of rows) yield new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength);
    if (rows.length < CHUNKS_PER_READ) return;
    next = Number(rows.at(-1)!.seq) + 1;
  }
}
