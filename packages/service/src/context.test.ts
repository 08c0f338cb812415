import { findSession, insertSession } from '@hindsight/repository';
import { sessionRecord } from '@hindsight/repository/testing';
import { describe, expect, it } from 'vitest';
import { withTransaction } from './context.js';
import { createTestServices } from './testing/index.js';

describe('withTransaction', () => {
  it('commits when the work resolves and rolls back when it throws', async () => {
    const t = await createTestServices();
    try {
      await withTransaction(t.ctx, ({ db }) =>
        insertSession(db, sessionRecord({ session_id: 'kept' })),
      );
      await expect(
        withTransaction(t.ctx, async ({ db }) => {
          await insertSession(db, sessionRecord({ session_id: 'rolled-back' }));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await findSession(t.ctx.db, 'kept')).not.toBeNull();
      expect(await findSession(t.ctx.db, 'rolled-back')).toBeNull();
    } finally {
      await t.dispose();
    }
  });
});
