/**
 * Sales widgets: custom elements that show the sales graph on any page. Importing this module defines
 * <sales-config>, <sales-quota-gauge>, <sales-funnel>, <sales-team-card>, <sales-leaderboard>, <sales-metric-view>,
 * <sales-forecast> and <sales-activity-feed>; nothing else is global.
 */
export { configure, type SalesWidgetsConfig } from './config.js';
export { SalesConfigElement } from './sales-config.js';
export { SalesQuotaGauge } from './sales-quota-gauge.js';
export { SalesFunnel } from './sales-funnel.js';
export { SalesTeamCard } from './sales-team-card.js';
export { SalesMetricView } from './sales-metric-view.js';
export { SalesLeaderboard } from './sales-leaderboard.js';
export { SalesForecast } from './sales-forecast.js';
export { SalesActivityFeed } from './sales-activity-feed.js';
