import { Column, getTableName, is, SQL } from 'drizzle-orm';
import { getTableConfig, IndexedColumn, type PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../schema/index.js';
import {
  type CheckShape,
  type ColumnShape,
  type ForeignKeyShape,
  type IndexShape,
  normaliseSqlType,
  type PrimaryKeyShape,
  type SchemaSnapshot,
  type TableShape,
  type UniqueShape,
} from './shape.js';

/** Every table of the drizzle schema (the relations beside them are not tables). */
export const schemaTables: readonly PgTable[] = Object.values<unknown>(schema).filter(
  (value): value is PgTable => is(value, PgTable),
);

/** The schema the drizzle tables describe, in the shape `introspectDatabase` reads. */
export function expectedSchema(tables: readonly PgTable[] = schemaTables): SchemaSnapshot {
  return {
    tables: tables.map(tableShape).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

function tableShape(table: PgTable): TableShape {
  const config = getTableConfig(table);
  const primaryKey = primaryKeyShape(config.columns, config.primaryKeys[0]);
  return {
    name: config.name,
    columns: config.columns.map(columnShape),
    ...(primaryKey ? { primaryKey } : {}),
    foreignKeys: config.foreignKeys.map((foreignKey): ForeignKeyShape => {
      const reference = foreignKey.reference();
      return {
        name: foreignKey.getName(),
        columns: reference.columns.map((column) => column.name),
        foreignTable: getTableName(reference.foreignTable),
        foreignColumns: reference.foreignColumns.map((column) => column.name),
        onDelete: foreignKey.onDelete ?? 'no action',
        onUpdate: foreignKey.onUpdate ?? 'no action',
      };
    }),
    uniques: [
      ...config.columns
        .filter((column) => column.isUnique)
        .map(
          (column): UniqueShape => ({
            name: column.uniqueName ?? `${config.name}_${column.name}_unique`,
            columns: [column.name],
          }),
        ),
      ...config.uniqueConstraints.map(
        (unique): UniqueShape => ({
          name:
            unique.getName() ??
            `${config.name}_${unique.columns.map((c) => c.name).join('_')}_unique`,
          columns: unique.columns.map((column) => column.name),
        }),
      ),
    ],
    checks: config.checks.map(
      (check): CheckShape => ({ name: check.name, columns: columnsIn(check.value) }),
    ),
    indexes: config.indexes.map(({ config: index }): IndexShape => {
      const columns = index.columns.map((column) =>
        is(column, IndexedColumn) && column.name !== undefined ? column.name : '(expression)',
      );
      return {
        // drizzle-kit names an unnamed index this way when it generates the migration.
        name: index.name ?? `${config.name}_${columns.join('_')}_index`,
        columns,
        unique: index.unique,
        method: index.method ?? 'btree',
      };
    }),
  };
}

function columnShape(column: PgColumn): ColumnShape {
  const type = column.getSQLType();
  const enumValues = column.enumValues;
  return {
    name: column.name,
    type: normaliseSqlType(type),
    nullable: !column.notNull,
    // `$defaultFn` values are filled in by drizzle, not the database: only SQL-level defaults count.
    hasDefault:
      column.default !== undefined ||
      column.generatedIdentity !== undefined ||
      /serial/i.test(type),
    ...(enumValues && enumValues.length > 0 ? { enumValues: [...enumValues] } : {}),
  };
}

/** A table-level key, or else the column marked `.primaryKey()`. */
function primaryKeyShape(
  columns: readonly PgColumn[],
  key: { readonly name?: string; readonly columns: readonly Column[] } | undefined,
): PrimaryKeyShape | undefined {
  if (key) {
    return {
      ...(key.name === undefined ? {} : { name: key.name }),
      columns: key.columns.map((column) => column.name),
    };
  }
  const marked = columns.filter((column) => column.primary).map((column) => column.name);
  return marked.length > 0 ? { columns: marked } : undefined;
}

/** The columns a check's SQL refers to, in order of first use. */
function columnsIn(expression: SQL): string[] {
  const names: string[] = [];
  const visit = (chunk: unknown): void => {
    if (is(chunk, Column)) {
      if (!names.includes(chunk.name)) names.push(chunk.name);
    } else if (is(chunk, SQL)) {
      for (const inner of chunk.queryChunks) visit(inner);
    }
  };
  visit(expression);
  return names;
}
