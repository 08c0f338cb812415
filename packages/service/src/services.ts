import type { Db } from '@hindsight/repository';
import { ping } from '@hindsight/repository';
import {
  authenticateApiKeyOperation,
  createApiKeyOperation,
  ensureBootstrapApiKeyOperation,
  ensureFirstApiKeyOperation,
  listApiKeysOperation,
  revokeApiKeyOperation,
} from './api-keys/api-keys.js';
import { listAuditOperation } from './audit/list-audit-events.js';
import { pruneAuditOperation } from './audit/prune-audit-events.js';
import {
  authenticateBrowserSessionOperation,
  type BrowserSessionPolicy,
  signInOperation,
  signOutOperation,
} from './browser-sessions/browser-sessions.js';
import {
  addCasefileNoteOperation,
  deleteCasefileNoteOperation,
  editCasefileNoteOperation,
} from './casefiles/casefile-notes.js';
import {
  checkCasefilePermissionOperation,
  grantCasefileRoleOperation,
  listCasefilePermissionsOperation,
  revokeCasefileRoleOperation,
} from './casefiles/casefile-permissions.js';
import {
  addCasefileSessionsOperation,
  removeCasefileSessionOperation,
} from './casefiles/casefile-sessions.js';
import { createCasefileOperation } from './casefiles/create-casefile.js';
import { deleteCasefileOperation, restoreCasefileOperation } from './casefiles/delete-casefile.js';
import { getCasefileOperation } from './casefiles/get-casefile.js';
import {
  listCasefilesOperation,
  listSessionCasefilesOperation,
} from './casefiles/list-casefiles.js';
import { updateCasefileOperation } from './casefiles/update-casefile.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ServiceContext } from './context.js';
import {
  cancelSessionOperation,
  cancelStageOperation,
  resumeSessionOperation,
} from './control/session-actions.js';
import type { PriceBook } from './cost/price-book.js';
import {
  deletePriceOperation,
  listPricesOperation,
  putPriceOperation,
} from './cost/price-overrides.js';
import { repriceOperation } from './cost/reprice.js';
import { seedDemoSessionsOperation } from './demo/seed-demo-sessions.js';
import { type CursorSecrets, generateCursorSecrets } from './history/cursor-signing.js';
import { getFilterOptionsOperation } from './history/get-filter-options.js';
import { getFinalAnalysisOperation } from './history/get-final-analysis.js';
import { getSessionSummaryOperation } from './history/get-session-summary.js';
import { listActiveSessionsOperation } from './history/list-active-sessions.js';
import { listSessionsOperation } from './history/list-sessions.js';
import type { Hook } from './hub/hook.js';
import {
  circuitBreakerHook,
  createOperationHub,
  type HubOf,
  type InputOf,
  type OperationNameOf,
  type OutputOf,
  type ServicesOf,
} from './hub/hub.js';
import { ingestBatchOperation } from './ingest/ingest-batch.js';
import type { IngestLimits } from './ingest/limits.js';
import { recordEventOperation } from './ingest/record-event.js';
import { deleteSessionOperation } from './lifecycle/delete-session.js';
import { exportDetailsOperation, exportOverviewsOperation } from './lifecycle/export-sessions.js';
import { importSessionsOperation } from './lifecycle/import-sessions.js';
import { runRetentionOperation } from './lifecycle/retention.js';
import { sweepStaleOperation } from './lifecycle/sweep-stale.js';
import { LiveAnnouncer } from './live/announcer.js';
import {
  liveCatchUpOperation,
  liveConnectOperation,
  liveSubscribeOperation,
  pruneLiveEventsOperation,
} from './live/live-operations.js';
import { maintainDatabaseOperation } from './maintenance/maintain-database.js';
import { closeOtelSessionsOperation } from './otel/close-sessions.js';
import { ingestTracesOperation } from './otel/ingest-traces.js';
import type { OtelOptions } from './otel/options.js';
import { checkReadinessOperation } from './readiness.js';
import { getSessionDetailOperation } from './sessions/get-session-detail.js';
import { refreshUsageOperation } from './usage/refresh-usage.js';
import { summarizeUsageOperation } from './usage/summarize-usage.js';

// Every operation is in one of these lists, joined below under a written type: one inferred
// tuple of every operation is longer than tsc will write into a declaration file (TS7056).
const coreOperations = [
  getSessionDetailOperation,
  listSessionsOperation,
  getSessionSummaryOperation,
  listActiveSessionsOperation,
  getFilterOptionsOperation,
  getFinalAnalysisOperation,
  cancelSessionOperation,
  resumeSessionOperation,
  cancelStageOperation,
  checkReadinessOperation,
  seedDemoSessionsOperation,
  ingestBatchOperation,
  recordEventOperation,
  ingestTracesOperation,
  closeOtelSessionsOperation,
] as const;

const accessOperations = [
  createApiKeyOperation,
  listApiKeysOperation,
  revokeApiKeyOperation,
  authenticateApiKeyOperation,
  signInOperation,
  authenticateBrowserSessionOperation,
  signOutOperation,
  ensureBootstrapApiKeyOperation,
  ensureFirstApiKeyOperation,
  listAuditOperation,
  pruneAuditOperation,
  createCasefileOperation,
  getCasefileOperation,
  updateCasefileOperation,
  deleteCasefileOperation,
  restoreCasefileOperation,
  listCasefilesOperation,
  listSessionCasefilesOperation,
  addCasefileSessionsOperation,
  removeCasefileSessionOperation,
  addCasefileNoteOperation,
  editCasefileNoteOperation,
  deleteCasefileNoteOperation,
  grantCasefileRoleOperation,
  revokeCasefileRoleOperation,
  listCasefilePermissionsOperation,
  checkCasefilePermissionOperation,
] as const;

