import { relations } from 'drizzle-orm';
import { llmInteractions } from './llm-interactions.js';
import { mcpCommunications } from './mcp-communications.js';
import { alertSessions } from './sessions.js';
import { stageExecutions } from './stages.js';

export const alertSessionsRelations = relations(alertSessions, ({ many }) => ({
  stages: many(stageExecutions),
  llmInteractions: many(llmInteractions),
  mcpCommunications: many(mcpCommunications),
}));

export const stageExecutionsRelations = relations(stageExecutions, ({ one }) => ({
  session: one(alertSessions, {
    fields: [stageExecutions.session_id],
    references: [alertSessions.session_id],
  }),
}));
