export { getFilterOptions, timeRangeOptions } from './get-filter-options.js';
export { GetFinalAnalysisInput, getFinalAnalysis } from './get-final-analysis.js';
export { GetSessionSummaryInput, getSessionSummary } from './get-session-summary.js';
export { listActiveSessions, maxActiveSessions } from './list-active-sessions.js';
export { listSessions } from './list-sessions.js';
