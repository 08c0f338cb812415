import {
  ApiKeyRecord,
  AuditEvent,
  BrowserSessionRecord,
  CasefileNote,
  CasefilePermission,
  CasefileRecord,
  CasefileSessionRecord,
  LiveEventRecord,
  LLMInteractionRecord,
  MCPCommunicationRecordFields,
  PriceOverride,
  SessionRecordFields,
  SessionTombstone,
  StageExecutionRecordFields,
} from '@hindsight/models';
import { getTableName } from 'drizzle-orm';
import { apiKeys } from '../schema/api-keys.js';
import { auditEvents } from '../schema/audit-events.js';
import { browserSessions } from '../schema/browser-sessions.js';
import { casefileNotes } from '../schema/casefile-notes.js';
import { casefilePermissions } from '../schema/casefile-permissions.js';
import { casefileSessions } from '../schema/casefile-sessions.js';
import { casefiles } from '../schema/casefiles.js';
import { ingestEvents } from '../schema/ingest-events.js';
import { liveEvents } from '../schema/live-events.js';
import { llmInteractions } from '../schema/llm-interactions.js';
import { mcpCommunications } from '../schema/mcp-communications.js';
import { otelSessions, otelSpans } from '../schema/otel.js';
import { priceOverrides } from '../schema/price-overrides.js';
import { sessionCounts } from '../schema/session-counts.js';
import { sessionTombstones } from '../schema/session-tombstones.js';
import { alertSessions } from '../schema/sessions.js';
import { stageExecutions } from '../schema/stages.js';
import { usageDirtyHours, usageHourly } from '../schema/usage.js';
import type { RowModels } from './compare-models.js';

/**
 * The models the repository reads and writes each table with. The object
 * schemas are used rather than the piped records: the cross-field checks in
 * the pipes say nothing about columns.
 */
export const rowModels: RowModels = {
  models: {
    [getTableName(alertSessions)]: SessionRecordFields,
    [getTableName(apiKeys)]: ApiKeyRecord,
    [getTableName(auditEvents)]: AuditEvent,
    [getTableName(browserSessions)]: BrowserSessionRecord,
    [getTableName(casefiles)]: CasefileRecord,
    [getTableName(casefileSessions)]: CasefileSessionRecord,
    [getTableName(casefileNotes)]: CasefileNote,
    [getTableName(casefilePermissions)]: CasefilePermission,
    [getTableName(sessionTombstones)]: SessionTombstone,
    [getTableName(stageExecutions)]: StageExecutionRecordFields,
    [getTableName(liveEvents)]: LiveEventRecord,
    [getTableName(llmInteractions)]: LLMInteractionRecord,
    [getTableName(mcpCommunications)]: MCPCommunicationRecordFields,
    [getTableName(priceOverrides)]: PriceOverride,
  },
  // Ingest bookkeeping: no layer above the repository reads it as a model.
  // The writer's transaction id of a live event: only the log reader reads it.
  internal: [
    getTableName(ingestEvents),
    `${getTableName(liveEvents)}.tx_id`,
    getTableName(otelSpans),
    getTableName(otelSessions),
    // A session's cost totals, kept by triggers on llm_interactions: read into the overviews.
    `${getTableName(alertSessions)}.cost_usd`,
    `${getTableName(alertSessions)}.priced_llm_calls`,
    `${getTableName(alertSessions)}.unpriced_llm_calls`,
    // Counter deltas kept by triggers: read only as a sum (session-counts.ts).
    getTableName(sessionCounts),
    // The usage rollup: the repository reads it into its own row type, and the
    // service returns the UsageSummary model it sums them into.
    getTableName(usageHourly),
    getTableName(usageDirtyHours),
  ],
};
