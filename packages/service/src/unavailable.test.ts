import { describe, expect, it } from 'vitest';
import { NotFoundError, UnavailableError } from './errors.js';
import { mapUnavailable } from './unavailable.js';

describe('mapUnavailable', () => {
  const down = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  const verbs = mapUnavailable({
    down: async () => {
      throw new Error('Failed query', { cause: down });
    },
    bug: async () => {
      throw new TypeError('x is undefined');
    },
    missing: async () => {
      throw new NotFoundError('session', 'x');
    },
    fine: async (n: number) => n + 1,
  });

  it('turns a database that cannot be reached into UnavailableError, keeping the cause', async () => {
    const error = await verbs.down().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('leaves other errors and results alone', async () => {
    await expect(verbs.bug()).rejects.toBeInstanceOf(TypeError);
    await expect(verbs.missing()).rejects.toBeInstanceOf(NotFoundError);
    expect(await verbs.fine(1)).toBe(2);
  });
});
