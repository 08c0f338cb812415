import { type ChatUserMessage, parallelTypes, stageStatuses } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { alertSessions } from './sessions.js';
import { sqlList } from './sql-list.js';

/**
 * One execution of a chain stage (EP-0010 `stage_executions`). The key leads
 * with `session_id` so that the table can be distributed by session.
 */
export const stageExecutions = pgTable(
  'stage_executions',
  {
    session_id: text('session_id').notNull(),
    execution_id: text('execution_id').notNull(),
    stage_id: text('stage_id').notNull(),
    stage_index: integer('stage_index').notNull(),
    stage_name: text('stage_name').notNull(),
    agent: text('agent').notNull(),
    status: text('status', { enum: stageStatuses }).notNull(),
    started_at_us: bigint('started_at_us', { mode: 'number' }),
    completed_at_us: bigint('completed_at_us', { mode: 'number' }),
    duration_ms: bigint('duration_ms', { mode: 'number' }),
    stage_output: jsonb('stage_output').$type<Record<string, unknown>>(),
    error_message: text('error_message'),
    iteration_strategy: text('iteration_strategy'),
    parallel_type: text('parallel_type', { enum: parallelTypes }).notNull().default('single'),
    parallel_index: integer('parallel_index').notNull().default(0),
    parent_stage_execution_id: text('parent_stage_execution_id'),
    chat_id: text('chat_id'),
    chat_user_message_id: text('chat_user_message_id'),
    chat_user_message: jsonb('chat_user_message').$type<ChatUserMessage>(),
  },
  (t) => [
    primaryKey({ name: 'stage_executions_pk', columns: [t.session_id, t.execution_id] }),
    foreignKey({
      name: 'stage_executions_session_fk',
      columns: [t.session_id],
      foreignColumns: [alertSessions.session_id],
    }).onDelete('cascade'),
    index('stage_executions_session_stage_index_idx').on(t.session_id, t.stage_index),
    index('stage_executions_agent_idx').on(t.agent),
    // Ingest finds a stage by its id alone, to tell "missing" from "of another session".
    index('stage_executions_execution_id_idx').on(t.execution_id),
    check('stage_executions_status_check', sql`${t.status} in ${sqlList(stageStatuses)}`),
    check(
      'stage_executions_parallel_type_check',
      sql`${t.parallel_type} in ${sqlList(parallelTypes)}`,
    ),
    check(
      'stage_executions_completed_after_started',
      sql`${t.completed_at_us} is null or ${t.started_at_us} is null or ${t.completed_at_us} >= ${t.started_at_us}`,
    ),
  ],
);
