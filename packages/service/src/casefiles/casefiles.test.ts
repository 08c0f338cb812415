import { type Principal, systemPrincipal } from '@hindsight/models';
import { listAuditEvents } from '@hindsight/repository';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSessions } from '../demo/demo-sessions.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import type { Caller } from '../hub/operation.js';
import { createTestServices, type TestServices } from '../testing/index.js';

const dayUs = 86_400_000_000;
const t0 = 1_767_225_600_000_000;
const [s1, s2] = demoSessions(t0).map((d) => d.session.session_id) as [string, string];
const ada: Caller = { principal: { kind: 'user', id: 'ada', scopes: ['read'] } };
const bob: Caller = { principal: { kind: 'user', id: 'bob', scopes: ['read'] } };
const ingestOnly: Caller = {
  principal: { kind: 'api_key', id: 'k', name: 'k', scopes: ['ingest'] } satisfies Principal,
};

describe('casefile operations', () => {
  let t: TestServices;
  let now = t0;
  beforeAll(async () => {
    t = await createTestServices({ clock: () => now });
    await t.services.demo.seed({ now_us: t0 });
  });
  afterAll(() => t.dispose());

  it('creates atomically: an unknown session writes nothing, not even an audit success', async () => {
    const error = await t.hub
      .call('casefiles.create', { title: 'x', session_ids: [s1, 'ghost'] }, ada)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((await t.hub.call('casefiles.list', {}, ada)).casefiles).toEqual([]);
    const audit = await listAuditEvents(t.ctx.db, {
      filters: { operation: 'casefiles.create' },
      limit: 10,
    });
    expect(audit.map((e) => [e.outcome, e.error_code])).toEqual([['error', 'not_found']]);
  });

  it('needs the read scope to open a casefile', async () => {
    await expect(t.hub.call('casefiles.create', { title: 'x' }, ingestOnly)).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('lets its owner restore a deleted casefile for 30 days, then never', async () => {
    const { id } = await t.hub.call('casefiles.create', { title: 'old', session_ids: [s2] }, ada);
    now = t0 + dayUs;
    await t.hub.call('casefiles.delete', { id }, ada);
    await expect(t.hub.call('casefiles.get', { id }, ada)).rejects.toThrow(NotFoundError);
    now = t0 + 30 * dayUs;
    const restored = await t.hub.call('casefiles.restore', { id }, ada);
    expect(restored.deleted_at_us).toBeNull();
    await t.hub.call('casefiles.delete', { id }, ada);
    // Deleted again at day 30: restorable until day 60, not a microsecond later.
    now = t0 + 60 * dayUs + 1;
    await expect(t.hub.call('casefiles.restore', { id }, ada)).rejects.toThrow(NotFoundError);
    now = t0;
  });

  it('never lets the last owner go, and lets a second owner take over', async () => {
    const { id } = await t.hub.call('casefiles.create', { title: 'owned' }, ada);
    await expect(
      t.hub.call('casefiles.revoke', { id, principal_id: 'user:ada' }, ada),
    ).rejects.toThrow(ConflictError);
    await t.hub.call('casefiles.grant', { id, principal_id: 'user:bob', role: 'owner' }, ada);
    await t.hub.call('casefiles.revoke', { id, principal_id: 'user:ada' }, bob);
    await expect(t.hub.call('casefiles.get', { id }, ada)).rejects.toThrow(NotFoundError);
    expect((await t.hub.call('casefiles.permissions', { id }, bob)).permissions).toEqual([
      expect.objectContaining({ principal_id: 'user:bob', role: 'owner', granted_by: 'user:ada' }),
    ]);
  });

  it('keeps notes editable by their author only, and deletable by an owner', async () => {
    const { id } = await t.hub.call('casefiles.create', { title: 'notes' }, ada);
    await t.hub.call('casefiles.grant', { id, principal_id: 'user:bob', role: 'editor' }, ada);
    const note = await t.hub.call('casefiles.addNote', { id, body: 'bob was here' }, bob);
    await expect(
      t.hub.call('casefiles.editNote', { id, note_id: note.id, body: 'ada edits' }, ada),
    ).rejects.toThrow(ForbiddenError);
    const edited = await t.hub.call(
      'casefiles.editNote',
      { id, note_id: note.id, body: 'bob edits' },
      bob,
    );
    expect(edited.body).toBe('bob edits');
    await t.hub.call('casefiles.deleteNote', { id, note_id: note.id }, ada);
    expect((await t.hub.call('casefiles.get', { id }, bob)).notes).toEqual([]);
  });
});

describe('audit retention', () => {
  it('prunes rows older than the retention period, as of the clock it is given', async () => {
    let now = t0;
    const t = await createTestServices({ clock: () => now });
    try {
      const admin: Caller = { principal: { kind: 'user', id: 'root', scopes: ['admin'] } };
      await t.hub.call('apiKeys.create', { name: 'a', scopes: ['read'] }, admin);
      now = t0 + 10 * dayUs;
      await t.hub.call('apiKeys.create', { name: 'b', scopes: ['read'] }, admin);
      const system = { principal: systemPrincipal('server') };
      expect(
        await t.hub.call('audit.prune', { now_us: t0 + 12 * dayUs, retention_days: 5 }, system),
      ).toEqual({ deleted: 1 });
      const left = await t.hub.call('audit.list', {}, admin);
      expect(left.events.map((e) => e.at_us)).toEqual([t0 + 10 * dayUs]);
      await expect(
        t.hub.call('audit.prune', { now_us: now, retention_days: 1 }, admin),
      ).rejects.toThrow(ForbiddenError);
    } finally {
      await t.dispose();
    }
  });
});
