import { searchTerms } from '@hindsight/models';
import { and, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { llmInteractions } from '../schema/llm-interactions.js';
import { mcpCommunications } from '../schema/mcp-communications.js';
import { llmSearchDocument, mcpSearchDocument, sessionSearchDocument } from '../schema/search.js';
import { alertSessions } from '../schema/sessions.js';

/** `text` as a literal inside a LIKE pattern: `%`, `_` and the escape character lose their meaning. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** pg_trgm indexes a pattern by its trigrams: a shorter term has none to look up. */
export const trigramLength = 3;

/** The ILIKE pattern that finds `term` as a substring. */
export function patternOf(term: string): string {
  return `%${escapeLike(term)}%`;
}

/** A table search reads: its session id column and its search document. */
export interface SearchedTable {
  readonly table: PgTable;
  readonly sessionId: AnyPgColumn;
  readonly document: SQL;
}

/** The tables search reads, the session's own first. */
export const searchedTables: readonly SearchedTable[] = [
  {
    table: alertSessions,
    sessionId: alertSessions.session_id,
    document: sessionSearchDocument(alertSessions),
  },
  {
    table: llmInteractions,
    sessionId: llmInteractions.session_id,
    document: llmSearchDocument(llmInteractions),
  },
  {
    table: mcpCommunications,
    sessionId: mcpCommunications.session_id,
    document: mcpSearchDocument(mcpCommunications),
  },
];

/**
 * The sessions holding a term of three characters or more: one GIN (trigram)
 * index lookup per table, the ids unioned. The document expressions are those
 * the indexes are built on (schema/search.ts), so the planner matches them.
 */
function indexedTermCondition(term: string): SQL {
  const pattern = patternOf(term);
  const arms = searchedTables.map(
    ({ table, sessionId, document }) =>
      sql`select ${sessionId} from ${table} where ${document} ilike ${pattern}`,
  );
  return sql`${alertSessions.session_id} in (${sql.join(arms, sql` union `)})`;
}

/**
 * A term checked for each session the other terms let through, by the
 * (session_id, ...) index of each child table: how a term too short for
 * trigrams is found, and a broad term beside a narrow one (search-probe.ts).
 */
export function shortTermCondition(term: string): SQL {
  const pattern = patternOf(term);
  const [own, ...children] = searchedTables;
  const arms = children.map(
    ({ table, sessionId, document }) =>
      sql`exists (select 1 from ${table} where ${sessionId} = ${alertSessions.session_id} and ${document} ilike ${pattern})`,
  );
  return sql`(${own?.document} ilike ${pattern} or ${sql.join(arms, sql` or `)})`;
}

/**
 * Sessions that hold every term of `search` (see `searchTerms`: words and
 * "quoted phrases", any letter case, as substrings; no stemming, no stop
 * words) in their own text, the messages of their LLM calls (system prompts
 * left out) or the results of their MCP calls. A term may be found in one
 * place and the next term in another.
 */
export function sessionSearchCondition(search: string): SQL | undefined {
  const terms = searchTerms(search);
  // The indexed terms first: they narrow the sessions the short ones are checked on.
  const long = terms.filter((t) => t.length >= trigramLength).map(indexedTermCondition);
  const short = terms.filter((t) => t.length < trigramLength).map(shortTermCondition);
  return and(...long, ...short);
}

/**
 * How relevant a session is to `search`: the number of its terms found in the
 * session's own text (alert, error, analysis, metadata), which says more
 * than a word met somewhere in a long conversation. Every listed session
 * holds every term somewhere (the filter), so this orders, never filters.
 */
export function sessionRelevance(search: string): SQL<number> {
  const terms = searchTerms(search);
  const document = sessionSearchDocument(alertSessions);
  if (terms.length === 0) return sql<number>`0`;
  const scores = terms.map((term) => sql`(${document} ilike ${patternOf(term)})::int`);
  return sql<number>`(${sql.join(scores, sql` + `)})`;
}
