export {
  currentAbortSignal,
  detachedFromRequest,
  isStrayCancellation,
  withAbortSignal,
} from './cancellation.js';
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
  type ListenHandlers,
  openPglite,
  parseDatabaseUrl,
  pgliteExtensions,
  pgliteSettings,
  ping,
  redactUrl,
  wrapPglite,
} from './database.js';
export { type DatabaseErrorKind, databaseErrorKind, isTransactionAborted } from './errors.js';
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
export {
  type AuditFilters,
  insertAuditEvent,
  listAuditEvents,
  pruneAuditEvents,
} from './repositories/audit-events.js';
export {
  deleteBrowserSessionByHash,
  deleteBrowserSessionsOfApiKey,
  deleteExpiredBrowserSessions,
  findBrowserSessionByHash,
  insertBrowserSession,
  touchBrowserSession,
} from './repositories/browser-sessions.js';
export {
  type CasefileListRequest,
  type CasefileListRow,
  type CasefilePatch,
  countCasefileSessions,
  deleteCasefileNote,
  deleteCasefilePermission,
  deleteCasefileSession,
  findCasefile,
  findCasefileNote,
  findCasefileRole,
  findExistingSessionIds,
  insertCasefile,
  insertCasefileNote,
  insertCasefileSessions,
  listCasefileNotes,
  listCasefilePermissions,
  listCasefileSessions,
  listCasefiles,
  listCasefilesOfSession,
  lockCasefileOwners,
  updateCasefile,
  updateCasefileNote,
  upsertCasefilePermission,
} from './repositories/casefiles.js';
export { findSessionDetails, findSessionIdsPage } from './repositories/export-pages.js';
export { type FilterValues, findFilterValues } from './repositories/filter-options.js';
export {
  type FinalAnalysisSource,
  findFinalAnalysis,
  findLastLLMInteraction,
} from './repositories/final-analysis.js';
export {
  type AppliedEvent,
  claimEvents,
  correctClaimedEvents,
  findAppliedEventIds,
  findAppliedEventsOfSession,
  findEventDigests,
  insertAppliedEvents,
  releaseEvents,
} from './repositories/ingest-events.js';
export {
  type BulkInsertOptions,
  type InteractionKey,
  insertLLMInteraction,
  insertLLMInteractions,
  insertMCPCommunication,
  insertMCPCommunications,
} from './repositories/interactions.js';
export {
  announceLiveLog,
  appendLiveEvents,
  findLiveEventsAfter,
  findOpenTransactions,
  type LiveLogPage,
  latestLiveEventId,
  liveNotifyChannel,
  notifyTransientEvents,
  type OpenTransactions,
  pruneLiveEvents,
  readLiveLog,
  type TransientEvent,
  transientNotifications,
} from './repositories/live-events.js';
export {
  findLlmCallsToPrice,
  type LlmCallCostUpdate,
  type LlmCallKey,
  type LlmCallToPrice,
  updateLlmCallCosts,
} from './repositories/llm-costs.js';
export {
  findTablesDueForMaintenance,
  maintainTable,
  type TableMaintenance,
} from './repositories/maintenance.js';
export {
  type AppliedSpan,
  deleteTraceSpans,
  findOtelSessions,
  findOtelSessionsToClose,
  findQuietWaitingTraces,
  findTraceSpans,
  insertOtelSpans,
  lockTraces,
  markOtelSessionsClosed,
  markOtelSpansApplied,
  type OtelSessionRow,
  type OtelSpanRow,
  upsertOtelSessions,
} from './repositories/otel.js';
export {
  deletePriceOverride,
  listPriceOverrides,
  putPriceOverride,
} from './repositories/price-overrides.js';
export {
  countExpired,
  lockExpiredSessions,
  RETENTION_LOCK_KEY,
  tryRetentionLock,
} from './repositories/retention.js';
export { compactSessionCounts, countSessionsByKey } from './repositories/session-counts.js';
export {
  deleteLiveEventsOfSessions,
  deleteSessionsCascade,
} from './repositories/session-deletion.js';
export { insertImportedSessions, type SessionImport } from './repositories/session-import.js';
export {
  countSessions,
  findSessionOverviews,
  findSessionOverviewsByIds,
  findSessionPage,
  type SessionKeyset,
  type SessionPageRequest,
  type SessionSort,
} from './repositories/session-list.js';
export { findSessionStatsSource } from './repositories/session-stats.js';
export { findSessionTotals } from './repositories/session-totals.js';
export {
  findSession,
  findSessionDetail,
  findSessionStatus,
  insertSession,
  insertSessions,
  lockSessionStates,
  type SessionPatch,
  type SessionState,
  updateSession,
  updateSessions,
} from './repositories/sessions.js';
export {
  findStage,
  findStageStates,
  insertStage,
  insertStages,
  type StagePatch,
  type StageState,
  updateStage,
  updateStages,
} from './repositories/stages.js';
export { lockStaleSessions, timeOutSessions } from './repositories/stale-sessions.js';
export { findTombstones, insertTombstone, pruneTombstones } from './repositories/tombstones.js';
export {
  countStaleUsageHours,
  findUsageHours,
  rebuildStaleUsageHours,
  type UsageDimension,
  type UsageHourRow,
} from './repositories/usage.js';
export { transaction } from './transaction.js';
export { isDatabaseUnavailable } from './unavailable.js';
