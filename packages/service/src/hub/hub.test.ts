import { anonymousPrincipal, type Principal, systemPrincipal } from '@hindsight/models';
import { findApiKey, insertApiKey, listAuditEvents } from '@hindsight/repository';
import { apiKeyRecord, pgliteTestDriver, type TestDatabase } from '@hindsight/repository/testing';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.js';
import { ForbiddenError, UnavailableError, ValidationError } from '../errors.js';
import type { Hook, HookCall } from './hook.js';
import { createOperationHub } from './hub.js';
import { type Caller, operation } from './operation.js';

const reader: Principal = { kind: 'api_key', id: 'k-read', name: 'reader', scopes: ['read'] };
const admin: Principal = { kind: 'user', id: 'root', scopes: ['admin'] };
const as = (principal: Principal, requestId = 'req-1'): Caller => ({ principal, requestId });

const echo = operation({
  name: 'test.echo',
  input: v.object({ n: v.pipe(v.number(), v.integer()) }),
  output: v.object({ n: v.number() }),
  scope: 'read',
  audit: false,
  run: async ({ input }) => ({ n: input.n + 1 }),
});

const ready = operation({
  name: 'test.ready',
  input: v.object({}),
  output: v.literal('ok'),
  scope: 'public',
  audit: false,
  run: async () => 'ok' as const,
});

const internal = operation({
  name: 'test.internal',
  input: v.object({}),
  output: v.null(),
  scope: 'internal',
  audit: false,
  run: async () => null,
});

const down = operation({
  name: 'test.down',
  input: v.object({}),
  output: v.null(),
  scope: 'public',
  audit: false,
  run: async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    throw new Error('Failed query', { cause: refused });
  },
});

/** An audited write: stores a key, then fails when asked to, after writing. */
const storeKey = operation({
  name: 'test.storeKey',
  input: v.object({ id: v.string(), secret_key: v.string(), fail: v.boolean() }),
  output: v.object({ id: v.string() }),
  scope: 'admin',
  audit: true,
  target: (input) => `api_key:${input.id}`,
  run: async ({ ctx, input }) => {
    await insertApiKey(ctx.db, apiKeyRecord({ id: input.id, key_hash: input.id.padEnd(64, '0') }));
    if (input.fail) throw new Error('the verb failed after writing');
    return { id: input.id };
  },
});

const operations = [echo, ready, internal, down, storeKey] as const;

