import type { LLMMessage } from '@hindsight/models';
import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { llmSearchDocument, searchVector, trigramOf } from './search.js';
import { alertSessions } from './sessions.js';
import { stageExecutions } from './stages.js';

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
    // Search (search.ts): words (full text) and substrings such as pod names (trigrams).
    index('llm_interactions_search_fts_idx').using('gin', searchVector(llmSearchDocument(t))),
    index('llm_interactions_search_trgm_idx').using('gin', trigramOf(llmSearchDocument(t))),
  ],
);
