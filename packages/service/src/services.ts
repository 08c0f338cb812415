import type {
  ApiKey,
  CreateApiKeyRequest,
  CreatedApiKey,
  DetailedSession,
} from '@hindsight/models';
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
import type { ServiceContext } from './context.js';
import { type SeedResult, seedDemoSessions } from './demo/seed-demo-sessions.js';
import { checkReadiness } from './readiness.js';
import { type GetSessionDetailInput, getSessionDetail } from './sessions/get-session-detail.js';
import { mapUnavailable } from './unavailable.js';

/** The service verbs bound to one context: what the API and the CLI are given. */
export interface Services {
  getSessionDetail(input: GetSessionDetailInput): Promise<DetailedSession>;
  checkReadiness(): Promise<void>;
  seedDemoSessions(input: { now_us: number }): Promise<SeedResult>;
  createApiKey(input: v.InferInput<typeof CreateApiKeyRequest>): Promise<CreatedApiKey>;
  listApiKeys(): Promise<ApiKey[]>;
  revokeApiKey(input: { id: string }): Promise<ApiKey>;
  authenticateApiKey(input: { key: string }): Promise<ApiKeyCheck>;
  ensureBootstrapApiKey(input: { key: string }): Promise<BootstrapResult>;
  ensureFirstApiKey(): Promise<CreatedApiKey | null>;
}

/** Every verb maps an unreachable database to UnavailableError (see mapUnavailable). */
export function createServices(ctx: ServiceContext): Services {
  return mapUnavailable<Services>({
    getSessionDetail: (input) => getSessionDetail({ ctx, input }),
    checkReadiness: () => checkReadiness({ ctx }),
    seedDemoSessions: (input) => seedDemoSessions({ ctx, input }),
    createApiKey: (input) => createApiKey({ ctx, input }),
    listApiKeys: () => listApiKeys({ ctx }),
    revokeApiKey: (input) => revokeApiKey({ ctx, input }),
    authenticateApiKey: (input) => authenticateApiKey({ ctx, input }),
    ensureBootstrapApiKey: (input) => ensureBootstrapApiKey({ ctx, input }),
    ensureFirstApiKey: () => ensureFirstApiKey({ ctx }),
  });
}
