import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

// Sort keys of the session list. A nullable field sorts as two keys: "is it
// null" first, so that nulls come after every value ascending and before them
// descending (PostgreSQL's own order), then the value with nulls replaced.
// Neither key is null, so a keyset position is one row comparison,
// `(k1, k2, session_id) > ($1, $2, $3)`, that a btree index answers as a range
// at any depth. The indexes are declared on these expressions and the queries
// repeat them exactly.

/** `(column is null), coalesce(column, '')` for a nullable text column. */
export function nullableTextKeys(column: AnyPgColumn): [SQL, SQL] {
  return [sql`(${column} is null)`, sql`coalesce(${column}, '')`];
}

/**
 * `duration_ms` is derived (whole milliseconds from start to end), so it is
 * sorted by an expression index rather than a stored column: rows stay equal
 * to their records, the value is never stored twice, and only the index pays.
 * Integer division of a non-negative difference is the floor, as in the model.
 */
export function durationKeys(t: {
  started_at_us: AnyPgColumn;
  completed_at_us: AnyPgColumn;
}): [SQL, SQL] {
  return [
    sql`(${t.completed_at_us} is null)`,
    sql`coalesce((${t.completed_at_us} - ${t.started_at_us}) / 1000, 0)`,
  ];
}
