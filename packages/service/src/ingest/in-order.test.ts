import { describe, expect, it } from 'vitest';
import { inOrder } from './apply.js';

/** A driver error as drizzle wraps it: the SQLSTATE on the cause. */
function failed(code: string, message: string): Error {
  return new Error(`Failed query: ${message}`, {
    cause: Object.assign(new Error(message), { code }),
  });
}

describe('inOrder', () => {
  it('answers every value, in the order given', async () => {
    const later = new Promise<string>((resolve) => setTimeout(() => resolve('b'), 5));
    expect(await inOrder([later, Promise.resolve(1)] as const)).toEqual(['b', 1]);
  });

  it('throws the error that aborted the transaction, not the aborted statements before it', async () => {
    const cause = failed('23505', 'duplicate key');
    const statements = [
      Promise.reject(failed('25P02', 'current transaction is aborted')),
      Promise.reject(cause),
      Promise.reject(failed('25P02', 'current transaction is aborted')),
    ] as const;
    await expect(inOrder(statements)).rejects.toBe(cause);
  });

  it('throws the first failure in array order when all are consequences', async () => {
    const first = failed('25P02', 'first');
    await expect(
      inOrder([
        Promise.resolve(1),
        Promise.reject(first),
        Promise.reject(failed('25P02', 'second')),
      ]),
    ).rejects.toBe(first);
  });
});
