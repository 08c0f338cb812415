/**
 * One description of a schema that both the live database and the drizzle
 * tables are turned into, so that the two can be compared field by field.
 * Plain data only: a snapshot can be printed or sent as JSON.
 */

export interface ColumnShape {
  readonly name: string;
  /** The SQL type, normalised by `normaliseSqlType` (`integer`, `character varying(255)`). */
  readonly type: string;
  readonly nullable: boolean;
  /** Whether the database fills the column when an insert leaves it out. */
  readonly hasDefault: boolean;
  /** The default expression as the database prints it (introspected only). */
  readonly default?: string;
  /** `information_schema.columns.data_type` and `udt_name` (introspected only). */
  readonly dataType?: string;
  readonly udtName?: string;
  /** The values a drizzle `text(..., { enum })` column declares (drizzle only). */
  readonly enumValues?: readonly string[];
}

/** A table's primary key: its columns in order. */
export interface PrimaryKeyShape {
  readonly name?: string;
  readonly columns: readonly string[];
}

/**
 * What a foreign key does to the referencing rows when the referenced row is deleted or updated.
 */
export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

/** A foreign key: its columns, the table and columns it references, and its actions. */
export interface ForeignKeyShape {
  readonly name: string;
  readonly columns: readonly string[];
  readonly foreignTable: string;
  readonly foreignColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
}

/** A unique constraint and its columns. */
export interface UniqueShape {
  readonly name: string;
  readonly columns: readonly string[];
}

/** A check constraint and the columns it reads. */
export interface CheckShape {
  readonly name: string;
  /** The columns the check reads. */
  readonly columns: readonly string[];
  /** `pg_get_constraintdef` (introspected only): PostgreSQL rewrites the expression, so it is shown, not compared. */
  readonly definition?: string;
}

/** An index: its columns or expressions, whether unique, its method and predicate. */
export interface IndexShape {
  readonly name: string;
  /** Column names, or the expression text for an expression column. */
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly method: string;
}

/**
 * One table as the schema defines it or the database holds it: columns, keys, constraints,
 * indexes.
 */
export interface TableShape {
  readonly name: string;
  readonly columns: readonly ColumnShape[];
  readonly primaryKey?: PrimaryKeyShape;
  readonly foreignKeys: readonly ForeignKeyShape[];
  readonly uniques: readonly UniqueShape[];
  readonly checks: readonly CheckShape[];
  /** Indexes created on their own, not those that back a primary key or unique constraint. */
  readonly indexes: readonly IndexShape[];
}

/**
 * Every table of a schema, in a form that two schemas compare in (the code's and a live
 * database's).
 */
export interface SchemaSnapshot {
  /** Sorted by name. */
  readonly tables: readonly TableShape[];
}

/** Spellings that drizzle (and people) use for types PostgreSQL prints differently. */
const typeAliases: Readonly<Record<string, string>> = {
  int: 'integer',
  int4: 'integer',
  serial: 'integer',
  serial4: 'integer',
  int2: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  float8: 'double precision',
  float4: 'real',
  bool: 'boolean',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character',
  bpchar: 'character',
  timestamptz: 'timestamp with time zone',
  timetz: 'time with time zone',
};

/**
 * Brings a type name from `getSQLType()` or `format_type()` to one spelling:
 * `varchar(255)` and `character varying(255)`, `timestamp (3)` and
 * `timestamp(3) without time zone`, `numeric(10, 2)` and `numeric(10,2)` compare equal.
 */
export function normaliseSqlType(raw: string): string {
  let type = raw.trim().toLowerCase().replaceAll('"', '').replace(/\s+/g, ' ');
  let arraySuffix = '';
  while (type.endsWith('[]')) {
    arraySuffix += '[]';
    type = type.slice(0, -2).trim();
  }
  type = type
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\)/g, ')');
  const match = /^([a-z_][a-z0-9_ ]*?)(\([0-9,]+\))?( with(?:out)? time zone)?$/.exec(type);
  if (!match) return type + arraySuffix;
  const [, base = type, modifier = '', zone = ''] = match;
  const name = typeAliases[base] ?? base;
  if (name === 'timestamp' || name === 'time') {
    return `${name}${modifier}${zone || ' without time zone'}${arraySuffix}`;
  }
  return `${name}${modifier}${zone}${arraySuffix}`;
}
