import type { LLMInteractionRecord, MCPCommunicationRecord } from '@hindsight/models';
import type { Db } from '../database.js';
import { llmInteractions } from '../schema/llm-interactions.js';
import { mcpCommunications } from '../schema/mcp-communications.js';
import { jsonRowsOf } from './json-rows.js';

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

/** The key of an interaction or communication within its session. */
export interface InteractionKey {
  readonly session_id: string;
  readonly id: string;
}

/** How a bulk insert treats a key that is already stored. */
export interface BulkInsertOptions {
  /**
   * false (the default): the insert fails with a unique violation, and costs
   * one index probe per row. true: the row is skipped and its key returned, at
   * the price of a speculative insertion per row; for callers that just met a
   * violation and need to know which keys were taken.
   */
  readonly skipStored?: boolean;
}

/**
 * Inserts LLM interactions in bulk. Interactions are immutable: a stored one
 * is never overwritten. Returns the keys skipped as already stored (always
 * none unless `skipStored`).
 */
export async function insertLLMInteractions(
  db: Db,
  interactions: readonly LLMInteractionRecord[],
  options: BulkInsertOptions = {},
): Promise<InteractionKey[]> {
  if (interactions.length === 0) return [];
  const rows = { rows: JSON.stringify(interactions) };
  const insert = db.insert(llmInteractions).select(jsonRowsOf(llmInteractions));
  if (!options.skipStored) {
    await insert.prepare('hindsight_insert_llm_interactions').execute(rows);
    return [];
  }
  const inserted = await insert
    .onConflictDoNothing({ target: [llmInteractions.session_id, llmInteractions.interaction_id] })
    .returning({ session_id: llmInteractions.session_id, id: llmInteractions.interaction_id })
    .prepare('hindsight_insert_llm_interactions_skip_stored')
    .execute(rows);
  return missing(
    interactions.map((r) => ({ session_id: r.session_id, id: r.interaction_id })),
    inserted,
  );
}

/** As `insertLLMInteractions`, for MCP communications. */
export async function insertMCPCommunications(
  db: Db,
  communications: readonly MCPCommunicationRecord[],
  options: BulkInsertOptions = {},
): Promise<InteractionKey[]> {
  if (communications.length === 0) return [];
  const rows = { rows: JSON.stringify(communications) };
  const insert = db.insert(mcpCommunications).select(jsonRowsOf(mcpCommunications));
  if (!options.skipStored) {
    await insert.prepare('hindsight_insert_mcp_communications').execute(rows);
    return [];
  }
  const inserted = await insert
    .onConflictDoNothing({
      target: [mcpCommunications.session_id, mcpCommunications.communication_id],
    })
    .returning({ session_id: mcpCommunications.session_id, id: mcpCommunications.communication_id })
    .prepare('hindsight_insert_mcp_communications_skip_stored')
    .execute(rows);
  return missing(
    communications.map((r) => ({ session_id: r.session_id, id: r.communication_id })),
    inserted,
  );
}

function missing(
  wanted: readonly InteractionKey[],
  inserted: readonly InteractionKey[],
): InteractionKey[] {
  if (inserted.length === wanted.length) return [];
  const keyOf = (k: InteractionKey) => JSON.stringify([k.session_id, k.id]);
  const done = new Set(inserted.map(keyOf));
  return wanted.filter((k) => !done.has(keyOf(k)));
}
