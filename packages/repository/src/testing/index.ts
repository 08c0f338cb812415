// Helpers for tests of this package and the layers above it. Not for production use.

export { apiKeyRecord } from './api-keys.js';
export {
  pgliteTestDriver,
  postgresTestDriver,
  type TestDatabase,
  type TestDriver,
  testDrivers,
} from './databases.js';
export { llmRecord, mcpRecord, sessionRecord, stageRecord } from './fixtures.js';
export { generateHistory, type History, writeHistory } from './history.js';
export { churnLiveEvents, executeSql, preparedStatements } from './sql.js';
