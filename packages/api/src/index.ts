export { type ApiDeps, type AppType, createApi, defaultRateLimit } from './app.js';
export { type AddressList, AddressListError, parseAddressList } from './auth/address-list.js';
export type {
  Authenticator,
  AuthOptions,
  AuthProxyOptions,
  Credentials,
} from './auth/authenticate.js';
export { csrfHeader } from './auth/csrf.js';
export type { JwtOptions } from './auth/jwt.js';
export { hasScope, type Principal } from './auth/principal.js';
export { sessionCookieName } from './auth/session-cookie.js';
export { type ClientOptions, createClient, type HindsightClient } from './client.js';
export {
  assertEveryRouteDeclared,
  type RegisteredRoute,
  registeredRoutes,
  UndeclaredRouteError,
} from './declared-routes.js';
export type { ApiEnv } from './env.js';
export {
  type BulkheadLimits,
  type BulkheadOptions,
  defaultBulkheadLimits,
  type Workload,
  workloads,
} from './limits/bulkhead.js';
export {
  type Budget,
  budgets,
  defaultSignInPerMinute,
  type RateLimitOptions,
} from './limits/rate-limit.js';
export { closeCodes, defaultLiveLimits, type LiveLimits } from './live/limits.js';
export { LiveConnections, type OpenConnection } from './live/sockets.js';
export { type ApiMetrics, createMetrics, type MetricsOptions } from './observability/metrics.js';
export {
  operationMetricsHook,
  operationOutcome,
} from './observability/operation-metrics.js';
export type { ApiLogger } from './on-error.js';
export {
  decodeTraceResponse,
  encodeTraceRequest,
} from './otlp/trace-codec.js';
export { problemContentType } from './problem.js';
export {
  type Access,
  type ProblemStatus,
  type RouteDeclaration,
  type RouteSpec,
  routeDeclaration,
} from './route.js';
export type { RouteModuleDeps } from './routes/deps.js';
export type { LiveDeps } from './routes/live.js';
export { apiPathPrefixes, isApiPath, siteFallback } from './site.js';
export { validate } from './validation.js';
