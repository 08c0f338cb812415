import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

// The text that search reads, one expression per table. Indexes are declared on
// these expressions and queries repeat them exactly, so PostgreSQL matches the
// two: both are built here and nowhere else.
//
// `hindsight_json_strings(jsonb)` (migration 0002) joins a document's string
// values with newlines; it is IMMUTABLE, as an index expression must be.

/** Index entries are bounded: text past this many characters is not searched. */
export const searchDocumentMaxChars = 100_000;

function bounded(text: SQL): SQL {
  return sql`left(${text}, ${sql.raw(String(searchDocumentMaxChars))})`;
}

/** A session's alert type, agent type, error, final analysis and the strings of its alert data and metadata. */
export function sessionSearchDocument(t: {
  alert_type: AnyPgColumn;
  agent_type: AnyPgColumn;
  error_message: AnyPgColumn;
  final_analysis: AnyPgColumn;
  alert_data: AnyPgColumn;
  session_metadata: AnyPgColumn;
}): SQL {
  return bounded(
    sql`coalesce(${t.alert_type}, '') || chr(10) || ${t.agent_type} || chr(10) || coalesce(${t.error_message}, '') || chr(10) || coalesce(${t.final_analysis}, '') || chr(10) || coalesce(hindsight_json_strings(${t.alert_data}), '') || chr(10) || coalesce(hindsight_json_strings(${t.session_metadata}), '')`,
  );
}

/**
 * The content of an LLM call's messages, system prompts left out: they repeat
 * in every call of an agent and would make every session match their words.
 */
export function llmSearchDocument(t: { messages: AnyPgColumn }): SQL {
  return bounded(
    sql`coalesce(hindsight_json_strings(jsonb_path_query_array(${t.messages}, '$[*] ? (@.role != "system").content')), '')`,
  );
}

/** The strings of an MCP call's result. */
export function mcpSearchDocument(t: { result: AnyPgColumn }): SQL {
  return bounded(sql`coalesce(hindsight_json_strings(${t.result}), '')`);
}

/** The trigram operator class: every typed word is found as a substring (ILIKE) through it. */
export function trigramOf(document: SQL): SQL {
  return sql`${document} gin_trgm_ops`;
}
