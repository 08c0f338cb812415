import { getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../database.js';

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

/** Patches that change the same columns: one prepared UPDATE applies them all. */
interface PatchGroup {
  /** The columns' TypeScript keys, sorted: they name the group's statement. */
  readonly keys: readonly string[];
  /** Each patch with the key columns of its row, as `jsonb_populate_recordset` reads them. */
  readonly rows: readonly Record<string, unknown>[];
}

/**
 * Groups patches by the columns they set (undefined fields set nothing;
 * empty patches are dropped), keeping the order given within each group.
 */
function groupByPatchedColumns(patches: Iterable<RowPatch>): PatchGroup[] {
  const groups = new Map<string, { keys: string[]; rows: Record<string, unknown>[] }>();
  for (const [key, patch] of patches) {
    const keys = Object.keys(patch)
      .filter((name) => patch[name] !== undefined)
      .sort();
    if (keys.length === 0) continue;
    const signature = keys.join(',');
    const group = groups.get(signature) ?? { keys, rows: [] };
    group.rows.push({ ...patch, ...key });
    groups.set(signature, group);
  }
  return [...groups.values()];
}

/** The SET clause of a group's UPDATE: each patched column from the recordset row `p`. */
function assignmentsFromRecordset(table: PgTable, keys: readonly string[]): Record<string, SQL> {
  const columns: Record<string, PgColumn> = getTableColumns(table);
  return Object.fromEntries(
    keys.map((key) => {
      const column = columns[key];
      if (column === undefined) throw new Error(`not a column of the table: ${key}`);
      return [key, sql`${sql.identifier('p')}.${sql.identifier(column.name)}`];
    }),
  );
}

/** A patch of one row: the key columns that name the row, and the columns it sets. */
export type RowPatch = readonly [key: Record<string, unknown>, patch: Record<string, unknown>];

/**
 * Applies many patches of `table`'s rows: one UPDATE per set of patched
 * columns (a handful in all), its rows bound as one JSON array and joined on
 * `keyColumns`, so that a batch that ends two hundred rows costs one
 * statement, not two hundred. Each is prepared (named `statement` and its
 * columns): postgres.js sends an unprepared statement with a Describe first
 * and holds back everything queued behind it until the answer. A patch that
 * names no row, or sets nothing, changes nothing. Give the patches in key
 * order, so that concurrent writers lock rows in the same order.
 */
export async function updateFromPatches(
  db: Db,
  table: PgTable,
  keyColumns: readonly PgColumn[],
  patches: Iterable<RowPatch>,
  statement: string,
): Promise<void> {
  const matchesKey = sql.join(
    keyColumns.map(
      (column) => sql`${column} = ${sql.identifier('p')}.${sql.identifier(column.name)}`,
    ),
    sql` and `,
  );
  await Promise.all(
    groupByPatchedColumns(patches).map(({ keys, rows }) =>
      db
        .update(table)
        .set(assignmentsFromRecordset(table, keys))
        .from(sql`jsonb_populate_recordset(null::${table}, ${sql.placeholder('rows')}::jsonb) as p`)
        .where(matchesKey)
        .prepare(`${statement}_${keys.join('_')}`)
        .execute({ rows: JSON.stringify(rows) }),
    ),
  );
}
