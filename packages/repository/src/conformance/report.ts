import * as v from 'valibot';

/**
 * Every kind of drift the checker reports. The first group compares the live
 * database with the drizzle schema, the second the drizzle schema with the
 * row-level models.
 */
export const schemaProblemKinds = [
  'pending_migration',
  'missing_table',
  'unexpected_table',
  'missing_column',
  'unexpected_column',
  'type_mismatch',
  'nullability_mismatch',
  'default_mismatch',
  'missing_index',
  'unexpected_index',
  'index_mismatch',
  'missing_constraint',
  'unexpected_constraint',
  'constraint_mismatch',
  'missing_model',
  'model_without_table',
  'model_field_without_column',
  'column_without_model_field',
] as const;
/** What kind of difference between the database and the schema or the models a problem reports. */
export const SchemaProblemKind = v.picklist(schemaProblemKinds);
export type SchemaProblemKind = v.InferOutput<typeof SchemaProblemKind>;

/** One disagreement, named down to the table, column and constraint or index. */
export const SchemaProblem = v.object({
  kind: SchemaProblemKind,
  table: v.string(),
  /** The column, or the columns of an index or constraint joined with ", ". */
  column: v.exactOptional(v.string()),
  /** The index or constraint, when the problem is about one. */
  constraint: v.exactOptional(v.string()),
  /** What the source of truth says: the drizzle schema (or, for migrations, the journal). */
  expected: v.exactOptional(v.string()),
  /** What was found: in the database, or in the model. */
  actual: v.exactOptional(v.string()),
  message: v.string(),
});
export type SchemaProblem = v.InferOutput<typeof SchemaProblem>;

/** The checker's answer; plain JSON, so `check-schema --json` prints it as it is. */
export const SchemaReport = v.object({
  ok: v.boolean(),
  problems: v.array(SchemaProblem),
});
export type SchemaReport = v.InferOutput<typeof SchemaReport>;

export function schemaReport(problems: readonly SchemaProblem[]): SchemaReport {
  return { ok: problems.length === 0, problems: [...problems] };
}

/** Builds a problem, leaving out the fields that are not given (the report stays JSON-clean). */
export function problem(
  kind: SchemaProblemKind,
  table: string,
  message: string,
  details: {
    column?: string | undefined;
    constraint?: string | undefined;
    expected?: string | undefined;
    actual?: string | undefined;
  } = {},
): SchemaProblem {
  const { column, constraint, expected, actual } = details;
  return {
    kind,
    table,
    ...(column === undefined ? {} : { column }),
    ...(constraint === undefined ? {} : { constraint }),
    ...(expected === undefined ? {} : { expected }),
    ...(actual === undefined ? {} : { actual }),
    message,
  };
}
