import type { ServerResponse } from 'node:http';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { AccessPolicy, type RecordScope } from '../../access/policy.js';
import { AccessRole, type Viewer, type ViewerResolver } from '../../access/viewer.js';
import { type AuditTarget, audited, recordRefusal } from '../../audit/recorder.js';
import { DomainError, forbidden } from '../../errors.js';
import { refuseMethod, sendDomainError } from '../../http/respond.js';
import type { RouteHandler } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { fileStart, recordLine } from './lines.js';
import { ChunkedOutput } from './output.js';
import { exportRecords } from './records.js';
import { type ExportRequest, parseExportRequest } from './request.js';

/** The audit log's name for a records export. */
const OPERATION = 'GET /export/records';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson' } as const;

/** People read records within their scope; an embed token serves widgets only. */
async function readableScope(em: EntityManager, viewer: Viewer): Promise<RecordScope> {
  if (viewer.role === AccessRole.EMBED) throw forbidden('an embed token may not export records');
  return new AccessPolicy(em, viewer).recordScope();
}

/** The request as the audit log keeps it. */
function auditArguments(asked: ExportRequest): Record<string, unknown> {
  return { kind: asked.kind, format: asked.format, source: asked.source, updatedSince: asked.updatedSince?.toISOString() ?? null };
}

function startAnswer(response: ServerResponse, asked: ExportRequest, cursor: string): void {
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[asked.format],
    'content-disposition': `attachment; filename="${asked.kind}.${asked.format}"`,
    'cache-control': 'no-store',
    'x-export-cursor': cursor,
  });
}

/**
 * Streams the records, then audits the export (rows, cursor, whether the client took it all). Once the
 * headers are out an error can no longer be answered: the response is destroyed, so the client sees a
 * truncated transfer rather than a file that looks whole.
 */
async function streamRecords(
  response: ServerResponse,
  em: EntityManager,
  asked: ExportRequest,
  scope: RecordScope,
  target: AuditTarget,
  log: Logger,
): Promise<void> {
  const closed = new AbortController();
  response.on('close', () => closed.abort());
  const output = new ChunkedOutput(response, closed.signal);
  let rows = 0;
  try {
    const result = await exportRecords(
      em,
      {
        ...asked,
        scope,
        onCursor: (cursor) => {
          startAnswer(response, asked, cursor);
          return output.write(fileStart(asked.kind, asked.format));
        },
      },
      (record) => {
        rows += 1;
        return output.write(recordLine(record, asked.format));
      },
    );
    await output.flush();
    await audited(
      target,
      OPERATION,
      { ...auditArguments(asked), rows: result.rows, cursor: result.cursor, complete: true },
      async () => {},
    );
    response.end();
  } catch (error) {
    if (closed.signal.aborted) {
      log.info({ kind: asked.kind, rows }, 'records export stopped: the client went away');
      await audited(target, OPERATION, { ...auditArguments(asked), rows, complete: false }, async () => {});
      return;
    }
    if (!response.headersSent) throw error;
    log.error({ err: error, kind: asked.kind, rows }, 'records export failed after its answer began');
    await recordRefusal(target, [OPERATION], { ...auditArguments(asked), rows }, error);
    response.destroy();
  }
}

/**
 * GET /export/records/<kind>.<csv|ndjson>?source=<system>[&updatedSince=<ISO instant>] exports the records
 * of one kind (exchange/kinds.ts) that the caller may read, for analysts and warehouses: ADMIN and
 * ANALYST every record, a MANAGER their subtrees', a REP their own; embed tokens are refused. Same
 * authentication and error shape as /graphql. CSV is UTF-8 with a BOM, CRLF lines and a header row of
 * field names; NDJSON one object a line. `X-Export-Cursor` is the `updatedSince` of the next incremental
 * export. The body is streamed page by page; every export is audited (`GET /export/records`).
 */
export function recordsExportEndpoint(options: { orm: MikroORM; resolveViewer: ViewerResolver }): RouteHandler {
  return async (request, response, requestScope, log) => {
    if (request.method !== 'GET') return refuseMethod(response, 'GET', 'Use GET', requestScope.requestId);
    const url = new URL(request.url ?? '/', 'http://localhost');
    const em = options.orm.em.fork();
    let target: AuditTarget | null = null;
    try {
      const viewer = await options.resolveViewer(request);
      requestScope.viewer = `${viewer.role}${viewer.memberId ? `:${viewer.memberId}` : ''}`;
      target = { em, log, requestId: requestScope.requestId, viewer };
      const asked = parseExportRequest(url);
      const scope = await readableScope(em, viewer);
      await streamRecords(response, em, asked, scope, target, log);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (target) await recordRefusal(target, [OPERATION], { path: url.pathname, query: Object.fromEntries(url.searchParams) }, error);
      sendDomainError(response, error, requestScope.requestId);
    }
  };
}
