/** Statements sent while `fn` runs are cancelled when `signal` aborts (request timeout, client gone). */
export { withAbortSignal } from '@hindsight/repository';
export {
  type ApiKeyCheck,
  authenticateApiKey,
  type BootstrapResult,
  createApiKey,
  ensureBootstrapApiKey,
  ensureFirstApiKey,
  listApiKeys,
  RevokeApiKeyInput,
  revokeApiKey,
} from './api-keys/api-keys.js';
export { apiKeyPrefix, generateApiKey, hashApiKey } from './api-keys/secrets.js';
export { listAudit, listAuditOperation } from './audit/list-audit-events.js';
export { pruneAudit, pruneAuditOperation } from './audit/prune-audit-events.js';
export {
  authenticateBrowserSession,
  type BrowserSessionCheck,
  type BrowserSessionPolicy,
  defaultBrowserSessionPolicy,
  type SignedIn,
  signIn,
  signOut,
} from './browser-sessions/browser-sessions.js';
export { CircuitBreaker, type CircuitBreakerOptions } from './circuit-breaker.js';
export { nowOf, type ServiceContext, withTransaction } from './context.js';
export {
  type CallToPrice,
  catalogueSource,
  costColumnsOf,
  fromUsd,
  overrideInForce,
  PriceBook,
  type PriceBookOptions,
  type PricedCall,
  type PriceResult,
  priceLlmCall,
  toUsd,
  type UnpricedReason,
} from './cost/index.js';
export { type DemoSession, demoSessions } from './demo/demo-sessions.js';
export { type SeedResult, seedDemoSessions } from './demo/seed-demo-sessions.js';
export {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  GoneError,
  NotFoundError,
  NotVisibleError,
  PayloadTooLargeError,
  parseInput,
  problemsOf,
  ServiceError,
  type ServiceErrorCode,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from './errors.js';
export {
  type CursorSecrets,
  generateCursorSecrets,
  openCursor,
  signCursor,
} from './history/cursor-signing.js';
export {
  GetFinalAnalysisInput,
  GetSessionSummaryInput,
  getFilterOptions,
  getFinalAnalysis,
  getSessionSummary,
  listActiveSessions,
  listSessions,
  maxActiveSessions,
  timeRangeOptions,
} from './history/index.js';
export { accessHook, casefileRoleOf, checkScope } from './hub/access.js';
export { auditHook, summarizeInput } from './hub/audit.js';
export type { CommitStep, Hook, HookCall } from './hub/hook.js';
export {
  type BoundVerb,
  createOperationHub,
  type HubOf,
  type HubOptions,
  type InputOf,
  type OperationNameOf,
  type OutputOf,
  type ServicesOf,
  standardHooks,
  unavailableHook,
  validationHook,
} from './hub/hub.js';
export {
  type AnyOperation,
  type Caller,
  type CasefileAccess,
  type Operation,
  type OperationScope,
  operation,
} from './hub/operation.js';
export {
  defaultIngestLimits,
  derivedEventId,
  type IngestBatchDeps,
  type IngestLimits,
  ingestBatch,
  ingestErrorOf,
  nowUs,
  RecordEventInput,
  recordEvent,
  truncateContent,
  truncationMarker,
} from './ingest/index.js';
export { deleteSessionOperation } from './lifecycle/delete-session.js';
export {
  ExportOverviewPage,
  exportDetailsOperation,
  exportOverviewsOperation,
} from './lifecycle/export-sessions.js';
export { importSessionsOperation, rowsOfDetailedSessions } from './lifecycle/import-sessions.js';
export {
  publishLifecycleEvents,
  sessionDeletedEvents,
  sessionTimedOutEvents,
} from './lifecycle/live-events.js';
export { runRetentionOperation } from './lifecycle/retention.js';
export { sweepStaleOperation, timedOutMessage } from './lifecycle/sweep-stale.js';
export {
  checkChannelAccess,
  controlEvent,
  type DerivedLiveEvents,
  defaultCatchUpLimit,
  deriveLiveEvents,
  LiveAnnouncer,
  LiveCatchUpInput,
  type LiveDelivery,
  LiveFeed,
  type LiveFeedObserver,
  type LiveFeedOptions,
  type LiveListener,
  publishLiveEvents,
  sessionEvents,
} from './live/index.js';
export {
  MaintainDatabaseResult,
  maintainDatabase,
} from './maintenance/maintain-database.js';
export {
  type CloseOtelSessionsResult,
  closeOtelSessions,
  defaultOtelOptions,
  ingestTraces,
  type OtelOptions,
  type TraceIngestCounts,
} from './otel/index.js';
export { checkReadiness } from './readiness.js';
export {
  type CancellationOptions,
  type CancellationWatch,
  SessionCancelRequestedError,
} from './recorder/cancellation.js';
export {
  createRecorder,
  errorMessageOf,
  type LLMCall,
  type LLMCallResult,
  type MCPCall,
  type MCPCallResult,
  type Recorder,
  type RecorderOptions,
  type RecordingFailure,
  type RecordOutcome,
  type Timed,
  timed,
} from './recorder/recorder.js';
export {
  assertSchemaMigrated,
  SchemaNotMigratedError,
} from './recorder/schema-check.js';
export {
  createHub,
  type Hub,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  type Operations,
  operations,
  type ServiceOptions,
  type Services,
} from './services.js';
export {
  GetSessionDetailInput,
  getSessionDetail,
} from './sessions/get-session-detail.js';
export {
  bucketStart,
  bucketValue,
  defaultUsageRangeUs,
  percentiles,
  refreshUsage,
  summarizeUsage,
  usageRefreshBatch,
  wholeBuckets,
} from './usage/index.js';
