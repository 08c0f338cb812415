import type { Database } from '../database.js';
import { pendingMigrations } from '../migrate.js';
import { compareDatabaseToSchema } from './compare-database.js';
import { compareSchemaToModels, type RowModels } from './compare-models.js';
import { expectedSchema } from './expected.js';
import { introspectDatabase } from './introspect.js';
import { problem, type SchemaProblem, type SchemaReport, schemaReport } from './report.js';
import { rowModels } from './row-models.js';

/** Options of `checkSchema`: the models to hold the database to, and which checks to run. */
export interface CheckSchemaOptions {
  /** The row models to hold the schema to; the repository's own by default. */
  readonly models?: RowModels;
}

/**
 * Checks one database against the drizzle schema and the drizzle schema
 * against the row models; pending migrations are reported first, since they
 * usually explain the rest.
 */
export async function checkSchema(
  database: Pick<Database, 'db'>,
  options: CheckSchemaOptions = {},
): Promise<SchemaReport> {
  const expected = expectedSchema();
  const pending = await pendingMigrations(database.db);
  const actual = await introspectDatabase(database.db);
  return schemaReport([
    ...pending.map(pendingMigrationProblem),
    ...compareDatabaseToSchema(actual, expected),
    ...compareSchemaToModels(expected, options.models ?? rowModels),
  ]);
}

/** The schema-against-models half alone, for CI: it needs no database. */
export function checkModels(models: RowModels = rowModels): SchemaReport {
  return schemaReport(compareSchemaToModels(expectedSchema(), models));
}

function pendingMigrationProblem(tag: string): SchemaProblem {
  return problem(
    'pending_migration',
    'drizzle.__drizzle_migrations',
    `migration ${tag} is not applied`,
    {
      expected: tag,
      actual: 'not applied',
    },
  );
}
