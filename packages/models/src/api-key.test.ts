import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { apiKey, apiKeyRecord, createApiKeyRequest } from '../test/api-key-fixtures.js';
import { issuePaths } from '../test/fixtures.js';
import { ApiKey, ApiKeyRecord, CreateApiKeyRequest } from './api-key.js';

describe('CreateApiKeyRequest', () => {
  it('needs a name and at least one known scope, each once', () => {
    expect(issuePaths(CreateApiKeyRequest, createApiKeyRequest())).toEqual([]);
    expect(issuePaths(CreateApiKeyRequest, { name: '', scopes: ['read'] })).toEqual(['name']);
    expect(issuePaths(CreateApiKeyRequest, { name: 'ci', scopes: [] })).toEqual(['scopes']);
    expect(issuePaths(CreateApiKeyRequest, { name: 'ci', scopes: ['root'] })).toEqual(['scopes.0']);
    expect(issuePaths(CreateApiKeyRequest, { name: 'ci', scopes: ['read', 'read'] })).toEqual([
      'scopes',
    ]);
  });
});

describe('ApiKey and ApiKeyRecord', () => {
  it('never carry the hash in the public view', () => {
    const parsed = v.parse(ApiKey, apiKeyRecord());
    expect(parsed).not.toHaveProperty('key_hash');
    expect(parsed).toEqual(apiKey());
  });

  it('store the key only as a SHA-256 hex digest', () => {
    expect(issuePaths(ApiKeyRecord, apiKeyRecord({ key_hash: 'hs_plaintext' }))).toEqual([
      'key_hash',
    ]);
  });
});
