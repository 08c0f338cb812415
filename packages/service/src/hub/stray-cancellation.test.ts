import type { Principal } from '@hindsight/models';
import { withAbortSignal } from '@hindsight/repository';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { ServiceContext } from '../context.js';
import { UnavailableError } from '../errors.js';
import { createOperationHub } from './hub.js';
import { type Caller, operation } from './operation.js';

// A cancel request names a backend, not a statement: one sent for a statement
// as it ends can cancel the next statement on that connection, another
// request's. The hub runs a read that failed so once more; nothing else.

const reader: Principal = { kind: 'api_key', id: 'k-read', name: 'reader', scopes: ['read'] };
const caller: Caller = { principal: reader };
const ctx = { db: {}, clock: () => 0 } as unknown as ServiceContext;

/** A driver error as postgres.js raises it, wrapped as drizzle wraps it. */
function cancelled(reason: 'user request' | 'statement timeout'): Error {
  const driver = Object.assign(new Error(`canceling statement due to ${reason}`), {
    code: '57014',
  });
  return new Error('Failed query: select 1', { cause: driver });
}

/** Operations that fail with `errors` in turn, then answer; `runs` counts their runs. */
function scripted(errors: Error[]) {
  const runs = { read: 0, write: 0 };
  const queue = [...errors];
  const next = () => {
    const error = queue.shift();
    if (error) throw error;
  };
  const read = operation({
    name: 'test.read',
    input: v.object({}),
    output: v.literal('read'),
    scope: 'read',
    audit: false,
    pool: 'read',
    run: async () => {
      runs.read += 1;
      next();
      return 'read' as const;
    },
  });
  const write = operation({
    name: 'test.write',
    input: v.object({}),
    output: v.literal('written'),
    scope: 'read',
    audit: false,
    run: async () => {
      runs.write += 1;
      next();
      return 'written' as const;
    },
  });
  return { hub: createOperationHub(ctx, [read, write] as const), runs };
}

describe('a statement cancelled by a cancel meant for another request', () => {
  it('runs a read once more, which answers', async () => {
    const { hub, runs } = scripted([cancelled('user request')]);
    expect(await hub.call('test.read', {}, caller)).toBe('read');
    expect(runs.read).toBe(2);
  });

  it('runs a read only once more: a second stray cancel is answered as a timeout', async () => {
    const { hub, runs } = scripted([cancelled('user request'), cancelled('user request')]);
    const error = await hub.call('test.read', {}, caller).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as UnavailableError).reason).toBe('timeout');
    expect(runs.read).toBe(2);
  });

  it('does not run a write again', async () => {
    const { hub, runs } = scripted([cancelled('user request')]);
    await expect(hub.call('test.write', {}, caller)).rejects.toBeInstanceOf(UnavailableError);
    expect(runs.write).toBe(1);
  });

  it('does not run a read again after its statement timed out', async () => {
    const { hub, runs } = scripted([cancelled('statement timeout')]);
    await expect(hub.call('test.read', {}, caller)).rejects.toBeInstanceOf(UnavailableError);
    expect(runs.read).toBe(1);
  });

  it("does not run a read again when the cancel was its own request's", async () => {
    const { hub, runs } = scripted([cancelled('user request')]);
    const controller = new AbortController();
    const call = withAbortSignal(controller.signal, async () => {
      // The request ends (its client went away) while its statement fails.
      controller.abort();
      return await hub.call('test.read', {}, caller);
    });
    await expect(call).rejects.toBeInstanceOf(UnavailableError);
    expect(runs.read).toBe(1);
  });
});
