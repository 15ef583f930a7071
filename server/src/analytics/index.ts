import { MetricsResolver } from './metrics.resolver.js';
import { SavedView } from './saved-view.entity.js';
import { SavedViewResolver } from './saved-view.resolver.js';

/** Analyst views: the typed metrics query, saved views (docs/analytics.md). */
export const analyticsEntities = [SavedView];
export const analyticsResolvers = [MetricsResolver, SavedViewResolver] as const;
