import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { llmInteractions } from '../schema/llm-interactions.js';
import { mcpCommunications } from '../schema/mcp-communications.js';
import {
  llmSearchDocument,
  mcpSearchDocument,
  searchConfig,
  searchVector,
  sessionSearchDocument,
} from '../schema/search.js';
import { alertSessions } from '../schema/sessions.js';

/** `text` as a literal inside a LIKE pattern: `%`, `_` and the escape character lose their meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function matchingSessionIds(
  table: PgTable,
  sessionId: AnyPgColumn,
  document: SQL,
  pattern: string,
  query: SQL,
): SQL {
  // Each arm is answered by one of the table's two GIN indexes (a BitmapOr).
  return sql`select ${sessionId} from ${table} where ${document} ilike ${pattern} or ${searchVector(document)} @@ ${query}`;
}

/**
 * Sessions that match `search`: a case-insensitive substring (trigram indexes,
 * so identifiers such as `checkout-api-7f9c6d` match in part) or a web-style
 * full-text query (`websearch_to_tsquery`: words in any order, "quoted phrases",
 * -exclusions, English stemming) over the session's own text, the messages of
 * its LLM calls and the results of its MCP calls.
 */
export function sessionSearchCondition(search: string): SQL {
  const pattern = `%${escapeLike(search)}%`;
  const query = sql`websearch_to_tsquery(${searchConfig}, ${search})`;
  const sessions = matchingSessionIds(
    alertSessions,
    alertSessions.session_id,
    sessionSearchDocument(alertSessions),
    pattern,
    query,
  );
  const llm = matchingSessionIds(
    llmInteractions,
    llmInteractions.session_id,
    llmSearchDocument(llmInteractions),
    pattern,
    query,
  );
  const mcp = matchingSessionIds(
    mcpCommunications,
    mcpCommunications.session_id,
    mcpSearchDocument(mcpCommunications),
    pattern,
    query,
  );
  return sql`${alertSessions.session_id} in (${sessions} union ${llm} union ${mcp})`;
}
