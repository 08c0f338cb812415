import { problem, type SchemaProblem, type SchemaProblemKind } from './report.js';
import type {
  ColumnShape,
  ForeignKeyShape,
  IndexShape,
  SchemaSnapshot,
  TableShape,
  UniqueShape,
} from './shape.js';

/**
 * Compares a live database (`actual`) with the drizzle schema (`expected`),
 * table by table and column by column. Indexes and constraints are matched by
 * name, as drizzle-kit names them in the migrations it generates.
 */
export function compareDatabaseToSchema(
  actual: SchemaSnapshot,
  expected: SchemaSnapshot,
): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const want of expected.tables) {
    const found = actual.tables.find((table) => table.name === want.name);
    if (found) problems.push(...compareTable(found, want));
    else problems.push(problem('missing_table', want.name, `table ${want.name} does not exist`));
  }
  for (const found of actual.tables) {
    if (!expected.tables.some((table) => table.name === found.name)) {
      problems.push(
        problem('unexpected_table', found.name, `table ${found.name} is not in the drizzle schema`),
      );
    }
  }
  return problems;
}

function compareTable(actual: TableShape, expected: TableShape): SchemaProblem[] {
  const table = expected.name;
  return [
    ...compareColumns(actual, expected),
    ...comparePrimaryKey(actual, expected),
    ...compareNamed(table, 'foreign key', actual.foreignKeys, expected.foreignKeys, {
      describe: describeForeignKey,
    }),
    ...compareNamed(table, 'unique constraint', actual.uniques, expected.uniques, {
      describe: describeUnique,
    }),
    // PostgreSQL rewrites a check's expression, so checks are compared by name only.
    ...compareNamed(table, 'check', actual.checks, expected.checks, { describe: () => 'check' }),
    ...compareNamed(table, 'index', actual.indexes, expected.indexes, {
      describe: describeIndex,
      kinds: indexKinds,
    }),
  ];
}

function compareColumns(actual: TableShape, expected: TableShape): SchemaProblem[] {
  const table = expected.name;
  const problems: SchemaProblem[] = [];
  for (const want of expected.columns) {
    const column = want.name;
    const found = actual.columns.find((c) => c.name === column);
    if (!found) {
      problems.push(
        problem('missing_column', table, `column ${table}.${column} does not exist`, {
          column,
          expected: describeColumn(want),
        }),
      );
      continue;
    }
    if (found.type !== want.type) {
      problems.push(
        problem(
          'type_mismatch',
          table,
          `column ${table}.${column} is ${found.type}, not ${want.type}`,
          {
            column,
            expected: want.type,
            actual: found.type,
          },
        ),
      );
    }
    if (found.nullable !== want.nullable) {
      problems.push(
        problem(
          'nullability_mismatch',
          table,
          `column ${table}.${column} is ${nullability(found)}, the schema says ${nullability(want)}`,
          { column, expected: nullability(want), actual: nullability(found) },
        ),
      );
    }
    // Only presence is compared: PostgreSQL prints a default in its own words ('x'::text).
    if (found.hasDefault !== want.hasDefault) {
      const describe = (c: ColumnShape) =>
        c.hasDefault ? (c.default ?? 'a default') : 'no default';
      problems.push(
        problem(
          'default_mismatch',
          table,
          `column ${table}.${column} has ${describe(found)}, the schema says ${describe(want)}`,
          {
            column,
            expected: describe(want),
            actual: describe(found),
          },
        ),
      );
    }
  }
  for (const found of actual.columns) {
    if (!expected.columns.some((c) => c.name === found.name)) {
      problems.push(
        problem(
          'unexpected_column',
          table,
          `column ${table}.${found.name} is not in the drizzle schema`,
          {
            column: found.name,
            actual: describeColumn(found),
          },
        ),
      );
    }
  }
  return problems;
}

