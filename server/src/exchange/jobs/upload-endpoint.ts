import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { viewerOf } from '../../access/embed-endpoint.js';
import { AccessPolicy } from '../../access/policy.js';
import type { Viewer, ViewerResolver } from '../../access/viewer.js';
import { audited } from '../../audit/recorder.js';
import { badInput, DomainError, notFound } from '../../errors.js';
import { refuseMethod, sendDomainError, sendGraphQLError, sendJson } from '../../http/respond.js';
import type { RouteHandler } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import type { RequestScope } from '../../request-scope.js';
import { parseId } from '../../ids.js';
import { FileFormat, TextEncoding } from '../formats/types.js';
import { ImportMode } from '../import/types.js';
import { kindNamed } from '../kinds.js';
import { FileTooLarge } from './chunks.js';
import { delimiterOf, enqueueImport, mappingOf, type JobDraft } from './enqueue.js';
import { ImportJob } from './import-job.entity.js';
import { jobJson } from './view.js';

const OPERATION = 'POST /import';
const JOB_PATH = /^\/import\/jobs\/([^/]+)(\/rejected\.csv)?$/;

export interface ImportEndpointOptions {
  orm: MikroORM;
  resolveViewer: ViewerResolver;
  serviceKey?: string;
  /** IMPORT_MAX_BYTES: the largest file taken. */
  maxBytes: number;
}

/**
 * The import over HTTP, for files too large for GraphQL and for scripts. Authenticated as /graphql or with
 * the service key (`X-Service-Key`); ADMIN only.
 * - `POST /import?kind=deals&format=CSV&source=bitrix24[&mapping=bitrix24][&dryRun=true][&mode=PARTIAL]
 *   [&encoding=WINDOWS1251][&delimiter=%3B][&name=deals.csv]` with the raw file as the body (any content
 *   type): the body is stored as it streams in and the job queued; 202 `{ data: { importJob: { id, status } } }`
 *   with `Location: /import/jobs/<id>`. A body over IMPORT_MAX_BYTES is refused 413. Audited.
 * - `GET /import/jobs/<id>`: the job as JSON (`{ data: { importJob } }`), as the GraphQL type has it.
 * - `GET /import/jobs/<id>/rejected.csv`: the rows a PARTIAL run rejected, with their errors; 404 when none.
 */
export function importEndpoint(options: ImportEndpointOptions): RouteHandler {
  return async (request, response, scope, log) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const jobPath = JOB_PATH.exec(path);
    if (path === '/import' && request.method !== 'POST') return refuseMethod(response, 'POST', 'POST the file to /import', scope.requestId);
    if (path !== '/import' && !jobPath) return sendGraphQLError(response, 404, 'NOT_FOUND', 'No such import resource', scope.requestId);
    if (jobPath && request.method !== 'GET') return refuseMethod(response, 'GET', 'Use GET', scope.requestId);
    try {
      const viewer = await viewerOf(request, options);
      scope.viewer = `${viewer.role}${viewer.memberId ? `:${viewer.memberId}` : ''}`;
      await new AccessPolicy(options.orm.em.fork(), viewer).assertCanManageOrganisation('import records');
      if (jobPath) await answerJob(response, options.orm, parseId(decodeURIComponent(jobPath[1]), 'id'), Boolean(jobPath[2]));
      else await upload(request, response, options, viewer, scope, log);
    } catch (error) {
      if (error instanceof FileTooLarge) return tooLarge(response, options.maxBytes, scope.requestId);
      if (!(error instanceof DomainError)) throw error;
      sendDomainError(response, error, scope.requestId);
    }
  };
}

function tooLarge(response: ServerResponse, maxBytes: number, requestId: string): void {
  response.setHeader('connection', 'close');
  sendGraphQLError(
    response,
    413,
    'PAYLOAD_TOO_LARGE',
    `The file is larger than the import limit of ${maxBytes} bytes (IMPORT_MAX_BYTES)`,
    requestId,
  );
}

function oneOf<T extends string>(values: Record<string, T>, raw: string | null, field: string): T | undefined {
  if (raw === null || raw === '') return undefined;
  const value = Object.values(values).find((candidate) => candidate === raw.toUpperCase());
  if (!value) throw badInput(field, 'enum', `"${raw}" is not one of ${Object.values(values).join(', ')}`);
  return value;
}

function flag(raw: string | null, field: string): boolean {
  if (raw === null || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw badInput(field, 'enum', `"${raw}" is neither true nor false`);
}

/** The job a POST /import asks for, from its query string; the body is its one file. */
function draftOf(request: IncomingMessage, viewer: Viewer): Omit<JobDraft, 'files'> & { file: Omit<JobDraft['files'][number], 'bytes'> } {
  const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
  const kindName = params.get('kind');
  if (!kindName) throw badInput('kind', 'required', 'name the record kind, e.g. ?kind=deals');
  const kind = kindNamed(kindName);
  if (!kind) throw badInput('kind', 'enum', `"${kindName}" is not a record kind (territories, teams, members, customers, …)`);
  const format = oneOf(FileFormat, params.get('format'), 'format');
  if (!format) throw badInput('format', 'required', 'name the format: CSV, JSON or NDJSON');
  return {
    source: params.get('source') ?? '',
    dryRun: flag(params.get('dryRun'), 'dryRun'),
    mode: oneOf(ImportMode, params.get('mode'), 'mode') ?? ImportMode.ALL_OR_NOTHING,
    requestedBy: viewer,
    file: {
      kind,
      format,
      name: (params.get('name') ?? '').trim().slice(0, 300) || `${kind}.${format.toLowerCase()}`,
      mapping: mappingOf(kind, params.get('mapping'), null, 'mapping'),
      encoding: oneOf(TextEncoding, params.get('encoding'), 'encoding') ?? null,
      delimiter: delimiterOf(params.get('delimiter'), 'delimiter'),
    },
  };
}

async function upload(
  request: IncomingMessage,
  response: ServerResponse,
  options: ImportEndpointOptions,
  viewer: Viewer,
  scope: RequestScope,
  log: Logger,
): Promise<void> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) return tooLarge(response, options.maxBytes, scope.requestId);
  const em = options.orm.em.fork();
  const args = Object.fromEntries(new URL(request.url ?? '/', 'http://localhost').searchParams);
  const job = await audited({ em, log, requestId: scope.requestId, viewer }, OPERATION, args, async () => {
    const { file, ...draft } = draftOf(request, viewer);
    return enqueueImport(em, { ...draft, files: [{ ...file, bytes: request }] }, options.maxBytes);
  });
  sendJson(response, 202, { data: { importJob: { id: String(job.id), status: job.status } } }, { location: `/import/jobs/${job.id}` });
}

async function answerJob(response: ServerResponse, orm: MikroORM, id: number, rejectedCsv: boolean): Promise<void> {
  const em = orm.em.fork();
  if (!rejectedCsv) {
    const job = await em.findOne(ImportJob, { id });
    if (!job) throw notFound('ImportJob', id, 'id');
    return sendJson(response, 200, { data: { importJob: jobJson(job) } }, { 'cache-control': 'no-store' });
  }
  const [row] = await em.execute<{ rejected_csv: Buffer | null }[]>('select rejected_csv from import_job where id = ?', [id]);
  if (!row?.rejected_csv) throw notFound('rejected rows of import job', id, 'id');
  response.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="import-job-${id}-rejected.csv"`,
    'content-length': row.rejected_csv.length,
    'cache-control': 'no-store',
  });
  response.end(row.rejected_csv);
}
