import {
  ApiKey,
  type ApiKeyRecord,
  type ApiKeyScope,
  CreateApiKeyRequest,
  CreatedApiKey,
  Id,
} from '@hindsight/models';
import {
  deleteBrowserSessionsOfApiKey,
  findApiKeyByHash,
  insertApiKey,
  insertFirstApiKey,
  listApiKeys as listApiKeyRecords,
  revokeApiKey as revokeApiKeyRecord,
  touchApiKey,
} from '@hindsight/repository';
import * as v from 'valibot';
import type { ServiceContext } from '../context.js';
import { NotFoundError, parseInput } from '../errors.js';
import { operation } from '../hub/operation.js';
import {
  displayPrefix,
  generateApiKey,
  generateApiKeyId,
  hashApiKey,
  maxApiKeyLength,
  sameHash,
} from './secrets.js';

/** A key's last use is recorded at most once a minute. */
const lastUsedResolutionUs = 60_000_000;

const nowUs = () => Date.now() * 1000;

function toApiKey({ key_hash: _hash, ...key }: ApiKeyRecord): ApiKey {
  return key;
}

function newRecord(key: string, name: string, scopes: ApiKeyScope[], id = generateApiKeyId()) {
  return {
    id,
    name,
    key_hash: hashApiKey(key),
    key_prefix: displayPrefix(key),
    scopes,
    created_at_us: nowUs(),
    revoked_at_us: null,
    last_used_at_us: null,
  } satisfies ApiKeyRecord;
}

/** Creates a key; the answer is the only time its value is ever shown. */
export async function createApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: v.InferInput<typeof CreateApiKeyRequest>;
}): Promise<CreatedApiKey> {
  const { name, scopes } = parseInput(CreateApiKeyRequest, input);
  const key = generateApiKey();
  const record = newRecord(key, name, scopes);
  await insertApiKey(ctx.db, record);
  return { ...toApiKey(record), key };
}

/** Every key, without secrets, oldest first. */
export async function listApiKeys({ ctx }: { ctx: ServiceContext }): Promise<ApiKey[]> {
  return (await listApiKeyRecords(ctx.db)).map(toApiKey);
}

/** The API key to revoke, by id. */
export const RevokeApiKeyInput = v.object({ id: Id });

/**
 * Revokes a key at once, and ends the browser sessions signed in with it;
 * revoking it again changes nothing. NotFoundError for an unknown id.
 */
export async function revokeApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: v.InferInput<typeof RevokeApiKeyInput>;
}): Promise<ApiKey> {
  const { id } = parseInput(RevokeApiKeyInput, input);
  const revoked = await revokeApiKeyRecord(ctx.db, id, nowUs());
  if (!revoked) throw new NotFoundError('api key', id);
  await deleteBrowserSessionsOfApiKey(ctx.db, id);
  return toApiKey(revoked);
}

/** What a presented API key is: valid (with its key), revoked, or unknown. */
export type ApiKeyCheck =
  | { readonly status: 'valid'; readonly key: ApiKey }
  | { readonly status: 'revoked'; readonly id: string }
  | { readonly status: 'unknown' };

/**
 * Tells whether a presented key is valid. The lookup is by hash (a unique
 * index), and the stored hash is compared again in constant time.
 */
export async function authenticateApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { key: string };
}): Promise<ApiKeyCheck> {
  const { key } = input;
  if (key.length === 0 || key.length > maxApiKeyLength) return { status: 'unknown' };
  const hash = hashApiKey(key);
  const record = await findApiKeyByHash(ctx.db, hash);
  if (!record || !sameHash(record.key_hash, hash)) return { status: 'unknown' };
  if (record.revoked_at_us !== null) return { status: 'revoked', id: record.id };
  const now = nowUs();
  if (record.last_used_at_us === null || record.last_used_at_us < now - lastUsedResolutionUs) {
    await touchApiKey(ctx.db, record.id, now, lastUsedResolutionUs);
    return { status: 'valid', key: toApiKey({ ...record, last_used_at_us: now }) };
  }
  return { status: 'valid', key: toApiKey(record) };
}