function comparePrimaryKey(actual: TableShape, expected: TableShape): SchemaProblem[] {
  const table = expected.name;
  const want = expected.primaryKey;
  const found = actual.primaryKey;
  // Names are not compared: a column-level `.primaryKey()` leaves the name to PostgreSQL.
  if (want && !found) {
    return [
      problem('missing_constraint', table, `table ${table} has no primary key`, {
        column: want.columns.join(', '),
        constraint: want.name ?? `${table}_pkey`,
        expected: `primary key (${want.columns.join(', ')})`,
      }),
    ];
  }
  if (!want && found) {
    return [
      problem(
        'unexpected_constraint',
        table,
        `table ${table} has a primary key the schema does not declare`,
        {
          column: found.columns.join(', '),
          ...(found.name === undefined ? {} : { constraint: found.name }),
          actual: `primary key (${found.columns.join(', ')})`,
        },
      ),
    ];
  }
  if (want && found && found.columns.join(',') !== want.columns.join(',')) {
    return [
      problem('constraint_mismatch', table, `the primary key of ${table} is on other columns`, {
        column: want.columns.join(', '),
        ...(found.name === undefined ? {} : { constraint: found.name }),
        expected: `primary key (${want.columns.join(', ')})`,
        actual: `primary key (${found.columns.join(', ')})`,
      }),
    ];
  }
  return [];
}

interface Named {
  readonly name: string;
  readonly columns: readonly string[];
}

interface DriftKinds {
  readonly missing: SchemaProblemKind;
  readonly mismatch: SchemaProblemKind;
  readonly unexpected: SchemaProblemKind;
}

const constraintKinds: DriftKinds = {
  missing: 'missing_constraint',
  mismatch: 'constraint_mismatch',
  unexpected: 'unexpected_constraint',
};

const indexKinds: DriftKinds = {
  missing: 'missing_index',
  mismatch: 'index_mismatch',
  unexpected: 'unexpected_index',
};

/** Matches constraints or indexes by name; `describe` is what must be equal. */
function compareNamed<T extends Named>(
  table: string,
  what: string,
  actual: readonly T[],
  expected: readonly T[],
  options: { readonly describe: (named: T) => string; readonly kinds?: DriftKinds },
): SchemaProblem[] {
  const { describe, kinds = constraintKinds } = options;
  const problems: SchemaProblem[] = [];
  for (const want of expected) {
    const found = actual.find((c) => c.name === want.name);
    const where = { column: want.columns.join(', '), constraint: want.name };
    if (!found) {
      const message = `${what} ${want.name} on ${table} does not exist`;
      problems.push(problem(kinds.missing, table, message, { ...where, expected: describe(want) }));
    } else if (describe(found) !== describe(want)) {
      const message = `${what} ${want.name} on ${table} differs from the schema`;
      problems.push(
        problem(kinds.mismatch, table, message, {
          ...where,
          expected: describe(want),
          actual: describe(found),
        }),
      );
    }
  }
  for (const found of actual) {
    if (expected.some((c) => c.name === found.name)) continue;
    const message = `${what} ${found.name} on ${table} is not in the drizzle schema`;
    problems.push(
      problem(kinds.unexpected, table, message, {
        column: found.columns.join(', '),
        constraint: found.name,
        actual: describe(found),
      }),
    );
  }
  return problems;
}

function nullability(column: ColumnShape): string {
  return column.nullable ? 'null' : 'not null';
}

function describeColumn(column: ColumnShape): string {
  return `${column.type} ${nullability(column)}`;
}

function describeForeignKey(key: ForeignKeyShape): string {
  const onUpdate = key.onUpdate === 'no action' ? '' : ` on update ${key.onUpdate}`;
  return `(${key.columns.join(', ')}) references ${key.foreignTable}(${key.foreignColumns.join(', ')}) on delete ${key.onDelete}${onUpdate}`;
}

function describeUnique(unique: UniqueShape): string {
  return `unique (${unique.columns.join(', ')})`;
}

/**
 * An indexed expression is compared by its position only: drizzle holds it as
 * SQL fragments and PostgreSQL returns its own rewriting of it, and no text
 * normalisation makes the two reliably equal. Plain columns are compared by name.
 */
function indexKey(column: string): string {
  return /^[a-z_][a-z0-9_$]*$/i.test(column) ? column : '(expression)';
}

function describeIndex(index: IndexShape): string {
  return `${index.unique ? 'unique ' : ''}${index.method} (${index.columns.map(indexKey).join(', ')})`;
}
