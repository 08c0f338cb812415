import { DetailedSession } from '@hindsight/models';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors.js';
import { createTestServices, type TestServices } from '../testing/index.js';

describe('getSessionDetail', () => {
  let t: TestServices;
  beforeEach(async () => {
    t = await createTestServices();
    await t.services.demo.seed({ now_us: 1_767_225_600_000_000 });
  });
  afterEach(() => t.dispose());

  it('returns a stored session with its timeline as a valid DetailedSession', async () => {
    const id = '6f1c2a4e-3b7d-4e59-9a10-demo00000001';
    const detail = await t.services.sessions.get({ session_id: id });
    expect(v.is(DetailedSession, detail)).toBe(true);
    expect(detail.session_id).toBe(id);
    expect(detail.stages).toHaveLength(3);
    expect(detail.total_interactions).toBe(9);
  });

  it('throws NotFoundError for an unknown session', async () => {
    const error = await t.services.sessions.get({ session_id: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).code).toBe('not_found');
    expect((error as NotFoundError).id).toBe('nope');
  });

  it('throws ValidationError naming the field for a bad id', async () => {
    const error = await t.services.sessions
      .get({ session_id: 'x'.repeat(300) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems[0]?.path).toBe('session_id');
  });
});
