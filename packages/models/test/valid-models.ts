// One valid value per named model; the mapped type fails to compile when a model is added without one.
import type * as v from 'valibot';
import type { ModelName } from '../src/index.js';
import type * as models from '../src/models.js';
import * as a from './api-key-fixtures.js';
import * as f from './fixtures.js';
import * as i from './ingest-fixtures.js';
import * as r from './read-fixtures.js';
import * as l from './summary-fixtures.js';

type ValidModels = { readonly [K in ModelName]: () => v.InferInput<(typeof models)[K]> };

export const validModels: ValidModels = {
  ApiKey: () => a.apiKey(),
  ApiKeyList: a.apiKeyList,
  ApiKeyRecord: () => a.apiKeyRecord(),
  ApiKeyScope: () => 'read',
  CreateApiKeyRequest: a.createApiKeyRequest,
  CreatedApiKey: a.createdApiKey,
  FilterOptions: l.filterOptions,
  PaginationInfo: l.paginationInfo,
  TimeRangeOption: l.timeRangeOption,
  IngestBatch: i.ingestBatch,
  IngestEnvelope: i.ingestEnvelope,
  IngestError: i.ingestError,
  IngestEvent: () => i.ingestEvent('mcp.communication'),
  IngestResult: i.ingestResult,
  IngestSuccess: i.ingestSuccess,
  LLMInteractionBody: i.llmInteractionBody,
  LLMInteractionEvent: () => i.ingestEvent('llm.interaction'),
  MCPCommunicationBody: i.mcpCommunicationBody,
  MCPCommunicationEvent: () => i.ingestEvent('mcp.communication'),
  SessionCancelledEvent: () => i.ingestEvent('session.cancelled'),
  SessionCompletedBody: i.sessionCompletedBody,
  SessionCompletedEvent: () => i.ingestEvent('session.completed'),
  SessionEndedBody: i.sessionEndedBody,
  SessionFailedBody: i.sessionFailedBody,
  SessionFailedEvent: () => i.ingestEvent('session.failed'),
  SessionStartedBody: i.sessionStartedBody,
  SessionStartedEvent: () => i.ingestEvent('session.started'),
  SessionTimedOutEvent: () => i.ingestEvent('session.timed_out'),
  SessionUpdatedBody: i.sessionUpdatedBody,
  SessionUpdatedEvent: () => i.ingestEvent('session.updated'),
  StageCompletedBody: i.stageCompletedBody,
  StageCompletedEvent: () => i.ingestEvent('stage.completed'),
  StageFailedBody: i.stageFailedBody,
  StageFailedEvent: () => i.ingestEvent('stage.failed'),
  StageStartedBody: i.stageStartedBody,
  StageStartedEvent: () => i.ingestEvent('stage.started'),
  Interaction: () => f.llmInteraction(),
  LLMEventDetails: () => f.llmEventDetails(),
  LLMInteraction: () => f.llmInteraction(),
  LLMInteractionRecord: () => f.llmInteractionRecord(),
  LLMInteractionSummary: f.llmInteractionSummary,
  LLMMessage: () => ({ role: 'assistant', content: 'The disk is full.' }),
  MCPCommunicationRecord: () => f.mcpCommunicationRecord(),
  MCPCommunicationSummary: f.mcpCommunicationSummary,
  MCPEventDetails: () => f.mcpEventDetails(),
  MCPInteraction: () => f.mcpInteraction(),
  FinalAnalysisQuery: r.finalAnalysisQuery,
  FinalAnalysisResponse: r.finalAnalysisResponse,
  LLMConversationHistory: r.llmConversationHistory,
  HealthStatus: () => ({ status: 'ok' }),
  ReadyStatus: () => ({ status: 'ready' }),
  FieldError: l.fieldError,
  ProblemDetails: l.problemDetails,
  DetailedSession: () => f.detailedSession(),
  PaginatedSessions: l.paginatedSessions,
  SessionOverview: () => f.sessionOverview(),
  SessionRecord: () => f.sessionRecord(),
  SessionCursor: () => r.sessionCursor(),
  SessionListQuery: () => r.sessionListQuery(),
  DetailedStage: () => f.detailedStage(),
  StageExecutionRecord: () => f.stageExecutionRecord(),
  ChainStatistics: l.chainStatistics,
  SessionStats: l.sessionStats,
  SessionStatus: () => 'in_progress',
  StageStatus: () => 'partial',
};

export const modelNames = Object.keys(validModels) as ModelName[];
