export { type ApiDeps, type AppType, createApi } from './app.js';
export { createClient, type HindsightClient } from './client.js';
export type { ApiLogger } from './on-error.js';
export { problemContentType } from './problem.js';
