import { type SQL, sql } from 'drizzle-orm';

/**
 * A parenthesised list of string literals, for CHECK constraints. Constraints
 * are DDL, so the values are inlined rather than bound as parameters.
 */
export function sqlList(values: readonly string[]): SQL {
  return sql.raw(`(${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')})`);
}
