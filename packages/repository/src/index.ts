export {
  type CheckSchemaOptions,
  checkModels,
  checkSchema,
} from './conformance/check.js';
export { compareDatabaseToSchema } from './conformance/compare-database.js';
export {
  compareSchemaToModels,
  type ObjectModel,
  type RowModels,
} from './conformance/compare-models.js';
export { expectedSchema, schemaTables } from './conformance/expected.js';
export { formatSchemaReport } from './conformance/format.js';
export { introspectDatabase } from './conformance/introspect.js';
export {
  SchemaProblem,
  SchemaProblemKind,
  SchemaReport,
  schemaProblemKinds,
} from './conformance/report.js';
export { rowModels } from './conformance/row-models.js';
export type {
  CheckShape,
  ColumnShape,
  ForeignKeyShape,
  IndexShape,
  PrimaryKeyShape,
  ReferentialAction,
  SchemaSnapshot,
  TableShape,
  UniqueShape,
} from './conformance/shape.js';
export {
  createDatabase,
  type Database,
  type DatabaseLocation,
  type DatabaseOptions,
  type Db,
  type Dialect,
  parseDatabaseUrl,
  ping,
  redactUrl,
  wrapPglite,
} from './database.js';
export {
  appliedMigrations,
  migrate,
  migrationsFolder,
  pendingMigrations,
  rollback,
} from './migrate.js';
export {
  findApiKey,
  findApiKeyByHash,
  insertApiKey,
  insertFirstApiKey,
  listApiKeys,
  revokeApiKey,
  touchApiKey,
} from './repositories/api-keys.js';
export { insertLLMInteraction, insertMCPCommunication } from './repositories/interactions.js';
export { findSession, findSessionDetail, insertSession } from './repositories/sessions.js';
export { insertStage } from './repositories/stages.js';
export { transaction } from './transaction.js';
export { isDatabaseUnavailable } from './unavailable.js';