/**
 * What the bootstrap key's start-up check did: created it, found it, or found it revoked (and
 * left it so).
 */
export type BootstrapResult = {
  readonly status: 'created' | 'exists' | 'revoked';
  readonly id: string;
};

/**
 * Makes sure an admin key with exactly this value exists (HINDSIGHT_BOOTSTRAP_KEY).
 * Idempotent; a bootstrap key that an admin revoked stays revoked.
 */
export async function ensureBootstrapApiKey({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { key: string };
}): Promise<BootstrapResult> {
  const hash = hashApiKey(input.key);
  // The id derives from the hash, so restarts (and several servers) agree on it.
  const record = newRecord(input.key, 'bootstrap', ['admin'], `key_bootstrap_${hash.slice(0, 12)}`);
  if (await insertApiKey(ctx.db, record)) return { status: 'created', id: record.id };
  const existing = await findApiKeyByHash(ctx.db, hash);
  return existing?.revoked_at_us == null
    ? { status: 'exists', id: existing?.id ?? record.id }
    : { status: 'revoked', id: existing.id };
}

/**
 * Creates an admin key when the database holds no key at all, so a new
 * installation is neither locked out nor open. Null when any key exists.
 */
export async function ensureFirstApiKey({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<CreatedApiKey | null> {
  const key = generateApiKey();
  const record = newRecord(key, 'initial admin', ['admin']);
  if (!(await insertFirstApiKey(ctx.db, record))) return null;
  return { ...toApiKey(record), key };
}

const ApiKeyCheck = v.variant('status', [
  v.object({ status: v.literal('valid'), key: ApiKey }),
  v.object({ status: v.literal('revoked'), id: Id }),
  v.object({ status: v.literal('unknown') }),
]);

const BootstrapResult = v.object({
  status: v.picklist(['created', 'exists', 'revoked']),
  id: Id,
});

/** A presented key's value: never audited, never logged. */
const PresentedKey = v.object({ key: v.string() });

const apiKeyTarget = (id: string) => `api_key:${id}`;

export const createApiKeyOperation = operation({
  name: 'apiKeys.create',
  input: CreateApiKeyRequest,
  output: CreatedApiKey,
  scope: 'admin',
  audit: true,
  target: (_input, output) => (output ? apiKeyTarget(output.id) : null),
  run: createApiKey,
});

export const listApiKeysOperation = operation({
  name: 'apiKeys.list',
  input: v.object({}),
  output: v.array(ApiKey),
  scope: 'admin',
  audit: false,
  run: listApiKeys,
});

export const revokeApiKeyOperation = operation({
  name: 'apiKeys.revoke',
  input: RevokeApiKeyInput,
  output: ApiKey,
  scope: 'admin',
  audit: true,
  target: (input) => apiKeyTarget(input.id),
  run: revokeApiKey,
});

/** The API's authenticator, acting as the server: internal. */
export const authenticateApiKeyOperation = operation({
  name: 'apiKeys.authenticate',
  input: PresentedKey,
  output: ApiKeyCheck,
  scope: 'internal',
  audit: false,
  run: authenticateApiKey,
});

export const ensureBootstrapApiKeyOperation = operation({
  name: 'apiKeys.bootstrap',
  input: PresentedKey,
  output: BootstrapResult,
  scope: 'internal',
  audit: true,
  target: (_input, output) => (output ? apiKeyTarget(output.id) : null),
  summarize: () => ({}),
  run: ensureBootstrapApiKey,
});

export const ensureFirstApiKeyOperation = operation({
  name: 'apiKeys.ensureFirst',
  input: v.object({}),
  output: v.nullable(CreatedApiKey),
  scope: 'internal',
  audit: true,
  target: (_input, output) => (output ? apiKeyTarget(output.id) : null),
  run: ensureFirstApiKey,
});
