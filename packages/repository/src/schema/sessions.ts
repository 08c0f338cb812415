import { type McpSelection, type PauseMetadata, sessionStatuses } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sessionSearchDocument, trigramOf } from './search.js';
import { durationKeys, nullableTextKeys } from './sort-keys.js';
import { sqlList } from './sql-list.js';
import { usd } from './usd.js';

/** One agent run (EP-0010 `alert_sessions`). `session_id` is the distribution key. */
export const alertSessions = pgTable(
  'alert_sessions',
  {
    session_id: text('session_id').primaryKey(),
    alert_id: text('alert_id').notNull(),
    alert_type: text('alert_type'),
    agent_type: text('agent_type').notNull(),
    status: text('status', { enum: sessionStatuses }).notNull(),
    started_at_us: bigint('started_at_us', { mode: 'number' }).notNull(),
    completed_at_us: bigint('completed_at_us', { mode: 'number' }),
    error_message: text('error_message'),
    final_analysis: text('final_analysis'),
    alert_data: jsonb('alert_data').$type<Record<string, unknown>>().notNull(),
    session_metadata: jsonb('session_metadata').$type<Record<string, unknown>>(),
    chain_id: text('chain_id').notNull(),
    chain_definition: jsonb('chain_definition').$type<Record<string, unknown>>().notNull(),
    current_stage_index: integer('current_stage_index'),
    current_stage_id: text('current_stage_id'),
    author: text('author'),
    final_analysis_summary: text('final_analysis_summary'),
    executive_summary_error: text('executive_summary_error'),
    pause_metadata: jsonb('pause_metadata').$type<PauseMetadata>(),
    runbook_url: text('runbook_url'),
    mcp_selection: jsonb('mcp_selection').$type<McpSelection>(),
    slack_message_fingerprint: text('slack_message_fingerprint'),
    // Kept by triggers on llm_interactions (migration 0014), in the writing transaction:
    // the list sorts and filters by cost without adding up calls.
    cost_usd: usd('cost_usd').notNull().default('0'),
    priced_llm_calls: integer('priced_llm_calls').notNull().default(0),
    unpriced_llm_calls: integer('unpriced_llm_calls').notNull().default(0),
  },
  (t) => [
    // Newest-first lists and keyset pages: (started_at_us, session_id) breaks ties.
    index('alert_sessions_started_at_idx').on(t.started_at_us, t.session_id),
    // A filter by status, agent or alert type, newest first, is one index range.
    index('alert_sessions_status_started_at_idx').on(t.status, t.started_at_us, t.session_id),
    index('alert_sessions_agent_type_idx').on(t.agent_type, t.started_at_us, t.session_id),
    index('alert_sessions_alert_type_idx').on(t.alert_type, t.started_at_us, t.session_id),
    // Every other sort field, tied on session_id, so a cursor page is an index range (sort-keys.ts).
    index('alert_sessions_status_sort_idx').on(t.status, t.session_id),
    index('alert_sessions_agent_type_sort_idx').on(t.agent_type, t.session_id),
    index('alert_sessions_alert_type_sort_idx').on(...nullableTextKeys(t.alert_type), t.session_id),
    index('alert_sessions_author_sort_idx').on(...nullableTextKeys(t.author), t.session_id),
    index('alert_sessions_duration_sort_idx').on(...durationKeys(t), t.session_id),
    index('alert_sessions_cost_sort_idx').on(t.cost_usd, t.session_id),
    // Search (search.ts): every typed word as a substring, through trigrams.
    index('alert_sessions_search_trgm_idx').using('gin', trigramOf(sessionSearchDocument(t))),
    check('alert_sessions_status_check', sql`${t.status} in ${sqlList(sessionStatuses)}`),
    check(
      'alert_sessions_completed_after_started',
      sql`${t.completed_at_us} is null or ${t.completed_at_us} >= ${t.started_at_us}`,
    ),
  ],
);
