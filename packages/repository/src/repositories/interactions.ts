import type { LLMInteractionRecord, MCPCommunicationRecord } from '@hindsight/models';
import type { Db } from '../database.js';
import { llmInteractions } from '../schema/llm-interactions.js';
import { mcpCommunications } from '../schema/mcp-communications.js';

/** Inserts an LLM interaction; returns false when it already exists. */
export async function insertLLMInteraction(
  db: Db,
  interaction: LLMInteractionRecord,
): Promise<boolean> {
  const inserted = await db
    .insert(llmInteractions)
    .values(interaction)
    .onConflictDoNothing({ target: [llmInteractions.session_id, llmInteractions.interaction_id] })
    .returning({ id: llmInteractions.interaction_id });
  return inserted.length === 1;
}

/** Inserts an MCP communication; returns false when it already exists. */
export async function insertMCPCommunication(
  db: Db,
  communication: MCPCommunicationRecord,
): Promise<boolean> {
  const inserted = await db
    .insert(mcpCommunications)
    .values(communication)
    .onConflictDoNothing({
      target: [mcpCommunications.session_id, mcpCommunications.communication_id],
    })
    .returning({ id: mcpCommunications.communication_id });
  return inserted.length === 1;
}
