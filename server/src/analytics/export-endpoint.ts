import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AccessPolicy } from '../access/policy.js';
import type { ViewerResolver } from '../access/viewer.js';
import { badInput, DomainError } from '../errors.js';
import { BodyTooLargeError, readBody } from '../http/body.js';
import { sendGraphQLError, sendJson } from '../http/respond.js';
import type { RouteHandler } from '../http/server.js';
import { parseId } from '../ids.js';
import { MetricLanguage } from './catalogue.js';
import { attachmentHeader, metricsCsv } from './csv.js';
import { runMetrics } from './metrics.service.js';
import { parseMetricsQuery, type MetricsQuery } from './query.js';
import { requireVisibleView } from './saved-view.service.js';

const MAX_BODY = 16_384;
const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, BAD_USER_INPUT: 400 };

function languageOf(value: unknown): MetricLanguage {
  if (value === undefined || value === null) return MetricLanguage.EN;
  if (value !== MetricLanguage.EN && value !== MetricLanguage.RU) throw badInput('language', 'enum', `"${String(value)}" is not one of EN, RU`);
  return value;
}

async function jsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(await readBody(request, MAX_BODY));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new SyntaxError('not an object');
  return parsed as Record<string, unknown>;
}

/**
 * GET /export/metrics.csv?viewId=…[&language=RU] exports a saved view the caller may open;
 * POST /export/metrics.csv with a JSON metrics query (the arguments of Query.salesMetrics, plus
 * `language`) exports that query. Same authentication as /graphql, same access: the caller's own
 * record scope; embed tokens are refused. Answers text/csv (UTF-8 with BOM) as an attachment, or a
 * GraphQL-shaped JSON error with the same codes. `X-Total-Rows` tells how many rows the result has;
 * `X-Truncated: true` when the limit cut them.
 */
export function metricsExportEndpoint(options: { orm: MikroORM; resolveViewer: ViewerResolver }): RouteHandler {
  return async (request, response, scope) => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      response.setHeader('allow', 'GET, POST');
      response.setHeader('connection', 'close');
      return sendGraphQLError(response, 405, 'METHOD_NOT_ALLOWED', 'Use GET with viewId or POST a JSON metrics query', scope.requestId);
    }
    let body: Record<string, unknown> | null = null;
    if (request.method === 'POST') {
      const contentType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (contentType !== 'application/json') {
        response.setHeader('connection', 'close');
        return sendGraphQLError(response, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the query as application/json', scope.requestId);
      }
      try {
        body = await jsonBody(request);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendGraphQLError(response, 413, 'PAYLOAD_TOO_LARGE', `Request body exceeds ${MAX_BODY} bytes`, scope.requestId);
        return sendGraphQLError(response, 400, 'BAD_REQUEST', 'The body must be a JSON object', scope.requestId);
      }
    }
    try {
      const viewer = await options.resolveViewer(request);
      scope.viewer = `${viewer.role}${viewer.memberId ? `:${viewer.memberId}` : ''}`;
      const em = options.orm.em.fork();
      const access = new AccessPolicy(em, viewer);
      await access.assertCanReadMetrics();
      const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
      let name = 'metrics';
      let query: MetricsQuery;
      if (body) {
        query = parseMetricsQuery(body);
      } else {
        const viewId = params.get('viewId');
        if (viewId === null) throw badInput('viewId', 'required', 'give the id of a saved view, or POST a metrics query');
        const view = await requireVisibleView(em, access, parseId(viewId, 'viewId'), 'viewId');
        query = parseMetricsQuery(view.query);
        name = view.name;
      }
      const result = await runMetrics(em, query, await access.recordScope(), languageOf(body ? body.language : (params.get('language') ?? undefined)));
      sendCsv(response, metricsCsv(result), name, result.totalRows, result.truncated);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      sendJson(response, STATUS[error.code] ?? 400, { errors: [{ message: error.message, extensions: { code: error.code, ...error.details, requestId: scope.requestId } }] });
    }
  };
}

function sendCsv(response: ServerResponse, csv: string, name: string, totalRows: number, truncated: boolean): void {
  response.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': attachmentHeader(name),
    'content-length': Buffer.byteLength(csv),
    'cache-control': 'no-store',
    'x-total-rows': String(totalRows),
    'x-truncated': String(truncated),
  });
  response.end(csv);
}
