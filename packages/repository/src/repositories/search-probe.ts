import { searchTerms } from '@hindsight/models';
import { and, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import { alertSessions } from '../schema/sessions.js';
import {
  patternOf,
  searchedTables,
  sessionSearchCondition,
  shortTermCondition,
  trigramLength,
} from './session-search.js';

// A trigram index finds the rows that may hold a term, but each one is then
// rechecked by computing its search document (JSON paths over the messages):
// a term found in 50,000 LLM calls costs 50,000 of those, even when the other
// term of the query names one pod. So the indexed terms are probed one at a
// time, longest first (a longer term has more trigrams, so usually fewer
// rows), reading at most `narrowRows + 1` rows per table: the first term that
// stays within `narrowRows` in every table is narrow, and its probe is already
// its complete set of sessions. The query then reads those sessions by primary
// key (no scan of alert_sessions) and checks every other term on them only,
// through each child table's session_id index. When every term is broad, the
// query is the one sessionSearchCondition writes, as before.

/** A term found in more rows than this in one table is broad (see above). */
export const narrowRows = 100;

interface ProbeRow {
  readonly arm: number;
  readonly session_id: string;
}

/** The sessions holding `term`, when it is narrow; undefined when it is broad. */
async function probe(db: Db, term: string): Promise<string[] | undefined> {
  const arms = searchedTables.map(
    ({ table, sessionId, document }, a) =>
      sql`(select ${a}::int as arm, ${sessionId} as session_id from ${table}
        where ${document} ilike ${patternOf(term)} limit ${narrowRows + 1})`,
  );
  const rows = rowsOf<ProbeRow>(
    await db.execute(sql`select arm, session_id from (${sql.join(arms, sql` union all `)}) probe`),
  );
  const perArm = searchedTables.map((_, a) => rows.filter((r) => Number(r.arm) === a).length);
  if (perArm.some((n) => n > narrowRows)) return undefined;
  return [...new Set(rows.map((r) => r.session_id))];
}

/**
 * The condition that selects the sessions holding every term of `search`, as
 * `sessionSearchCondition` does, written after probing its terms (see above).
 */
export async function probedSearchCondition(db: Db, search: string): Promise<SQL | undefined> {
  const terms = searchTerms(search);
  const indexed = terms
    .filter((t) => t.length >= trigramLength)
    .sort((a, b) => b.length - a.length);
  for (const term of indexed) {
    const ids = await probe(db, term);
    if (ids === undefined) continue;
    if (ids.length === 0) return sql`false`;
    const rest = terms.filter((other) => other !== term).map(shortTermCondition);
    return and(inArray(alertSessions.session_id, ids), ...rest);
  }
  return sessionSearchCondition(search);
}
