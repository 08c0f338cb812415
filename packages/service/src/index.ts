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
export { type ServiceContext, withTransaction } from './context.js';
export { type DemoSession, demoSessions } from './demo/demo-sessions.js';
export { type SeedResult, seedDemoSessions } from './demo/seed-demo-sessions.js';
export {
  ConflictError,
  type FieldProblem,
  NotFoundError,
  parseInput,
  problemsOf,
  ServiceError,
  type ServiceErrorCode,
  UnavailableError,
  ValidationError,
} from './errors.js';
export { checkReadiness } from './readiness.js';
export { createServices, type Services } from './services.js';
export {
  GetSessionDetailInput,
  getSessionDetail,
} from './sessions/get-session-detail.js';
export { mapUnavailable } from './unavailable.js';
