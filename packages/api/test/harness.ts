// Builds the API over real services on a fresh PGlite, with one key per scope and token helpers.
import type { ApiKeyScope } from '@hindsight/models';
import { createTestServices, type TestServices } from '@hindsight/service/testing';
import { sign } from 'hono/jwt';
import { type ApiDeps, createApi } from '../src/app.js';
import type { JwtOptions } from '../src/auth/jwt.js';
import { createMetrics } from '../src/observability/metrics.js';

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly details: Record<string, unknown>;
  readonly message: string;
}

export function recordingLogger() {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (details: Record<string, unknown>, message: string) => {
    lines.push({ level, details, message });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export const jwtSecret = 'test-secret-that-is-at-least-32-characters-long';
export const issuer = 'https://id.hindsight.test/';
export const audience = 'hindsight-api';

export const jwtOptions: JwtOptions = { secret: jwtSecret, issuer, audience, rolesClaim: 'roles' };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** An HS256 token; override any claim, e.g. `exp` in the past. */
export function userToken(claims: Record<string, unknown> = {}, secret = jwtSecret) {
  return sign(
    { sub: 'ada', iss: issuer, aud: audience, exp: nowSeconds() + 300, roles: ['read'], ...claims },
    secret,
    'HS256',
  );
}

export interface Harness extends TestServices {
  readonly app: ReturnType<typeof createApi>;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** Keys by the scopes they hold. */
  readonly keys: Record<'ingest' | 'read' | 'control' | 'admin' | 'revoked', string>;
  /** Authorization header for a key or token. */
  bearer(token: string): { authorization: string };
}

/** Builds the app; `overrides` replace any dependency (auth, limits, rate limit...). */
export async function createHarness(
  overrides: Partial<ApiDeps> = {},
  serviceOptions: Parameters<typeof createTestServices>[0] = {},
): Promise<Harness> {
  const t = await createTestServices(serviceOptions);
  const logger = recordingLogger();
  const app = createApi({
    hub: t.hub,
    logger,
    auth: { enabled: true, jwt: jwtOptions },
    metrics: createMetrics(),
    ...overrides,
  });
  const keyFor = async (scopes: ApiKeyScope[]) =>
    (await t.services.apiKeys.create({ name: scopes.join('+'), scopes })).key;
  const revoked = await t.services.apiKeys.create({ name: 'old', scopes: ['admin'] });
  await t.services.apiKeys.revoke({ id: revoked.id });
  return {
    ...t,
    app,
    logger,
    keys: {
      ingest: await keyFor(['ingest']),
      read: await keyFor(['read']),
      control: await keyFor(['control']),
      admin: await keyFor(['admin']),
      revoked: revoked.key,
    },
    bearer: (token) => ({ authorization: `Bearer ${token}` }),
  };
}
