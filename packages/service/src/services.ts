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
import type { ServiceContext } from './context.js';
import { seedDemoSessionsOperation } from './demo/seed-demo-sessions.js';
import { getFilterOptionsOperation } from './history/get-filter-options.js';
import { getFinalAnalysisOperation } from './history/get-final-analysis.js';
import { getSessionSummaryOperation } from './history/get-session-summary.js';
import { listActiveSessionsOperation } from './history/list-active-sessions.js';
import { listSessionsOperation } from './history/list-sessions.js';
import type { Hook } from './hub/hook.js';
import {
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
import { checkReadinessOperation } from './readiness.js';
import { getSessionDetailOperation } from './sessions/get-session-detail.js';

/**
 * Every operation of the service: the one list the hub dispatches from and the
 * `Services` type is derived from.
 *
 * To add an operation: write the verb (`verb({ ctx, input, caller })`) and,
 * beside it, its declaration with `operation({ name: 'group.verb', input,
 * output, scope, audit, run })`; add it here. It is then `hub.call('group.verb',
 * input, caller)` and `services.group.verb(input)`, validated, access-checked,
 * audited when `audit` is true, and counted by the metrics hook. A route calls it
 * through `services(c)`, the CLI through a hub bound to a system principal.
 */
export const operations = [
  getSessionDetailOperation,
  listSessionsOperation,
  getSessionSummaryOperation,
  listActiveSessionsOperation,
  getFilterOptionsOperation,
  getFinalAnalysisOperation,
  checkReadinessOperation,
  seedDemoSessionsOperation,
  ingestBatchOperation,
  recordEventOperation,
  createApiKeyOperation,
  listApiKeysOperation,
  revokeApiKeyOperation,
  authenticateApiKeyOperation,
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

export type Operations = typeof operations;
export type OperationName = OperationNameOf<Operations>;
export type OperationInput<N extends OperationName> = InputOf<Operations, N>;
export type OperationOutput<N extends OperationName> = OutputOf<Operations, N>;
/** The hub of the service's operations. */
export type Hub = HubOf<Operations>;
/** Every operation bound to one caller: `services.casefiles.create(input)`. */
export type Services = ServicesOf<Operations>;

/** What the composition root configures beside the database. */
export interface ServiceOptions {
  readonly ingestLimits?: IngestLimits;
  /** Hooks around every operation (metrics, tests), outside the standard ones. */
  readonly hooks?: readonly Hook[];
  /** Microseconds since the epoch; tests pass a fixed clock. */
  readonly clock?: () => number;
}

/** The hub over `ctx`: the one entry point of the service layer. */
export function createHub(ctx: ServiceContext, options: ServiceOptions = {}): Hub {
  return createOperationHub(
    {
      ...ctx,
      ...(options.ingestLimits ? { ingestLimits: options.ingestLimits } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    },
    operations,
    options.hooks ? { hooks: options.hooks } : {},
  );
}
