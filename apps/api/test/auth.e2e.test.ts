import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@hindsight/api';
import { ApiKeyList, CreatedApiKey } from '@hindsight/models';
import { sign } from 'hono/jwt';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  firstStartKey,
  runCli,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from './server-process.js';

let dir: string;
let env: Record<string, string>;
let server: ServerProcess | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hindsight-auth-'));
  env = { DATABASE_URL: join(dir, 'data'), LOG_LEVEL: 'warn' };
});
afterEach(async () => {
  await stopServerProcess(server);
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

const sessionPath = '/api/v1/history/sessions/nope';

async function status(path: string, token?: string): Promise<number> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return (await fetch(`${server?.url}${path}`, { headers })).status;
}

describe('hindsight api-key', () => {
  it('creates keys shown once, lists them without secrets, revokes them; the server honours all three', async () => {
    const created = await runCli(
      ['api-key', 'create', '--name', 'ci', '--scopes', 'ingest,read', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const reader = v.parse(CreatedApiKey, JSON.parse(created.stdout));
    expect(reader.scopes).toEqual(['ingest', 'read']);

    const plain = await runCli(
      ['api-key', 'create', '--name', 'ingest-only', '--scopes', 'ingest'],
      env,
    );
    expect(plain.code).toBe(0);
    const ingestKey = plain.stdout.split('\n').find((line) => line.startsWith('hs_')) ?? '';
    expect(plain.stdout).toContain('not shown again');

    const doomed = v.parse(
      CreatedApiKey,
      JSON.parse(
        (await runCli(['api-key', 'create', '--name', 'old', '--scopes', 'read', '--json'], env))
          .stdout,
      ),
    );
    expect((await runCli(['api-key', 'revoke', doomed.id], env)).code).toBe(0);

    const listed = await runCli(['api-key', 'list', '--json'], env);
    const list = v.parse(ApiKeyList, JSON.parse(listed.stdout));
    expect(list.api_keys.map((k) => k.name)).toEqual(['ci', 'ingest-only', 'old']);
    expect(list.api_keys.find((k) => k.id === doomed.id)?.revoked_at_us).not.toBeNull();
    expect(listed.stdout).not.toContain(reader.key);
    const table = await runCli(['api-key', 'list'], env);
    expect(table.stdout).toMatch(/^id\s+name\s+scopes/m);

    server = await startServerProcess(env);
    expect(firstStartKey(server)).toBeUndefined(); // keys exist: none is made up
    expect(await status(sessionPath, reader.key)).toBe(404);
    expect(await status(sessionPath, ingestKey)).toBe(403);
    expect(await status(sessionPath, doomed.key)).toBe(401);
  });

  it('explains its mistakes with exit code 2', async () => {
    const noScopes = await runCli(['api-key', 'create', '--name', 'x'], env);
    expect(noScopes.code).toBe(2);
    expect(noScopes.stderr).toContain('--scopes');
    const badScope = await runCli(['api-key', 'create', '--name', 'x', '--scopes', 'root'], env);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain('scopes.0: must be one of ingest, read, control, admin');
    expect((await runCli(['api-key', 'revoke'], env)).code).toBe(2);
    expect((await runCli(['api-key', 'frobnicate'], env)).code).toBe(2);
    const missing = await runCli(['api-key', 'revoke', 'key_missing'], env);
    expect(missing.code).toBe(1);
  });
});

describe('HINDSIGHT_BOOTSTRAP_KEY', () => {
  it('is an admin key from the first start, the same after a restart, and no other key is printed', async () => {
    const bootstrap = `bootstrap-${'x'.repeat(40)}`;
    server = await startServerProcess({ ...env, HINDSIGHT_BOOTSTRAP_KEY: bootstrap });
    expect(firstStartKey(server)).toBeUndefined();
    const admin = createClient(server.url, { token: bootstrap });
    const created = await admin.api.v1.admin['api-keys'].$post({
      json: { name: 'reader', scopes: ['read'] },
    });
    expect(created.status).toBe(201);
    await stopServerProcess(server);

    server = await startServerProcess({ ...env, HINDSIGHT_BOOTSTRAP_KEY: bootstrap });
    const again = createClient(server.url, { token: bootstrap });
    const listed = await again.api.v1.admin['api-keys'].$get();
    expect(listed.status).toBe(200);
    const keys = listed.status === 200 ? (await listed.json()).api_keys : [];
    expect(keys.map((k) => k.name)).toEqual(['bootstrap', 'reader']);
  });

  it('must be long: a short one stops the server at start without being printed', async () => {
    const run = await runCli(['start'], { ...env, HINDSIGHT_BOOTSTRAP_KEY: 'letmein' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('HINDSIGHT_BOOTSTRAP_KEY');
    expect(run.stderr).not.toContain('letmein');
  });
});

describe('JWTs for people', () => {
  const secret = 'jwt-secret-for-the-e2e-test-0123456789';
  const jwtEnv = {
    HINDSIGHT_JWT_SECRET: secret,
    HINDSIGHT_JWT_ISSUER: 'https://id.test/',
    HINDSIGHT_JWT_AUDIENCE: 'hindsight',
  };
  const token = (claims: Record<string, unknown>, key = secret) =>
    sign(
      {
        sub: 'ada',
        iss: 'https://id.test/',
        aud: 'hindsight',
        exp: Math.floor(Date.now() / 1000) + 60,
        ...claims,
      },
      key,
      'HS256',
    );

  it('are accepted with the configured secret, issuer and audience; roles grant scopes', async () => {
    server = await startServerProcess({ ...env, ...jwtEnv });
    expect(await status(sessionPath, await token({ roles: ['read'] }))).toBe(404);
    expect(await status(sessionPath, await token({ roles: ['ingest'] }))).toBe(403);
    expect(await status(sessionPath, await token({ roles: ['read'], exp: 1 }))).toBe(401);
    expect(await status(sessionPath, await token({ roles: ['read'] }, `${secret}-forged`))).toBe(
      401,
    );
    expect(await status(sessionPath, await token({ roles: ['read'], aud: 'other' }))).toBe(401);
    const line = await server.waitForLog((l) => l.msg === 'request' && l.status === 404);
    expect(line.principal).toBe('user:ada');
  });
});

describe('HINDSIGHT_AUTH=off', () => {
  it('serves everything without credentials, and warns at start', async () => {
    server = await startServerProcess({ ...env, HINDSIGHT_AUTH: 'off' });
    expect(server.logs.some((l) => String(l.msg).startsWith('HINDSIGHT_AUTH=off'))).toBe(true);
    expect(firstStartKey(server)).toBeUndefined();
    expect(await status('/api/v1/admin/api-keys')).toBe(200);
    expect(await status(sessionPath)).toBe(404);
  });
});
