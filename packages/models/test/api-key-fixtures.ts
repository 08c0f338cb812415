// Builders of valid API key and health models. Each call returns a fresh object.
import type {
  ApiKey,
  ApiKeyList,
  ApiKeyRecord,
  CreateApiKeyRequest,
  CreatedApiKey,
} from '../src/index.js';

export function apiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 'key_0123456789abcdef',
    name: 'ci',
    key_prefix: 'hs_AbCd',
    scopes: ['ingest'],
    created_at_us: 1_767_225_600_000_000,
    revoked_at_us: null,
    last_used_at_us: null,
    ...overrides,
  };
}

export function apiKeyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return { ...apiKey(), key_hash: 'a'.repeat(64), ...overrides };
}

export function createdApiKey(): CreatedApiKey {
  return { ...apiKey(), key: 'hs_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd' };
}

export function createApiKeyRequest(): CreateApiKeyRequest {
  return { name: 'ci', scopes: ['ingest', 'read'] };
}

export function apiKeyList(): ApiKeyList {
  return { api_keys: [apiKey(), apiKey({ id: 'key_fedcba9876543210', revoked_at_us: 1 })] };
}
