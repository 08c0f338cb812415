import { describeField, describeModelField, type ModelValueKind } from './model-fields.js';
import { problem, type SchemaProblem } from './report.js';
import type { ColumnShape, SchemaSnapshot } from './shape.js';

/** A valibot object schema, read only for its entries (one per stored field). */
export interface ObjectModel {
  readonly entries: Readonly<Record<string, unknown>>;
}

/** Which row-level model stores each table, and what is deliberately left out of the models. */
export interface RowModels {
  readonly models: Readonly<Record<string, ObjectModel>>;
  /** `table` for a whole internal table, `table.column` for one internal column. */
  readonly internal: readonly string[];
}

/**
 * Column types and the model kinds that round-trip through them. A model
 * `number` without an integer check would let 0.5 into an integer column, so
 * `number` and `integer` are not interchangeable in either direction.
 */
function acceptedKinds(columnType: string): readonly ModelValueKind[] {
  if (columnType.endsWith('[]')) return ['array'];
  if (/^(text|character varying|character|citext|uuid|name)\b/.test(columnType)) return ['string'];
  if (/^(smallint|integer|bigint)$/.test(columnType)) return ['integer', 'bigint'];
  if (/^(double precision|real)\b/.test(columnType)) return ['number'];
  // drizzle reads numeric as a decimal string, which is how exact amounts (UsdAmount) are kept.
  if (/^numeric\b/.test(columnType)) return ['number', 'string'];
  if (columnType === 'boolean') return ['boolean'];
  if (columnType === 'json' || columnType === 'jsonb') return ['json', 'array'];
  if (/^(timestamp|date|time)\b/.test(columnType)) return ['date', 'string'];
  return [];
}

/**
 * Compares the drizzle schema with the row-level models: every model field
 * has a column of a compatible type and nullability, and every column is in a
 * model or listed as internal.
 */
export function compareSchemaToModels(
  expected: SchemaSnapshot,
  rowModels: RowModels,
): SchemaProblem[] {
  const internal = new Set(rowModels.internal);
  const problems: SchemaProblem[] = [];
  for (const table of expected.tables) {
    if (internal.has(table.name)) continue;
    const model = rowModels.models[table.name];
    if (!model) {
      problems.push(
        problem(
          'missing_model',
          table.name,
          `table ${table.name} has no row model and is not listed as internal`,
        ),
      );
      continue;
    }
    for (const [field, schema] of Object.entries(model.entries)) {
      const column = table.columns.find((c) => c.name === field);
      if (column) problems.push(...compareField(table.name, column, schema));
      else
        problems.push(
          problem(
            'model_field_without_column',
            table.name,
            `model field ${table.name}.${field} has no column`,
            {
              column: field,
              actual: describeField(describeModelField(schema)),
            },
          ),
        );
    }
    for (const column of table.columns) {
      if (column.name in model.entries || internal.has(`${table.name}.${column.name}`)) continue;
      problems.push(
        problem(
          'column_without_model_field',
          table.name,
          `column ${table.name}.${column.name} is in no model field and is not listed as internal`,
          { column: column.name, expected: columnDescription(column) },
        ),
      );
    }
  }
  for (const table of Object.keys(rowModels.models)) {
    if (!expected.tables.some((t) => t.name === table)) {
      problems.push(
        problem(
          'model_without_table',
          table,
          `a row model is bound to table ${table}, which the schema lacks`,
        ),
      );
    }
  }
  return problems;
}

function compareField(table: string, column: ColumnShape, schema: unknown): SchemaProblem[] {
  const field = describeModelField(schema);
  const where = {
    column: column.name,
    expected: columnDescription(column),
    actual: describeField(field),
  };
  const problems: SchemaProblem[] = [];
  const accepted = acceptedKinds(column.type);
  if (!accepted.includes(field.kind)) {
    problems.push(
      problem(
        'type_mismatch',
        table,
        `model field ${table}.${column.name} is ${field.kind}, which a ${column.type} column does not store`,
        where,
      ),
    );
  } else if (column.enumValues && field.options) {
    const declared = [...column.enumValues].sort().join(',');
    if (declared !== [...field.options].sort().join(',')) {
      problems.push(
        problem(
          'type_mismatch',
          table,
          `model field ${table}.${column.name} allows other values than the column`,
          where,
        ),
      );
    }
  }
  if (field.nullable !== column.nullable) {
    problems.push(
      problem(
        'nullability_mismatch',
        table,
        field.nullable
          ? `model field ${table}.${column.name} allows null, the column is not null`
          : `column ${table}.${column.name} allows null, the model field does not`,
        where,
      ),
    );
  }
  return problems;
}

function columnDescription(column: ColumnShape): string {
  const type = column.enumValues ? `${column.type} (${column.enumValues.join(', ')})` : column.type;
  return `${type}${column.nullable ? ' | null' : ''}`;
}
