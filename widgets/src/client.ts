import { ClientError, GraphQLClient } from 'graphql-request';

/** Why a widget could not show its data, in terms a reader of the page understands. */
export interface WidgetError {
  kind: 'offline' | 'forbidden' | 'not-found' | 'failed';
  message: string;
  code?: string;
}

export interface Connection {
  endpoint: string;
  token?: string;
  tokenProvider?: () => string | Promise<string>;
}

const clients = new Map<string, GraphQLClient>();

function clientFor(endpoint: string): GraphQLClient {
  let client = clients.get(endpoint);
  if (!client) {
    client = new GraphQLClient(endpoint, { method: 'POST' });
    clients.set(endpoint, client);
  }
  return client;
}

function toWidgetError(error: unknown): WidgetError {
  if (error instanceof ClientError) {
    const first = error.response.errors?.[0];
    const code = String(first?.extensions?.code ?? error.response.status);
    const kind = code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' ? 'forbidden' : code === 'NOT_FOUND' ? 'not-found' : 'failed';
    return { kind, code, message: first?.message ?? `HTTP ${error.response.status}` };
  }
  return { kind: 'offline', message: error instanceof Error ? error.message : String(error) };
}

/** Sends one operation; failures come back as a `WidgetError`. */
export async function runQuery<T>(connection: Connection, document: string, variables: Record<string, unknown>): Promise<T> {
  try {
    const token = connection.tokenProvider ? await connection.tokenProvider() : connection.token;
    return await clientFor(connection.endpoint).request<T>({
      document,
      variables,
      requestHeaders: token ? { authorization: `Bearer ${token}` } : {},
    });
  } catch (error) {
    throw toWidgetError(error);
  }
}

export function isWidgetError(value: unknown): value is WidgetError {
  return typeof value === 'object' && value !== null && 'kind' in value && 'message' in value;
}
