import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';

/** A table that autovacuum, by its own settings, would vacuum or analyze now, and why. */
export interface TableMaintenance {
  readonly table: string;
  readonly vacuum: boolean;
  readonly analyze: boolean;
  /** `dead tuples`, `inserts`, `xid age` and/or `changes since analyze`, as autovacuum decides. */
  readonly reasons: readonly string[];
}

interface DueRow {
  readonly table: string;
  readonly dead: boolean;
  readonly inserts: boolean;
  readonly wraparound: boolean;
  readonly changed: boolean;
}

/**
 * The tables of the current schema that autovacuum would work on now: PGlite
 * runs no autovacuum (no background workers), so the embedded server asks
 * this and does the work itself. The same rules and the database's own
 * `autovacuum_*` settings as autovacuum's (per-table storage options are not
 * read): vacuum when dead tuples pass threshold + scale factor x tuples, or
 * inserts since the last vacuum pass their threshold (so that insert-only
 * tables are frozen too), or the table's oldest transaction id is older than
 * `autovacuum_freeze_max_age` (without it the database stops taking writes
 * at wraparound); analyze when the changes since the last analyze pass theirs.
 */
export async function findTablesDueForMaintenance(db: Db): Promise<TableMaintenance[]> {
  const rows = rowsOf<DueRow>(
    await db.execute(sql`
      with settings as (
        select current_setting('autovacuum_vacuum_threshold')::float8 as vt,
               current_setting('autovacuum_vacuum_scale_factor')::float8 as vsf,
               current_setting('autovacuum_vacuum_insert_threshold')::float8 as vit,
               current_setting('autovacuum_vacuum_insert_scale_factor')::float8 as visf,
               current_setting('autovacuum_analyze_threshold')::float8 as at,
               current_setting('autovacuum_analyze_scale_factor')::float8 as asf,
               current_setting('autovacuum_freeze_max_age')::float8 as fma
      )
      select s.relname as "table",
             s.n_dead_tup > vt + vsf * greatest(c.reltuples, 0) as dead,
             vit >= 0 and s.n_ins_since_vacuum > vit + visf * greatest(c.reltuples, 0) as inserts,
             age(c.relfrozenxid) > fma as wraparound,
             s.n_mod_since_analyze > at + asf * greatest(c.reltuples, 0) as changed
        from pg_stat_user_tables s
        join pg_class c on c.oid = s.relid
       cross join settings
       where s.schemaname = current_schema()
       order by s.relname`),
  );
  return rows.flatMap((row) => {
    const reasons = [
      ...(row.dead ? ['dead tuples'] : []),
      ...(row.inserts ? ['inserts'] : []),
      ...(row.wraparound ? ['xid age'] : []),
      ...(row.changed ? ['changes since analyze'] : []),
    ];
    if (reasons.length === 0) return [];
    return [
      {
        table: row.table,
        vacuum: row.dead || row.inserts || row.wraparound,
        analyze: row.changed,
        reasons,
      },
    ];
  });
}

/**
 * `VACUUM` (with `ANALYZE` when asked) or `ANALYZE` of one table. Outside any
 * transaction: PostgreSQL refuses VACUUM in one.
 */
export async function maintainTable(
  db: Db,
  table: string,
  work: { readonly vacuum: boolean; readonly analyze: boolean },
): Promise<void> {
  const name = sql.identifier(table);
  if (work.vacuum) {
    await db.execute(work.analyze ? sql`vacuum (analyze) ${name}` : sql`vacuum ${name}`);
  } else if (work.analyze) {
    await db.execute(sql`analyze ${name}`);
  }
}
