import { describe, expect, it } from 'vitest';
import { UnavailableError } from './errors.js';
import { createTestServices } from './testing/index.js';

describe('checkReadiness', () => {
  it('resolves while the database answers and fails as unavailable once it is gone', async () => {
    const t = await createTestServices();
    await expect(t.services.system.readiness()).resolves.toBeUndefined();
    await t.dispose();
    await expect(t.services.system.readiness()).rejects.toBeInstanceOf(UnavailableError);
  });
});
