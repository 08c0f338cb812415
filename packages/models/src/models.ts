// The named models, the vocabulary every layer shares. Only schemas live here.
export {
  ApiKey,
  ApiKeyList,
  ApiKeyRecord,
  ApiKeyScope,
  CreateApiKeyRequest,
  CreatedApiKey,
} from './api-key.js';
export { AuditEvent, AuditPage } from './audit.js';
export { BrowserSession, BrowserSessionRecord, SignInRequest } from './browser-session.js';
export {
  AddCasefileSessionsRequest,
  CasefileDetail,
  CasefileList,
  CasefileNote,
  CasefilePage,
  CasefilePermission,
  CasefileSummary,
  CreateCasefileRequest,
  GrantRequest,
  NoteRequest,
  PermissionCheck,
  PermissionList,
} from './casefile.js';
export { FilterOptions, PaginationInfo, TimeRangeOption } from './filters.js';
export {
  FinalAnalysisQuery,
  FinalAnalysisResponse,
  LLMConversationHistory,
} from './final-analysis.js';
export { HealthStatus, ReadyStatus } from './health.js';
export {
  IngestBatch,
  IngestEnvelope,
  IngestError,
  IngestEvent,
  IngestResult,
  IngestSuccess,
  LLMInteractionBody,
  LLMInteractionEvent,
  LLMStreamChunkBody,
  LLMStreamChunkEvent,
  MCPCommunicationBody,
  MCPCommunicationEvent,
  SessionCancelledEvent,
  SessionCompletedBody,
  SessionCompletedEvent,
  SessionEndedBody,
  SessionFailedBody,
  SessionFailedEvent,
  SessionProgressUpdateBody,
  SessionProgressUpdateEvent,
  SessionStartedBody,
  SessionStartedEvent,
  SessionTimedOutEvent,
  SessionUpdatedBody,
  SessionUpdatedEvent,
  StageCompletedBody,
  StageCompletedEvent,
  StageFailedBody,
  StageFailedEvent,
  StageStartedBody,
  StageStartedEvent,
} from './ingest.js';
export {
  Interaction,
  LLMEventDetails,
  LLMInteraction,
  LLMInteractionRecord,
  LLMInteractionSummary,
  LLMMessage,
  MCPCommunicationRecord,
  MCPCommunicationSummary,
  MCPEventDetails,
  MCPInteraction,
} from './interaction.js';
export { LiveCatchUpPage, LiveCatchUpRequest, LiveEvent, LiveEventRecord } from './live.js';
export { FieldError, ProblemDetails } from './problem.js';
export {
  DetailedSession,
  PaginatedSessions,
  SessionOverview,
  SessionRecord,
} from './session.js';
export { SessionCursor, SessionListQuery } from './session-list.js';
export { DetailedStage, StageExecutionRecord } from './stage.js';
export { ChainStatistics, SessionStats } from './stats.js';
export { SessionStatus, StageStatus } from './status.js';
