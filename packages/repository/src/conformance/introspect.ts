import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { rowsOf } from '../migrate.js';
import {
  type CheckShape,
  type ColumnShape,
  type ForeignKeyShape,
  type IndexShape,
  normaliseSqlType,
  type PrimaryKeyShape,
  type ReferentialAction,
  type SchemaSnapshot,
  type TableShape,
  type UniqueShape,
} from './shape.js';

// Lists of names come back as JSON text: both drivers return text the same
// way, whereas array and json parsing differ between postgres.js and PGlite.

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  sql_type: string;
  is_nullable: string;
  column_default: string | null;
}

interface ConstraintRow {
  table_name: string;
  name: string;
  type: 'p' | 'f' | 'u' | 'c';
  columns: string;
  foreign_table: string | null;
  foreign_columns: string;
  on_delete: string;
  on_update: string;
  definition: string;
}

interface IndexRow {
  table_name: string;
  name: string;
  is_unique: boolean;
  method: string;
  columns: string;
}

/** The `pg_constraint.confdeltype` / `confupdtype` codes. */
const referentialActions: Readonly<Record<string, ReferentialAction>> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/**
 * Reads the `public` schema of a live database: tables, columns, keys,
 * constraints and indexes. Works on PGlite and PostgreSQL alike.
 */
export async function introspectDatabase(db: Db): Promise<SchemaSnapshot> {
  const tableRows = rowsOf<{ table_name: string }>(
    await db.execute(sql`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
      order by table_name`),
  );
  const columnRows = rowsOf<ColumnRow>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable, c.column_default,
        format_type(a.atttypid, a.atttypmod) as sql_type
      from information_schema.columns c
      join pg_catalog.pg_namespace n on n.nspname = c.table_schema
      join pg_catalog.pg_class t on t.relnamespace = n.oid and t.relname = c.table_name
      join pg_catalog.pg_attribute a on a.attrelid = t.oid and a.attname = c.column_name
      where c.table_schema = 'public'
      order by c.table_name, c.ordinal_position`),
  );
  const constraintRows = rowsOf<ConstraintRow>(
    await db.execute(sql`
      select t.relname as table_name, con.conname as name, con.contype::text as type,
        coalesce((select json_agg(a.attname order by k.ord)
          from unnest(con.conkey) with ordinality k(attnum, ord)
          join pg_catalog.pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
        )::text, '[]') as columns,
        ft.relname as foreign_table,
        coalesce((select json_agg(a.attname order by k.ord)
          from unnest(con.confkey) with ordinality k(attnum, ord)
          join pg_catalog.pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
        )::text, '[]') as foreign_columns,
        con.confdeltype::text as on_delete, con.confupdtype::text as on_update,
        pg_get_constraintdef(con.oid, true) as definition
      from pg_catalog.pg_constraint con
      join pg_catalog.pg_class t on t.oid = con.conrelid
      join pg_catalog.pg_namespace n on n.oid = t.relnamespace
      left join pg_catalog.pg_class ft on ft.oid = con.confrelid
      where n.nspname = 'public' and con.contype in ('p', 'f', 'u', 'c')
      order by t.relname, con.conname`),
  );
  // Indexes that back a primary key or unique constraint are reported as those constraints.
  const indexRows = rowsOf<IndexRow>(
    await db.execute(sql`
      select t.relname as table_name, ic.relname as name, i.indisunique as is_unique,
        am.amname as method,
        (select json_agg(pg_get_indexdef(i.indexrelid, k, true) order by k)
          from generate_series(1, i.indnkeyatts) k)::text as columns
      from pg_catalog.pg_index i
      join pg_catalog.pg_class ic on ic.oid = i.indexrelid
      join pg_catalog.pg_class t on t.oid = i.indrelid
      join pg_catalog.pg_namespace n on n.oid = t.relnamespace
      join pg_catalog.pg_am am on am.oid = ic.relam
      where n.nspname = 'public'
        and not exists (
          select 1 from pg_catalog.pg_constraint con
          where con.conindid = i.indexrelid and con.conrelid = i.indrelid
            and con.contype in ('p', 'u', 'x'))
      order by t.relname, ic.relname`),
  );

  const tables: TableShape[] = tableRows.map(({ table_name: table }) => {
    const constraints = constraintRows.filter((row) => row.table_name === table);
    const primaryRow = constraints.find((row) => row.type === 'p');
    const primaryKey: PrimaryKeyShape | undefined = primaryRow && {
      name: primaryRow.name,
      columns: nameList(primaryRow.columns),
    };
    return {
      name: table,
      columns: columnRows.filter((row) => row.table_name === table).map(toColumn),
      ...(primaryKey ? { primaryKey } : {}),
      foreignKeys: constraints.filter((row) => row.type === 'f').map(toForeignKey),
      uniques: constraints.filter((row) => row.type === 'u').map(toUnique),
      checks: constraints.filter((row) => row.type === 'c').map(toCheck),
      indexes: indexRows.filter((row) => row.table_name === table).map(toIndex),
    };
  });
  return { tables };
}

function toColumn(row: ColumnRow): ColumnShape {
  return {
    name: row.column_name,
    type: normaliseSqlType(row.sql_type),
    nullable: row.is_nullable === 'YES',
    hasDefault: row.column_default !== null,
    ...(row.column_default === null ? {} : { default: row.column_default }),
    dataType: row.data_type,
    udtName: row.udt_name,
  };
}

function toForeignKey(row: ConstraintRow): ForeignKeyShape {
  return {
    name: row.name,
    columns: nameList(row.columns),
    foreignTable: row.foreign_table ?? '',
    foreignColumns: nameList(row.foreign_columns),
    onDelete: referentialActions[row.on_delete] ?? 'no action',
    onUpdate: referentialActions[row.on_update] ?? 'no action',
  };
}

function toUnique(row: ConstraintRow): UniqueShape {
  return { name: row.name, columns: nameList(row.columns) };
}

function toCheck(row: ConstraintRow): CheckShape {
  return { name: row.name, columns: nameList(row.columns), definition: row.definition };
}

function toIndex(row: IndexRow): IndexShape {
  return {
    name: row.name,
    columns: nameList(row.columns),
    unique: row.is_unique,
    method: row.method,
  };
}

/** A JSON array of names; `pg_get_indexdef` quotes names that need it, which we undo. */
function nameList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((name): name is string => typeof name === 'string')
    .map((name) => (/^"[^"]*"$/.test(name) ? name.slice(1, -1) : name));
}
