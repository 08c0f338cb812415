export {
  type BrowserSession,
  type BrowserSessionOptions,
  getBrowserSession,
  signIn,
  signOut,
} from './browser-session.js';
export {
  type ClientOptions,
  createClient,
  csrfHeader,
  type HindsightClient,
  type ProblemResponse,
  type ProblemStatus,
  type WithProblems,
} from './client.js';
export {
  connectLive,
  type LiveConnection,
  type LiveEventFrame,
  type LiveOptions,
  type LiveState,
  liveUrl,
  type WebSocketFactory,
  type WebSocketLike,
} from './live.js';
export {
  asProblem,
  HindsightProblemError,
  type JsonResponse,
  problemFrom,
  type SuccessBody,
  unwrap,
} from './problem.js';
export { type QueryStrings, type SessionListParams, sessionListQuery } from './session-list.js';
