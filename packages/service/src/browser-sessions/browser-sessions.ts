import { randomBytes } from 'node:crypto';
import {
  ApiKey,
  type BrowserSessionRecord,
  Id,
  SignInRequest,
  TimestampUs,
} from '@hindsight/models';
import {
  deleteBrowserSessionByHash,
  deleteExpiredBrowserSessions,
  findBrowserSessionByHash,
  insertBrowserSession,
  touchBrowserSession,
} from '@hindsight/repository';
import * as v from 'valibot';
import { authenticateApiKey } from '../api-keys/api-keys.js';
import { hashApiKey, sameHash } from '../api-keys/secrets.js';
import { nowOf, type ServiceContext } from '../context.js';
import { UnauthenticatedError } from '../errors.js';
import { operation } from '../hub/operation.js';

/** How long a browser session lasts: at most `absoluteUs`, and `idleUs` without use. */
export interface BrowserSessionPolicy {
  readonly absoluteUs: number;
  readonly idleUs: number;
}

const hourUs = 3_600_000_000;

/** 12 hours at most, 2 hours idle: a working day, and a lunch break. */
export const defaultBrowserSessionPolicy: BrowserSessionPolicy = {
  absoluteUs: 12 * hourUs,
  idleUs: 2 * hourUs,
};

/** A use is recorded at most once a minute (the idle timeout is counted from it). */
const lastSeenResolutionUs = 60_000_000;

/** The longest cookie value accepted before any hashing or lookup. */
const maxTokenLength = 128;

function policyOf(ctx: ServiceContext): BrowserSessionPolicy {
  return ctx.browserSessions ?? defaultBrowserSessionPolicy;
}

/** When the session ends: its absolute end, or sooner without use. */
const SessionTimes = v.object({
  id: Id,
  expires_at_us: TimestampUs,
  idle_expires_at_us: TimestampUs,
});
type SessionTimes = v.InferOutput<typeof SessionTimes>;

function timesOf(record: BrowserSessionRecord, policy: BrowserSessionPolicy): SessionTimes {
  return {
    id: record.id,
    expires_at_us: record.expires_at_us,
    idle_expires_at_us: Math.min(record.expires_at_us, record.last_seen_at_us + policy.idleUs),
  };
}

/**
 * A new browser session: the cookie's value (shown once), its times and the key it signed in
 * with.
 */
export const SignedIn = v.object({
  /** The cookie's value: shown in this answer only, stored as its SHA-256. */
  token: v.pipe(v.string(), v.minLength(32)),
  /** When it began, by the service's clock: the cookie lives from then to `expires_at_us`. */
  created_at_us: TimestampUs,
  session: SessionTimes,
  key: ApiKey,
});
export type SignedIn = v.InferOutput<typeof SignedIn>;

/**
 * Exchanges an API key for a new browser session. An unknown or revoked key
 * is UnauthenticatedError (401). Sessions that have ended are pruned here, so
 * the table holds live sessions only, without a job of its own.
 */
export async function signIn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: v.InferInput<typeof SignInRequest>;
}): Promise<SignedIn> {
  const check = await authenticateApiKey({ ctx, input: { key: input.api_key } });
  if (check.status !== 'valid') {
    throw new UnauthenticatedError(
      check.status === 'revoked' ? 'the API key was revoked' : 'the API key is not valid',
    );
  }
  const policy = policyOf(ctx);
  const now = nowOf(ctx);
  await deleteExpiredBrowserSessions(ctx.db, now, now - policy.idleUs);
  const token = randomBytes(32).toString('base64url');
  const record: BrowserSessionRecord = {
    id: `bs_${randomBytes(8).toString('hex')}`,
    token_hash: hashApiKey(token),
    api_key_id: check.key.id,
    created_at_us: now,
    last_seen_at_us: now,
    expires_at_us: now + policy.absoluteUs,
  };
  await insertBrowserSession(ctx.db, record);
  return { token, created_at_us: now, session: timesOf(record, policy), key: check.key };
}

/**
 * What a presented session cookie is: valid (with its times and key), or expired, revoked or
 * unknown.
 */
export const BrowserSessionCheck = v.variant('status', [
  v.object({ status: v.literal('valid'), session: SessionTimes, key: ApiKey }),
  v.object({ status: v.picklist(['expired', 'revoked', 'unknown']) }),
]);
export type BrowserSessionCheck = v.InferOutput<typeof BrowserSessionCheck>;

/**
 * Tells whether a cookie's session is live, and for which key. A session past
 * its end (absolute or idle) is deleted and answered `expired`; one whose key
 * was revoked, `revoked` (revoking deletes them too; this is the second lock).
 */
export async function authenticateBrowserSession({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string };
}): Promise<BrowserSessionCheck> {
  const { token } = input;
  if (token.length === 0 || token.length > maxTokenLength) return { status: 'unknown' };
  const hash = hashApiKey(token);
  const found = await findBrowserSessionByHash(ctx.db, hash);
  if (!found || !sameHash(found.session.token_hash, hash)) return { status: 'unknown' };
  const { session, key } = found;
  if (key.revoked_at_us !== null) return { status: 'revoked' };
  const policy = policyOf(ctx);
  const now = nowOf(ctx);
  if (session.expires_at_us <= now || session.last_seen_at_us + policy.idleUs <= now) {
    await deleteBrowserSessionByHash(ctx.db, hash);
    return { status: 'expired' };
  }
  let seen = session;
  if (session.last_seen_at_us <= now - lastSeenResolutionUs) {
    await touchBrowserSession(ctx.db, session.id, now, lastSeenResolutionUs);
    seen = { ...session, last_seen_at_us: now };
  }
  const { key_hash: _hash, ...publicKey } = key;
  return { status: 'valid', session: timesOf(seen, policy), key: publicKey };
}

/** Ends the session a cookie names (sign-out); false when there was none. */
export async function signOut({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { token: string };
}): Promise<{ ended: boolean }> {
  if (input.token.length === 0 || input.token.length > maxTokenLength) return { ended: false };
  return { ended: await deleteBrowserSessionByHash(ctx.db, hashApiKey(input.token)) };
}

/** A cookie's value: never audited, never logged. */
const PresentedToken = v.object({ token: v.string() });

export const signInOperation = operation({
  name: 'browserSessions.signIn',
  input: SignInRequest,
  output: SignedIn,
  // Anyone may try: the key in the input is the credential. The API rate-limits attempts.
  scope: 'public',
  audit: true,
  target: (_input, output) => (output ? `api_key:${output.key.id}` : null),
  summarize: () => ({}),
  run: signIn,
});

/** The API's authenticator, acting as the server: internal. */
export const authenticateBrowserSessionOperation = operation({
  name: 'browserSessions.authenticate',
  input: PresentedToken,
  output: BrowserSessionCheck,
  scope: 'internal',
  audit: false,
  run: authenticateBrowserSession,
});

export const signOutOperation = operation({
  name: 'browserSessions.signOut',
  input: PresentedToken,
  output: v.object({ ended: v.boolean() }),
  // Holding the cookie is the permission: only its holder can name the session.
  scope: 'public',
  audit: true,
  summarize: () => ({}),
  run: signOut,
});
