import type { ApiKeyRecord } from '@hindsight/models';

/** A valid key row for tests; the hash is of nothing in particular. */
export function apiKeyRecord(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id: 'key-1',
    name: 'ci',
    key_hash: '0'.repeat(64),
    key_prefix: 'hs_test',
    scopes: ['ingest'],
    created_at_us: 1_767_225_600_000_000,
    revoked_at_us: null,
    last_used_at_us: null,
    ...overrides,
  };
}
