import { communicationTypes } from '@hindsight/models';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { mcpSearchDocument, trigramOf } from './search.js';
import { alertSessions } from './sessions.js';
import { sqlList } from './sql-list.js';
import { stageExecutions } from './stages.js';

/** One finished MCP tool list or tool call (EP-0010 `mcp_communications`). */
export const mcpCommunications = pgTable(
  'mcp_communications',
  {
    session_id: text('session_id').notNull(),
    communication_id: text('communication_id').notNull(),
    stage_execution_id: text('stage_execution_id'),
    timestamp_us: bigint('timestamp_us', { mode: 'number' }).notNull(),
    duration_ms: bigint('duration_ms', { mode: 'number' }),
    step_description: text('step_description'),
    server_name: text('server_name').notNull(),
    tool_name: text('tool_name'),
    communication_type: text('communication_type', { enum: communicationTypes }).notNull(),
    parameters: jsonb('parameters').$type<Record<string, unknown>>(),
    result: jsonb('result').$type<Record<string, unknown>>(),
    available_tools: jsonb('available_tools').$type<Record<string, unknown>>(),
    success: boolean('success').notNull(),
    error_message: text('error_message'),
  },
  (t) => [
    primaryKey({ name: 'mcp_communications_pk', columns: [t.session_id, t.communication_id] }),
    foreignKey({
      name: 'mcp_communications_session_fk',
      columns: [t.session_id],
      foreignColumns: [alertSessions.session_id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'mcp_communications_stage_fk',
      columns: [t.session_id, t.stage_execution_id],
      foreignColumns: [stageExecutions.session_id, stageExecutions.execution_id],
    }).onDelete('cascade'),
    index('mcp_communications_session_timestamp_idx').on(t.session_id, t.timestamp_us),
    // Search (search.ts): every typed word as a substring, through trigrams.
    index('mcp_communications_search_trgm_idx').using('gin', trigramOf(mcpSearchDocument(t))),
    check(
      'mcp_communications_type_check',
      sql`${t.communication_type} in ${sqlList(communicationTypes)}`,
    ),
    check(
      'mcp_communications_tool_call_names_tool',
      sql`${t.communication_type} <> 'tool_call' or ${t.tool_name} is not null`,
    ),
  ],
);
