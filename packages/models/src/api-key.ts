import * as v from 'valibot';
import { Id, Label, TimestampUs } from './primitives.js';

/**
 * What a principal may do. `ingest` writes runs, `read` reads the history API,
 * `control` asks runs to stop or resume (cancel, resume, cancel one agent),
 * `admin` manages API keys and implies the other three.
 */
export const apiKeyScopes = ['ingest', 'read', 'control', 'admin'] as const;
/**
 * What an API key may do: `ingest` records runs, `read` reads history, `control` asks runtimes
 * to act on sessions, `admin` manages keys and everything else.
 */
export const ApiKeyScope = v.picklist(apiKeyScopes, `must be one of ${apiKeyScopes.join(', ')}`);
export type ApiKeyScope = v.InferOutput<typeof ApiKeyScope>;

/** At least one scope, each at most once. */
export const ApiKeyScopes = v.pipe(
  v.array(ApiKeyScope),
  v.minLength(1, 'must list at least one scope'),
  v.maxLength(apiKeyScopes.length),
  v.check((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
);

const apiKeyFields = {
  id: Id,
  name: Label,
  /** The first characters of the key, so a person can tell keys apart; never enough to use it. */
  key_prefix: v.pipe(v.string(), v.maxLength(16)),
  scopes: ApiKeyScopes,
  created_at_us: TimestampUs,
  revoked_at_us: v.nullable(TimestampUs),
  last_used_at_us: v.nullable(TimestampUs),
};

/** An API key as the admin API lists it: everything but its secret. */
export const ApiKey = v.object(apiKeyFields);
export type ApiKey = v.InferOutput<typeof ApiKey>;

/** A row of `api_keys`: the key is stored only as the SHA-256 hash of its value (hex). */
export const ApiKeyRecord = v.object({
  ...apiKeyFields,
  key_hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 hex digest')),
});
export type ApiKeyRecord = v.InferOutput<typeof ApiKeyRecord>;

/** The answer to creating a key: the only time its value is shown. */
export const CreatedApiKey = v.object({
  ...apiKeyFields,
  key: v.pipe(v.string(), v.minLength(1)),
});
export type CreatedApiKey = v.InferOutput<typeof CreatedApiKey>;

/**
 * Body of `POST /api/v1/admin/api-keys`: a name for people to recognise the key by and its
 * scopes.
 */
export const CreateApiKeyRequest = v.object({
  name: Label,
  scopes: ApiKeyScopes,
});
export type CreateApiKeyRequest = v.InferOutput<typeof CreateApiKeyRequest>;

/** Every API key, without their secret values (`GET /api/v1/admin/api-keys`). */
export const ApiKeyList = v.object({ api_keys: v.array(ApiKey) });
export type ApiKeyList = v.InferOutput<typeof ApiKeyList>;
