import {
  type LLMMessage,
  llmInteractionTypes,
  type NativeToolsConfig,
  unpricedReasons,
} from '@hindsight/models';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { llmSearchDocument, trigramOf } from './search.js';
import { alertSessions } from './sessions.js';
import { sqlList } from './sql-list.js';
import { stageExecutions } from './stages.js';
import { usd } from './usd.js';

/** One finished LLM call (EP-0010 `llm_interactions`). */
export const llmInteractions = pgTable(
  'llm_interactions',
  {
    session_id: text('session_id').notNull(),
    interaction_id: text('interaction_id').notNull(),
    stage_execution_id: text('stage_execution_id'),
    timestamp_us: bigint('timestamp_us', { mode: 'number' }).notNull(),
    duration_ms: bigint('duration_ms', { mode: 'number' }),
    step_description: text('step_description'),
    model_name: text('model_name').notNull(),
    provider: text('provider'),
    temperature: doublePrecision('temperature'),
    messages: jsonb('messages').$type<LLMMessage[]>().notNull(),
    tool_calls: jsonb('tool_calls'),
    tool_results: jsonb('tool_results'),
    input_tokens: integer('input_tokens'),
    output_tokens: integer('output_tokens'),
    total_tokens: integer('total_tokens'),
    success: boolean('success').notNull(),
    error_message: text('error_message'),
    interaction_type: text('interaction_type', { enum: llmInteractionTypes })
      .notNull()
      .default('investigation'),
    thinking_content: text('thinking_content'),
    response_metadata: jsonb('response_metadata').$type<Record<string, unknown>>(),
    native_tools_config: jsonb('native_tools_config').$type<NativeToolsConfig>(),
    mcp_event_id: text('mcp_event_id'),
    // Parts of input_tokens (cache) and output_tokens (reasoning), never added to them.
    cache_read_tokens: integer('cache_read_tokens'),
    cache_creation_tokens: integer('cache_creation_tokens'),
    reasoning_tokens: integer('reasoning_tokens'),
    // Cost at write time (usd.ts: 12 decimals, never a float). The total is the sum of the parts.
    cost_usd: usd('cost_usd'),
    input_cost_usd: usd('input_cost_usd'),
    cache_read_cost_usd: usd('cache_read_cost_usd'),
    cache_creation_cost_usd: usd('cache_creation_cost_usd'),
    output_cost_usd: usd('output_cost_usd'),
    price_source: text('price_source'),
    priced_provider: text('priced_provider'),
    priced_model: text('priced_model'),
    /** Why the call has no cost; both null: written before pricing existed (reprice fills it). */
    unpriced_reason: text('unpriced_reason', { enum: unpricedReasons }),
  },
  (t) => [
    primaryKey({ name: 'llm_interactions_pk', columns: [t.session_id, t.interaction_id] }),
    foreignKey({
      name: 'llm_interactions_session_fk',
      columns: [t.session_id],
      foreignColumns: [alertSessions.session_id],
    }).onDelete('cascade'),
    // A null stage_execution_id (a session-level interaction) is not checked (MATCH SIMPLE).
    foreignKey({
      name: 'llm_interactions_stage_fk',
      columns: [t.session_id, t.stage_execution_id],
      foreignColumns: [stageExecutions.session_id, stageExecutions.execution_id],
    }).onDelete('cascade'),
    index('llm_interactions_session_timestamp_idx').on(t.session_id, t.timestamp_us),
    // The usage rollup rebuilds one hour of calls at a time.
    index('llm_interactions_timestamp_idx').on(t.timestamp_us),
    // Search (search.ts): every typed word as a substring, through trigrams.
    index('llm_interactions_search_trgm_idx').using('gin', trigramOf(llmSearchDocument(t))),
    check(
      'llm_interactions_unpriced_reason_check',
      sql`${t.unpriced_reason} in ${sqlList(unpricedReasons)}`,
    ),
    check(
      'llm_interactions_cost_or_reason',
      sql`${t.cost_usd} is null or ${t.unpriced_reason} is null`,
    ),
    check(
      'llm_interactions_interaction_type_check',
      sql`${t.interaction_type} in ${sqlList(llmInteractionTypes)}`,
    ),
  ],
);
