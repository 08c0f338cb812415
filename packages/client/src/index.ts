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
  asProblem,
  HindsightProblemError,
  type JsonResponse,
  problemFrom,
  type SuccessBody,
  unwrap,
} from './problem.js';
export { type QueryStrings, type SessionListParams, sessionListQuery } from './session-list.js';
