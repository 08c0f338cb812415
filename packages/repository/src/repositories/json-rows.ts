import { type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';

/**
 * The rows bound to the placeholder `rows`, one JSON array expanded by
 * `jsonb_populate_recordset`, as the source of an `INSERT ... SELECT`. One
 * bind parameter per statement instead of one per value: it spares the client
 * most of the work of building and sending a multi-row INSERT (the ingest
 * profile showed it dominating), and the statement text never changes, so it
 * is prepared once per connection. Row keys are column names, as the schema's
 * TypeScript keys are; JSON null is SQL NULL.
 */
export function jsonRowsOf(table: PgTable): SQL {
  return sql`select * from jsonb_populate_recordset(null::${table}, ${sql.placeholder('rows')}::jsonb)`;
}

/**
 * The array of the ids in a JSON array (an SQL expression for `= any(...)`).
 * Not `in (select jsonb_array_elements_text(...))`: the planner takes a set
 * function for 100 rows and, below a few hundred thousand rows, joins it to
 * the table by a sequential scan (4 ms at 33,000 stages, growing with the
 * table); `= any(array)` is an index scan whatever the size.
 */
function jsonIdArray(ids: SQL): SQL {
  return sql`array(select jsonb_array_elements_text(${ids}::jsonb))`;
}

/** `any(...)` of these ids, bound as one JSON parameter: `column = ${anyOfIds(ids)}`. */
export function anyOfIds(ids: readonly string[]): SQL {
  return sql`any(${jsonIdArray(sql`${JSON.stringify(ids)}`)})`;
}

/**
 * `column IN (values)`, the values bound later through the placeholder `name`
 * as one JSON array: the statement text is the same whatever the number of
 * values, so PostgreSQL parses and plans it once per connection (a list of a
 * hundred ids cost more to plan than to run).
 */
export function inJsonPlaceholder(column: PgColumn, name: string): SQL {
  return sql`${column} = any(${jsonIdArray(sql`${sql.placeholder(name)}`)})`;
}
