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
export { insertLLMInteraction, insertMCPCommunication } from './repositories/interactions.js';
export { findSession, findSessionDetail, insertSession } from './repositories/sessions.js';
export { insertStage } from './repositories/stages.js';
export { transaction } from './transaction.js';
