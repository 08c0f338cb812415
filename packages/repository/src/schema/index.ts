export { apiKeys } from './api-keys.js';
export { ingestEvents } from './ingest-events.js';
export { llmInteractions } from './llm-interactions.js';
export { mcpCommunications } from './mcp-communications.js';
export { alertSessionsRelations, stageExecutionsRelations } from './relations.js';
export { alertSessions } from './sessions.js';
export { stageExecutions } from './stages.js';
