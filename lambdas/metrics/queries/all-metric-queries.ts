import type { PortableQueryText } from '../sql-dialect-lint.js';
import { ATTRIBUTION_SQL } from './attribution.sql.js';
import { DEAL_OUTCOMES_SQL } from './deal-outcomes.sql.js';
import { SPEND_DAILY_SQL } from './spend-daily.sql.js';
import { STAGE_DAILY_SQL } from './stage-daily.sql.js';
import { STAGE_TRANSITIONS_SQL } from './stage-transitions.sql.js';
import { WEB_SESSIONS_DAILY_SQL } from './web-sessions-daily.sql.js';

/** Every metric query's text, for the portability lint. */
export const ALL_METRIC_QUERIES: readonly PortableQueryText[] = [
  { name: 'stage_daily', sql: STAGE_DAILY_SQL },
  { name: 'attribution', sql: ATTRIBUTION_SQL },
  { name: 'spend_daily', sql: SPEND_DAILY_SQL },
  { name: 'web_sessions_daily', sql: WEB_SESSIONS_DAILY_SQL },
  { name: 'stage_transitions', sql: STAGE_TRANSITIONS_SQL },
  { name: 'deal_outcomes', sql: DEAL_OUTCOMES_SQL },
];
