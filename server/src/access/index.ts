import { AccessResolver } from './access.resolver.js';
import { EmbedTokenRecord } from './embed-token.entity.js';

/** Access control: who is calling (`viewer`) and embed tokens (`createEmbedToken`, `revokeEmbedTokens`). */
export const accessResolvers = [AccessResolver] as const;
export const accessEntities = [EmbedTokenRecord];