const lifecycleOperations = [
  liveConnectOperation,
  liveSubscribeOperation,
  liveCatchUpOperation,
  pruneLiveEventsOperation,
  deleteSessionOperation,
  sweepStaleOperation,
  runRetentionOperation,
  exportDetailsOperation,
  exportOverviewsOperation,
  importSessionsOperation,
  summarizeUsageOperation,
  refreshUsageOperation,
  maintainDatabaseOperation,
] as const;

const priceOperations = [
  listPricesOperation,
  putPriceOperation,
  deletePriceOperation,
  repriceOperation,
] as const;

/**
 * Every operation of the service: the one list the hub dispatches from and the
 * `Services` type is derived from.
 *
 * To add an operation: write the verb (`verb({ ctx, input, caller })`) and,
 * beside it, its declaration with `operation({ name: 'group.verb', input,
 * output, scope, audit, run })`; add it to one of the lists above. It is then `hub.call('group.verb',
 * input, caller)` and `services.group.verb(input)`, validated, access-checked,
 * audited when `audit` is true, and counted by the metrics hook. A route calls it
 * through `services(c)`, the CLI through a hub bound to a system principal.
 */
export const operations: readonly [
  ...typeof coreOperations,
  ...typeof accessOperations,
  ...typeof lifecycleOperations,
  ...typeof priceOperations,
] = [...coreOperations, ...accessOperations, ...lifecycleOperations, ...priceOperations];

/** The type of the operation registry, the one list every service verb is declared in. */
export type Operations = typeof operations;
/** The name of a service operation, e.g. `sessions.get`. */
export type OperationName = OperationNameOf<Operations>;
/** The input of the operation named `N`, as a caller writes it. */
export type OperationInput<N extends OperationName> = InputOf<Operations, N>;
/** The output of the operation named `N`. */
export type OperationOutput<N extends OperationName> = OutputOf<Operations, N>;
/** The hub of the service's operations. */
export type Hub = HubOf<Operations>;
/** Every operation bound to one caller: `services.casefiles.create(input)`. */
export type Services = ServicesOf<Operations>;

/** What the composition root configures beside the database. */
export interface ServiceOptions {
  readonly ingestLimits?: IngestLimits;
  /** The OTLP receiver's mapping and session timeouts. */
  readonly otel?: OtelOptions;
  /** Hooks around every operation (metrics, tests), outside the standard ones. */
  readonly hooks?: readonly Hook[];
  /** Microseconds since the epoch; tests pass a fixed clock. */
  readonly clock?: () => number;
  /**
   * Separate pools for plain reads and for searches (bulkheads): read
   * operations run on `read`, session lists with a search term on `search`,
   * everything else (ingest, keys, readiness, casefiles) on the context's own
   * database. Defaults to it.
   */
  readonly pools?: { readonly read: Db; readonly search: Db };
  /**
   * A circuit breaker in front of the database (see CircuitBreaker): on by
   * default, probing with a trivial query; `false` turns it off.
   */
  readonly circuitBreaker?: boolean | { readonly probeIntervalMs?: number };
  /**
   * Secrets that sign list cursors. By default one is generated for this hub:
   * cursors then work only with the instance that made them.
   */
  readonly cursorSecrets?: CursorSecrets;
  /** How long browser sessions last (absolute and idle); 12 hours, 2 idle, by default. */
  readonly browserSessions?: BrowserSessionPolicy;
  /** False: ingest writes no live events (live updates off). On by default. */
  readonly publishLive?: boolean;
  /** The prices calls are costed with (file overrides, cache); the catalogue and stored ones by default. */
  readonly pricing?: PriceBook;
}

/** The hub over `ctx`: the one entry point of the service layer. */
export function createHub(ctx: ServiceContext, options: ServiceOptions = {}): Hub {
  const breakerOptions = options.circuitBreaker ?? true;
  const breaker =
    breakerOptions === false
      ? undefined
      : new CircuitBreaker({
          probe: () => ping(ctx.db),
          ...(typeof breakerOptions === 'object' ? breakerOptions : {}),
        });
  // The breaker is outermost: while it is open, no hook below runs (no audit row, no query).
  const hooks = [...(breaker ? [circuitBreakerHook(breaker)] : []), ...(options.hooks ?? [])];
  return createOperationHub(
    {
      ...ctx,
      ...(options.ingestLimits ? { ingestLimits: options.ingestLimits } : {}),
      ...(options.otel ? { otel: options.otel } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.pools ? { pools: options.pools } : {}),
      ...(options.browserSessions ? { browserSessions: options.browserSessions } : {}),
      ...(options.pricing ? { pricing: options.pricing } : {}),
      cursorSecrets: options.cursorSecrets ?? generateCursorSecrets(),
      ...(options.publishLive === false
        ? { publishLive: false }
        : { liveAnnouncer: ctx.liveAnnouncer ?? new LiveAnnouncer(ctx.db) }),
    },
    operations,
    { hooks },
  );
}
