export { type CloseOtelSessionsResult, closeOtelSessions } from './close-sessions.js';
export { ingestTraces, type TraceIngestCounts } from './ingest-traces.js';
export { defaultOtelOptions, type OtelOptions } from './options.js';