describe('the operation hub', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  beforeAll(async () => {
    database = await pgliteTestDriver.create();
    ctx = { db: database.db, clock: () => 1_767_225_600_000_000 };
  });
  afterAll(() => database.dispose());

  it('validates the input, runs the verb and returns its output', async () => {
    const hub = createOperationHub(ctx, operations);
    expect(await hub.call('test.echo', { n: 1 }, as(reader))).toEqual({ n: 2 });
    expect(await hub.as(as(reader)).test.echo({ n: 41 })).toEqual({ n: 42 });
    const error = await hub.call('test.echo', { n: 1.5 }, as(reader)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.path)).toEqual(['n']);
  });

  it('runs registered hooks outermost, in order, before and after, also on error', async () => {
    const trace: string[] = [];
    const named =
      (name: string): Hook =>
      async (call, next) => {
        trace.push(`${name}>${call.operation.name}`);
        try {
          return await next();
        } finally {
          trace.push(`${name}<`);
        }
      };
    const hub = createOperationHub(ctx, operations, { hooks: [named('a'), named('b')] });
    await hub.call('test.echo', { n: 1 }, as(reader));
    expect(trace).toEqual(['a>test.echo', 'b>test.echo', 'b<', 'a<']);
    trace.length = 0;
    await expect(hub.call('test.echo', { n: 'x' } as never, as(reader))).rejects.toThrow(
      ValidationError,
    );
    expect(trace).toEqual(['a>test.echo', 'b>test.echo', 'b<', 'a<']);
  });

  it('lets a registered hook see every call: its caller, raw input and outcome', async () => {
    const seen: { name: string; principal: string; outcome: string }[] = [];
    const spy: Hook = async (call: HookCall, next) => {
      const entry = {
        name: call.operation.name,
        principal: call.caller.principal.kind,
        outcome: '',
      };
      seen.push(entry);
      try {
        const output = await next();
        entry.outcome = 'ok';
        return output;
      } catch (error) {
        entry.outcome = (error as Error).name;
        throw error;
      }
    };
    const hub = createOperationHub(ctx, operations, { hooks: [spy] });
    await hub.call('test.ready', {}, as(anonymousPrincipal));
    await hub.call('test.internal', {}, as(anonymousPrincipal)).catch(() => {});
    await hub.call('test.down', {}, as(reader)).catch(() => {});
    expect(seen).toEqual([
      { name: 'test.ready', principal: 'anonymous', outcome: 'ok' },
      { name: 'test.internal', principal: 'anonymous', outcome: 'ForbiddenError' },
      { name: 'test.down', principal: 'api_key', outcome: 'UnavailableError' },
    ]);
  });

  it('refuses a caller without the scope, whatever route it came from', async () => {
    const hub = createOperationHub(ctx, operations);
    const ingestOnly: Principal = { kind: 'api_key', id: 'k-i', name: 'i', scopes: ['ingest'] };
    await expect(hub.call('test.echo', { n: 1 }, as(ingestOnly))).rejects.toThrow(ForbiddenError);
    await expect(hub.call('test.echo', { n: 1 }, as(anonymousPrincipal))).rejects.toThrow(
      ForbiddenError,
    );
    expect(await hub.call('test.echo', { n: 1 }, as(admin))).toEqual({ n: 2 });
    expect(await hub.call('test.ready', {}, as(anonymousPrincipal))).toBe('ok');
  });

  it('lets only the system principal call internal operations', async () => {
    const hub = createOperationHub(ctx, operations);
    await expect(hub.call('test.internal', {}, as(admin))).rejects.toThrow(ForbiddenError);
    expect(await hub.call('test.internal', {}, as(systemPrincipal('cli')))).toBeNull();
  });

  it('turns a database that cannot be reached into UnavailableError, keeping the cause', async () => {
    const hub = createOperationHub(ctx, operations);
    const error = await hub.call('test.down', {}, as(reader)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('does not start a call whose signal is aborted', async () => {
    const hub = createOperationHub(ctx, operations);
    const aborted = AbortSignal.abort(new Error('client went away'));
    await expect(
      hub.call('test.echo', { n: 1 }, { principal: reader, signal: aborted }),
    ).rejects.toThrow('client went away');
  });

  it('refuses an unknown operation and a registry with a name twice', async () => {
    const hub = createOperationHub(ctx, operations);
    await expect(hub.call('test.nope' as never, {} as never, as(admin))).rejects.toThrow(
      'no operation is named test.nope',
    );
    expect(() => createOperationHub(ctx, [echo, echo])).toThrow('declared twice');
  });

  describe('audit', () => {
    const rows = async (target: string) =>
      listAuditEvents(ctx.db, { filters: { target }, limit: 10 });

    it('writes the change and its success row together, secrets redacted', async () => {
      const hub = createOperationHub(ctx, operations);
      await hub.call(
        'test.storeKey',
        { id: 'a1', secret_key: 'hs_s3cret', fail: false },
        as(admin, 'req-a1'),
      );
      expect(await findApiKey(ctx.db, 'a1')).not.toBeNull();
      const [row] = await rows('api_key:a1');
      expect(row).toMatchObject({
        principal_id: 'user:root',
        operation: 'test.storeKey',
        outcome: 'success',
        request_id: 'req-a1',
        at_us: 1_767_225_600_000_000,
        error_code: null,
        summary: { id: 'a1', secret_key: '[redacted]', fail: false },
      });
      expect(JSON.stringify(row)).not.toContain('hs_s3cret');
    });

    it('leaves neither the change nor a success row when the verb throws after writing', async () => {
      const hub = createOperationHub(ctx, operations);
      await expect(
        hub.call('test.storeKey', { id: 'a2', secret_key: 'x', fail: true }, as(admin)),
      ).rejects.toThrow('after writing');
      expect(await findApiKey(ctx.db, 'a2')).toBeNull();
      expect((await rows('api_key:a2')).map((r) => [r.outcome, r.error_code])).toEqual([
        ['error', 'internal'],
      ]);
    });

    it('records a refused call as denied, and writes nothing else', async () => {
      const hub = createOperationHub(ctx, operations);
      await expect(
        hub.call('test.storeKey', { id: 'a3', secret_key: 'x', fail: false }, as(reader)),
      ).rejects.toThrow(ForbiddenError);
      expect(await findApiKey(ctx.db, 'a3')).toBeNull();
      expect((await rows('api_key:a3')).map((r) => [r.outcome, r.principal_id])).toEqual([
        ['denied', 'api_key:k-read'],
      ]);
    });
  });
});
