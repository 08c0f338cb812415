import type { CasefileRecord } from '@hindsight/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessionRecord, type TestDatabase, testDrivers } from '../testing/index.js';
import { insertAuditEvent, listAuditEvents, pruneAuditEvents } from './audit-events.js';
import {
  deleteCasefilePermission,
  findCasefile,
  findCasefileRole,
  findExistingSessionIds,
  insertCasefile,
  insertCasefileNote,
  insertCasefileSessions,
  listCasefileNotes,
  listCasefilePermissions,
  listCasefileSessions,
  listCasefiles,
  listCasefilesOfSession,
  lockCasefileOwners,
  updateCasefile,
  upsertCasefilePermission,
} from './casefiles.js';
import { insertSession } from './sessions.js';

const t0 = 1_767_225_600_000_000;

function casefile(id: string, overrides: Partial<CasefileRecord> = {}): CasefileRecord {
  return {
    id,
    title: `case ${id}`,
    description: null,
    status: 'open',
    tags: ['sev1'],
    owner_id: 'user:ada',
    created_at_us: t0,
    updated_at_us: t0,
    deleted_at_us: null,
    deleted_by: null,
    ...overrides,
  };
}

const grant = (casefile_id: string, principal_id: string, role: 'owner' | 'editor' | 'viewer') => ({
  casefile_id,
  principal_id,
  role,
  granted_by: 'user:ada',
  granted_at_us: t0,
});

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'casefile and audit repositories on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(() => database.dispose());

    it('stores a casefile with its sessions, notes and roles, and cascades them on delete', async () => {
      const db = database.db;
      await insertSession(db, sessionRecord({ session_id: 's1' }));
      await insertCasefile(db, casefile('c1', { tags: ['sev1', 'payments'] }));
      expect(await findCasefile(db, 'c1')).toEqual(casefile('c1', { tags: ['sev1', 'payments'] }));
      await upsertCasefilePermission(db, grant('c1', 'user:ada', 'owner'));
      await upsertCasefilePermission(db, grant('c1', 'api_key:k1', 'viewer'));
      await upsertCasefilePermission(db, grant('c1', 'api_key:k1', 'editor'));
      expect(await findCasefileRole(db, 'c1', 'api_key:k1')).toBe('editor');
      expect((await listCasefilePermissions(db, 'c1')).map((p) => p.role)).toEqual([
        'owner',
        'editor',
      ]);
      expect(
        await insertCasefileSessions(db, [
          { casefile_id: 'c1', session_id: 's1', added_by: 'user:ada', added_at_us: t0 },
        ]),
      ).toEqual(['s1']);
      // A session added twice stays as it was first added.
      expect(
        await insertCasefileSessions(db, [
          { casefile_id: 'c1', session_id: 's1', added_by: 'api_key:k1', added_at_us: t0 + 1 },
        ]),
      ).toEqual([]);
      expect((await listCasefileSessions(db, 'c1'))[0]?.added_by).toBe('user:ada');
      await insertCasefileNote(db, {
        id: 'n1',
        casefile_id: 'c1',
        author_id: 'user:ada',
        body: '# hi',
        created_at_us: t0,
        updated_at_us: t0,
      });
      expect((await listCasefileNotes(db, 'c1')).map((n) => n.body)).toEqual(['# hi']);
      expect([...(await findExistingSessionIds(db, ['s1', 'nope']))]).toEqual(['s1']);
      await expect(
        insertCasefileSessions(db, [
          { casefile_id: 'c1', session_id: 'nope', added_by: 'user:ada', added_at_us: t0 },
        ]),
      ).rejects.toThrow();
      expect(await deleteCasefilePermission(db, 'c1', 'api_key:k1')).toBe(true);
      expect(await lockCasefileOwners(db, 'c1')).toEqual(['user:ada']);
    });

    it('lists by viewer, filters and keyset, newest first; deleted ones apart', async () => {
      const db = database.db;
      await insertSession(db, sessionRecord({ session_id: 's1' }));
      for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
        await insertCasefile(
          db,
          casefile(id, {
            created_at_us: t0 + i,
            status: id === 'c' ? 'closed' : 'open',
            tags: id === 'b' ? ['other'] : ['sev1'],
            description: id === 'd' ? 'the 100% zebra' : null,
          }),
        );
        await upsertCasefilePermission(db, grant(id, 'user:ada', 'owner'));
        await insertCasefileSessions(db, [
          { casefile_id: id, session_id: 's1', added_by: 'user:ada', added_at_us: t0 },
        ]);
      }
      await upsertCasefilePermission(db, grant('b', 'user:bob', 'viewer'));
      await updateCasefile(db, 'a', { deleted_at_us: t0 + 10, deleted_by: 'user:ada' });
      const ids = async (request: Partial<Parameters<typeof listCasefiles>[1]>) =>
        (await listCasefiles(db, { viewer: null, limit: 10, ...request })).map((c) => c.id);
      expect(await ids({})).toEqual(['d', 'c', 'b']);
      expect(await ids({ viewer: 'user:bob' })).toEqual(['b']);
      expect(await ids({ member: 'user:bob' })).toEqual(['b']);
      expect(await ids({ status: 'closed' })).toEqual(['c']);
      expect(await ids({ tag: 'sev1' })).toEqual(['d', 'c']);
      expect(await ids({ text: '100%' })).toEqual(['d']);
      expect(await ids({ text: '10_' })).toEqual([]);
      expect(await ids({ after: [t0 + 3, 'd'], limit: 1 })).toEqual(['c']);
      expect(await ids({ deletedSinceUs: t0 })).toEqual(['a']);
      expect(await ids({ deletedSinceUs: t0 + 11 })).toEqual([]);
      const [row] = await listCasefiles(db, { viewer: 'user:bob', limit: 1 });
      expect(row).toMatchObject({ id: 'b', role: 'viewer', session_count: 1 });
      expect((await listCasefilesOfSession(db, 's1', 'user:bob')).map((c) => c.id)).toEqual(['b']);
      expect((await listCasefilesOfSession(db, 's1', null)).map((c) => c.id)).toEqual([
        'd',
        'c',
        'b',
      ]);
    });

    it('lists audit events newest first by filter and keyset, and prunes by time', async () => {
      const db = database.db;
      for (const [i, operation] of [
        'casefiles.create',
        'casefiles.update',
        'apiKeys.create',
      ].entries()) {
        await insertAuditEvent(db, {
          at_us: t0 + i,
          principal_id: i === 2 ? 'system:cli' : 'user:ada',
          operation,
          target: i === 2 ? 'api_key:k1' : 'casefile:c1',
          outcome: 'success',
          request_id: `r${i}`,
          summary: { i },
          error_code: null,
        });
      }
      const all = await listAuditEvents(db, { filters: {}, limit: 10 });
      expect(all.map((e) => e.operation)).toEqual([
        'apiKeys.create',
        'casefiles.update',
        'casefiles.create',
      ]);
      expect(all[2]?.summary).toEqual({ i: 0 });
      const ops = async (
        filters: Parameters<typeof listAuditEvents>[1]['filters'],
        beforeId?: number,
      ) => (await listAuditEvents(db, { filters, beforeId, limit: 10 })).map((e) => e.operation);
      expect(await ops({ target: 'casefile:c1' })).toEqual([
        'casefiles.update',
        'casefiles.create',
      ]);
      expect(await ops({ principal_id: 'system:cli' })).toEqual(['apiKeys.create']);
      expect(await ops({ operation: 'casefiles.update' })).toEqual(['casefiles.update']);
      expect(await ops({ since_us: t0 + 1, until_us: t0 + 2 })).toEqual(['casefiles.update']);
      expect(await ops({}, all[1]?.id)).toEqual(['casefiles.create']);
      // One row a statement: the prune goes on until a statement deletes none.
      expect(await pruneAuditEvents(db, t0 + 2, 1)).toBe(2);
      expect(await ops({})).toEqual(['apiKeys.create']);
    });
  },
);
