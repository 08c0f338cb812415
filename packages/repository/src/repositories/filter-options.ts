import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

/** The distinct agent and alert types of the recorded sessions, for the list's filters. */
export interface FilterValues {
  readonly agent_types: string[];
  readonly alert_types: string[];
}

/**
 * The distinct values of an indexed column, in order, by a loose index scan:
 * one index probe per distinct value instead of reading every row, so the
 * cost follows the number of values, not of sessions.
 */
async function distinctValues(db: Db, column: 'agent_type' | 'alert_type'): Promise<string[]> {
  const c = sql.identifier(column);
  const rows = rowsOf<{ value: string }>(
    await db.execute(sql`
      with recursive distinct_values(value) as (
        (select ${c} from alert_sessions where ${c} is not null order by ${c} limit 1)
        union all
        select (select ${c} from alert_sessions where ${c} > d.value order by ${c} limit 1)
        from distinct_values d where d.value is not null
      )
      select value from distinct_values where value is not null`),
  );
  return rows.map((row) => row.value);
}

/** The agent types and alert types that occur in the data, each sorted. */
export async function findFilterValues(db: Db): Promise<FilterValues> {
  return {
    agent_types: await distinctValues(db, 'agent_type'),
    alert_types: await distinctValues(db, 'alert_type'),
  };
}
