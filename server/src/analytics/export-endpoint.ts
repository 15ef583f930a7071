import type { ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { AccessPolicy } from '../access/policy.js';
import type { ViewerResolver } from '../access/viewer.js';
import { badInput, DomainError } from '../errors.js';
import { readJsonObject } from '../http/body.js';
import { refuseMethod, sendDomainError } from '../http/respond.js';
import type { RouteHandler } from '../http/server.js';
import { parseId } from '../ids.js';
import { MetricLanguage } from './catalogue.js';
import { attachmentHeader, metricsCsv } from './csv.js';
import { runMetrics } from './metrics.service.js';
import { parseMetricsQuery, type MetricsQuery } from './query.js';
import { requireVisibleView } from './saved-view.service.js';

const MAX_BODY = 16_384;

function languageOf(value: unknown): MetricLanguage {
  if (value === undefined || value === null) return MetricLanguage.EN;
  if (value !== MetricLanguage.EN && value !== MetricLanguage.RU)
    throw badInput('language', 'enum', `"${String(value)}" is not one of EN, RU`);
  return value;
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
      return refuseMethod(response, 'GET, POST', 'Use GET with viewId or POST a JSON metrics query', scope.requestId);
    }
    let body: Record<string, unknown> | null = null;
    if (request.method === 'POST') {
      body = await readJsonObject(request, response, MAX_BODY, scope.requestId);
      if (!body) return;
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
      const result = await runMetrics(
        em,
        query,
        await access.recordScope(),
        languageOf(body ? body.language : (params.get('language') ?? undefined)),
      );
      sendCsv(response, metricsCsv(result), name, result.totalRows, result.truncated);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      sendDomainError(response, error, scope.requestId);
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
