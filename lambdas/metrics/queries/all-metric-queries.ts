import type { PortableQueryText } from '../sql-dialect-lint.js';
import { ATTRIBUTION_SQL } from './attribution.sql.js';
import { CHANNEL_DAILY_SQL } from './channel-daily.sql.js';
import { DEAL_OUTCOMES_SQL } from './deal-outcomes.sql.js';
import { REASONS_DAILY_SQL } from './reasons-daily.sql.js';
import { SPEND_DAILY_SQL } from './spend-daily.sql.js';
import { STAGE_DAILY_SQL } from './stage-daily.sql.js';
import { STAGE_TRANSITIONS_SQL } from './stage-transitions.sql.js';
import { WEB_SESSIONS_DAILY_SQL } from './web-sessions-daily.sql.js';

/** Every metric query's text, for the portability lint. */
export const ALL_METRIC_QUERIES: readonly PortableQueryText[] = [
  { name: 'stage_daily', sql: STAGE_DAILY_SQL },
  { name: 'attribution', sql: ATTRIBUTION_SQL },
  { name: 'reasons_daily', sql: REASONS_DAILY_SQL },
  { name: 'channel_daily', sql: CHANNEL_DAILY_SQL },
  { name: 'spend_daily', sql: SPEND_DAILY_SQL },
  { name: 'web_sessions_daily', sql: WEB_SESSIONS_DAILY_SQL },
  { name: 'stage_transitions', sql: STAGE_TRANSITIONS_SQL },
  { name: 'deal_outcomes', sql: DEAL_OUTCOMES_SQL },
];
