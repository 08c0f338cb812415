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
