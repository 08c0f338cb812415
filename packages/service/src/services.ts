import type {
  ApiKey,
  CreateApiKeyRequest,
  CreatedApiKey,
  DetailedSession,
  FilterOptions,
  FinalAnalysisResponse,
  IngestResult,
  IngestSuccess,
  PaginatedSessions,
  SessionListQueryInput,
  SessionOverview,
  SessionStats,
} from '@hindsight/models';
import { type Db, ping } from '@hindsight/repository';
import type * as v from 'valibot';
import {
  type ApiKeyCheck,
  authenticateApiKey,
  type BootstrapResult,
  createApiKey,
  ensureBootstrapApiKey,
  ensureFirstApiKey,
  listApiKeys,
  revokeApiKey,
} from './api-keys/api-keys.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { ServiceContext } from './context.js';
import { type SeedResult, seedDemoSessions } from './demo/seed-demo-sessions.js';
import { type CursorSecrets, generateCursorSecrets } from './history/cursor-signing.js';
import {
  type GetFinalAnalysisInput,
  type GetSessionSummaryInput,
  getFilterOptions,
  getFinalAnalysis,
  getSessionSummary,
  listActiveSessions,
  listSessions,
} from './history/index.js';
import { ingestBatch } from './ingest/ingest-batch.js';
import { defaultIngestLimits, type IngestLimits } from './ingest/limits.js';
import { type RecordEventInput, recordEvent } from './ingest/record-event.js';
import { checkReadiness } from './readiness.js';
import { type GetSessionDetailInput, getSessionDetail } from './sessions/get-session-detail.js';
import { mapUnavailable } from './unavailable.js';

/** The service verbs bound to one context: what the API and the CLI are given. */
export interface Services {
  getSessionDetail(input: GetSessionDetailInput): Promise<DetailedSession>;
  /** One page of the filtered, sorted session list (by page number or cursor). */
  listSessions(input: SessionListQueryInput): Promise<PaginatedSessions>;
  getSessionSummary(input: GetSessionSummaryInput): Promise<SessionStats>;
  listActiveSessions(): Promise<SessionOverview[]>;
  getFilterOptions(): Promise<FilterOptions>;
  getFinalAnalysis(input: GetFinalAnalysisInput): Promise<FinalAnalysisResponse>;
  checkReadiness(): Promise<void>;
  seedDemoSessions(input: { now_us: number }): Promise<SeedResult>;
  /** Applies a batch of ingest events; the input is validated here, not by the caller. */
  ingestBatch(input: unknown): Promise<IngestResult>;
  /** Applies one event (single-record routes); its error is thrown typed. */
  recordEvent(input: RecordEventInput): Promise<IngestSuccess>;
  createApiKey(input: v.InferInput<typeof CreateApiKeyRequest>): Promise<CreatedApiKey>;
  listApiKeys(): Promise<ApiKey[]>;
  revokeApiKey(input: { id: string }): Promise<ApiKey>;
  authenticateApiKey(input: { key: string }): Promise<ApiKeyCheck>;
  ensureBootstrapApiKey(input: { key: string }): Promise<BootstrapResult>;
  ensureFirstApiKey(): Promise<CreatedApiKey | null>;
}

/** What the composition root configures beside the context. */
export interface ServiceOptions {
  readonly ingestLimits?: IngestLimits;
  /**
   * Separate pools for plain reads and for searches (bulkheads): reads run on
   * `read`, session lists with a search term on `search`, and everything else
   * (ingest, keys, readiness) on the context's own database. Defaults to it.
   */
  readonly pools?: { readonly read: Db; readonly search: Db };
  /**
   * A circuit breaker in front of the database (see CircuitBreaker): on by
   * default, probing with a trivial query; `false` turns it off.
   */
  readonly circuitBreaker?: boolean | { readonly probeIntervalMs?: number };
  /**
   * Secrets that sign list cursors. By default one is generated for these
   * services: cursors then work only with the instance that made them.
   */
  readonly cursorSecrets?: CursorSecrets;
}

/** Every verb maps an unreachable database to UnavailableError (see mapUnavailable). */
export function createServices(ctx: ServiceContext, options: ServiceOptions = {}): Services {
  const limits = options.ingestLimits ?? defaultIngestLimits;
  const cursorSecrets = options.cursorSecrets ?? generateCursorSecrets();
  const read: ServiceContext = { ...ctx, db: options.pools?.read ?? ctx.db };
  const search: ServiceContext = { ...ctx, db: options.pools?.search ?? ctx.db };
  const breakerOptions = options.circuitBreaker ?? true;
  const breaker =
    breakerOptions === false
      ? undefined
      : new CircuitBreaker({
          probe: () => ping(ctx.db),
          ...(typeof breakerOptions === 'object' ? breakerOptions : {}),
        });
  const verbs: Services = {
    getSessionDetail: (input) => getSessionDetail({ ctx: read, input }),
    listSessions: (input) =>
      listSessions({ ctx: input.search ? search : read, input, cursorSecrets }),
    getSessionSummary: (input) => getSessionSummary({ ctx: read, input }),
    listActiveSessions: () => listActiveSessions({ ctx: read }),
    getFilterOptions: () => getFilterOptions({ ctx: read }),
    getFinalAnalysis: (input) => getFinalAnalysis({ ctx: read, input }),
    checkReadiness: () => checkReadiness({ ctx }),
    seedDemoSessions: (input) => seedDemoSessions({ ctx, input }),
    ingestBatch: (input) => ingestBatch({ ctx, input, limits }),
    recordEvent: (input) => recordEvent({ ctx, input, limits }),
    createApiKey: (input) => createApiKey({ ctx, input }),
    listApiKeys: () => listApiKeys({ ctx }),
    revokeApiKey: (input) => revokeApiKey({ ctx, input }),
    authenticateApiKey: (input) => authenticateApiKey({ ctx, input }),
    ensureBootstrapApiKey: (input) => ensureBootstrapApiKey({ ctx, input }),
    ensureFirstApiKey: () => ensureFirstApiKey({ ctx }),
  };
  return mapUnavailable<Services>(verbs, breaker ? { breaker } : {});
}
