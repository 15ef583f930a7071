import { AccessResolver } from './access.resolver.js';

/** Access control: who is calling (`viewer`) and embed tokens (`createEmbedToken`). */
export const accessResolvers = [AccessResolver] as const;
