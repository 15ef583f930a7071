import type { EntityManager } from '@mikro-orm/postgresql';
import type { EmbedTokens } from '../access/embed-tokens.js';
import type { AccessPolicy } from '../access/policy.js';
import type { Viewer } from '../access/viewer.js';
import type { Logger } from '../logger.js';
import type { LoaderCache } from './loaders.js';

/** What every resolver receives for one request. */
export interface Context {
  requestId: string;
  log: Logger;
  /** A fresh unit of work for this request; mutations open a transaction from it. */
  em: EntityManager;
  viewer: Viewer;
  access: AccessPolicy;
  loaders: LoaderCache;
  limits: { maxPageSize: number };
  /** Issues embed tokens (access/embed-tokens.ts). */
  embedTokens: EmbedTokens;
}
