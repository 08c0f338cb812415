import {
  AuditPage,
  CasefileDetail,
  CasefileList,
  CasefilePage,
  PermissionCheck,
  type Principal,
} from '@hindsight/models';
import { demoSessions, ForbiddenError } from '@hindsight/service';
import { createTestServices, type TestServices } from '@hindsight/service/testing';
import { Hono } from 'hono';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingLogger } from '../../test/harness.js';
import { expectProblem } from '../../test/problems.js';
import { createApi } from '../app.js';
import { createClient } from '../client.js';
import { createMetrics } from '../observability/metrics.js';
import { operationMetricsHook } from '../observability/operation-metrics.js';
import { createErrorHandler } from '../on-error.js';

const nowUs = 1_767_225_600_000_000;
const [s1, s2, s3] = demoSessions(nowUs).map((d) => d.session.session_id) as [
  string,
  string,
  string,
];

type Role = 'owner' | 'editor' | 'viewer' | 'stranger' | 'admin';
const roles: readonly Role[] = ['owner', 'editor', 'viewer', 'stranger', 'admin'];

let t: TestServices;
let app: ReturnType<typeof createApi>;
const metrics = createMetrics();
/** API keys by role on the casefiles these tests make, and their principal ids. */
const keys = {} as Record<Role, string>;
const ids = {} as Record<Role, string>;

beforeAll(async () => {
  t = await createTestServices({ hooks: [operationMetricsHook(metrics)] });
  await t.services.demo.seed({ now_us: nowUs });
  app = createApi({ hub: t.hub, logger: recordingLogger(), metrics });
  for (const role of roles) {
    const key = await t.services.apiKeys.create({
      name: role,
      scopes: role === 'admin' ? ['admin'] : ['read'],
    });
    keys[role] = key.key;
    ids[role] = `api_key:${key.id}`;
  }
});
afterAll(() => t.dispose());

function call(role: Role, method: string, path: string, body?: unknown) {
  return app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${keys[role]}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function json<T>(res: Response, schema: v.GenericSchema<unknown, T>, status = 200) {
  expect(res.status).toBe(status);
  return v.parse(schema, await res.json());
}

/** A casefile owned by `owner`, with the editor and viewer granted, one session and one note by the owner. */
async function casefileWithMembers() {
  const created = await json(
    await call('owner', 'POST', '/casefiles', { title: 'Checkout outage', session_ids: [s1] }),
    CasefileDetail,
    201,
  );
  for (const role of ['editor', 'viewer'] as const) {
    expect(
      (
        await call('owner', 'POST', `/casefiles/${created.id}/permissions`, {
          principal_id: ids[role],
          role,
        })
      ).status,
    ).toBe(200);
  }
  const note = (await (
    await call('owner', 'POST', `/casefiles/${created.id}/notes`, { body: 'first *note*' })
  ).json()) as { id: string };
  return { id: created.id, noteId: note.id };
}

interface Case {
  readonly name: string;
  readonly request: (c: { id: string; noteId: string }) => [string, string, unknown?];
  /** Runs before the request, as the owner (e.g. delete before a restore). */
  readonly prepare?: (c: { id: string }) => Promise<void>;
  readonly expected: Readonly<Record<Role, number>>;
}

const reads = { owner: 200, editor: 200, viewer: 200, stranger: 404, admin: 200 };
const edits = { owner: 200, editor: 200, viewer: 403, stranger: 404, admin: 200 };
const owns = { owner: 200, editor: 403, viewer: 403, stranger: 404, admin: 200 };

const matrix: readonly Case[] = [
  { name: 'get', request: ({ id }) => ['GET', `/casefiles/${id}`], expected: reads },
  {
    name: 'update',
    request: ({ id }) => ['PATCH', `/casefiles/${id}`, { status: 'closed' }],
    expected: edits,
  },
  { name: 'delete', request: ({ id }) => ['DELETE', `/casefiles/${id}`], expected: owns },
  {
    name: 'restore',
    prepare: async ({ id }) => {
      expect((await call('owner', 'DELETE', `/casefiles/${id}`)).status).toBe(200);
    },
    request: ({ id }) => ['POST', `/casefiles/${id}/restore`],
    expected: owns,
  },
  {
    name: 'add sessions',
    request: ({ id }) => ['POST', `/casefiles/${id}/sessions`, { session_ids: [s2] }],
    expected: edits,
  },
  {
    name: 'remove a session',
    request: ({ id }) => ['DELETE', `/casefiles/${id}/sessions/${s1}`],
    expected: edits,
  },
  {
    name: 'add a note',
    request: ({ id }) => ['POST', `/casefiles/${id}/notes`, { body: 'a note' }],
    expected: { ...edits, owner: 201, editor: 201, admin: 201 },
  },
  {
    name: "edit the owner's note",
    request: ({ id, noteId }) => ['PATCH', `/casefiles/${id}/notes/${noteId}`, { body: 'x' }],
    // Only its author edits a note; an admin may delete it but not put words in it.
    expected: { owner: 200, editor: 403, viewer: 403, stranger: 404, admin: 403 },
  },
  {
    name: "delete the owner's note",
    request: ({ id, noteId }) => ['DELETE', `/casefiles/${id}/notes/${noteId}`],
    expected: owns,
  },
  {
    name: 'list permissions',
    request: ({ id }) => ['GET', `/casefiles/${id}/permissions`],
    expected: reads,
  },
  {
    name: 'check permission',
    request: ({ id }) => ['GET', `/casefiles/${id}/permissions/me`],
    expected: reads,
  },
  {
    name: 'grant',
    request: ({ id }) => [
      'POST',
      `/casefiles/${id}/permissions`,
      { principal_id: 'user:grace', role: 'viewer' },
    ],
    expected: owns,
  },
  {
    name: 'revoke the viewer',
    request: ({ id }) => ['DELETE', `/casefiles/${id}/permissions/${ids.viewer}`],
    expected: owns,
  },
];

describe('casefile roles over HTTP (role × operation)', () => {
  describe.each(matrix)('$name', ({ request, prepare, expected }) => {
    it.each(roles)('as %s', async (role) => {
      const casefile = await casefileWithMembers();
      await prepare?.(casefile);
      const [method, path, body] = request(casefile);
      const res = await call(role, method, path, body);
      expect(res.status, `${role} ${method} ${path}`).toBe(expected[role]);
      if (res.status >= 400) {
        const problem = await expectProblem(res, expected[role]);
        // A hidden casefile reads exactly like a missing one: nothing tells its id exists.
        if (res.status === 404) expect(problem.detail).not.toContain('role');
      }
    });
  });

  it('lists a casefile for its members and an admin, never for a stranger', async () => {
    const { id } = await casefileWithMembers();
    for (const role of roles) {
      const page = await json(await call(role, 'GET', '/casefiles?limit=100'), CasefilePage);
      const ofSession = await json(
        await call(role, 'GET', `/history/sessions/${s1}/casefiles`),
        CasefileList,
      );
      const listed = page.casefiles.some((c) => c.id === id);
      expect(listed, role).toBe(role !== 'stranger');
      expect(
        ofSession.casefiles.some((c) => c.id === id),
        role,
      ).toBe(role !== 'stranger');
    }
  });

  it('answers the same 404 for a valid id of another principal as for no such id (BOLA)', async () => {
    const { id, noteId } = await casefileWithMembers();
    for (const { request } of matrix) {
      const [method, path, body] = request({ id, noteId });
      const foreign = await call('stranger', method, path, body);
      const [, missingPath] = request({ id: 'no-such-casefile', noteId });
      const missing = await call('stranger', method, missingPath, body);
      expect(foreign.status, `${method} ${path}`).toBe(404);
      expect(missing.status).toBe(404);
      const a = await expectProblem(foreign);
      const b = await expectProblem(missing);
      expect(a.detail?.replace(id, 'ID')).toBe(b.detail?.replace('no-such-casefile', 'ID'));
    }
  });
});

describe('casefiles', () => {
  it('creates a casefile with its sessions as overview rows, its creator the owner', async () => {
    const res = await call('editor', 'POST', '/casefiles', {
      title: '  Payments incident ',
      description: 'three alerts',
      tags: ['sev1', 'payments'],
      session_ids: [s1, s2],
    });
    const created = await json(res, CasefileDetail, 201);
    expect(created).toMatchObject({
      title: 'Payments incident',
      status: 'open',
      tags: ['sev1', 'payments'],
      owner_id: ids.editor,
      role: 'owner',
      session_count: 2,
    });
    expect(created.sessions.map((s) => s.session_id).sort()).toEqual([s1, s2].sort());
    expect(created.session_links.every((l) => l.added_by === ids.editor)).toBe(true);
    const check = await json(
      await call('editor', 'GET', `/casefiles/${created.id}/permissions/me`),
      PermissionCheck,
    );
    expect(check).toEqual({
      principal_id: ids.editor,
      role: 'owner',
      can_edit: true,
      can_manage: true,
    });
  });

  it('writes nothing when one session id of the composite create is unknown', async () => {
    const before = await json(await call('admin', 'GET', '/casefiles?limit=100'), CasefilePage);
    const res = await call('owner', 'POST', '/casefiles', {
      title: 'half',
      session_ids: [s1, 'ghost-session'],
    });
    expect((await expectProblem(res, 404)).detail).toContain('ghost-session');
    const after = await json(await call('admin', 'GET', '/casefiles?limit=100'), CasefilePage);
    expect(after.casefiles.map((c) => c.id)).toEqual(before.casefiles.map((c) => c.id));
  });

  it('keeps the last owner: neither revoked nor demoted (409), until another owner exists', async () => {
    const { id } = await casefileWithMembers();
    const self = await call('owner', 'DELETE', `/casefiles/${id}/permissions/${ids.owner}`);
    await expectProblem(self, 409);
    const demoted = await call('owner', 'POST', `/casefiles/${id}/permissions`, {
      principal_id: ids.owner,
      role: 'editor',
    });
    await expectProblem(demoted, 409);
    await call('owner', 'POST', `/casefiles/${id}/permissions`, {
      principal_id: ids.editor,
      role: 'owner',
    });
    expect(
      (await call('owner', 'DELETE', `/casefiles/${id}/permissions/${ids.owner}`)).status,
    ).toBe(200);
    expect((await call('owner', 'GET', `/casefiles/${id}`)).status).toBe(404);
  });

  it('hides a deleted casefile from reads and lists, and lists it among the restorable', async () => {
    const { id } = await casefileWithMembers();
    await call('owner', 'DELETE', `/casefiles/${id}`);
    expect((await call('owner', 'GET', `/casefiles/${id}`)).status).toBe(404);
    const live = await json(await call('owner', 'GET', '/casefiles?limit=100'), CasefilePage);
    expect(live.casefiles.some((c) => c.id === id)).toBe(false);
    const deleted = await json(
      await call('owner', 'GET', '/casefiles?deleted=true&limit=100'),
      CasefilePage,
    );
    expect(deleted.casefiles.some((c) => c.id === id)).toBe(true);
    expect((await call('owner', 'POST', `/casefiles/${id}/restore`)).status).toBe(200);
    expect((await call('owner', 'GET', `/casefiles/${id}`)).status).toBe(200);
    // Restoring a live casefile: there is no deleted casefile by that id.
    expect((await call('owner', 'POST', `/casefiles/${id}/restore`)).status).toBe(404);
  });

  it('filters by status, tag, member and text, and pages with a cursor', async () => {
    const made: string[] = [];
    for (const n of [1, 2, 3]) {
      const res = await call('owner', 'POST', '/casefiles', {
        title: `pager ${n} zebra`,
        tags: ['paging'],
        session_ids: [s3],
      });
      made.push(((await res.json()) as { id: string }).id);
    }
    const first = await json(
      await call('owner', 'GET', '/casefiles?tag=paging&text=zebra&limit=2'),
      CasefilePage,
    );
    expect(first.casefiles).toHaveLength(2);
    const cursor = first.next_cursor ?? '';
    const second = await json(
      await call('owner', 'GET', `/casefiles?tag=paging&text=zebra&limit=2&cursor=${cursor}`),
      CasefilePage,
    );
    expect([...first.casefiles, ...second.casefiles].map((c) => c.id).sort()).toEqual(made.sort());
    expect(second.next_cursor).toBeNull();
    const other = await call('owner', 'GET', `/casefiles?tag=other&limit=2&cursor=${cursor}`);
    expect((await expectProblem(other, 400)).errors?.map((e) => e.path)).toEqual(['cursor']);
    const closed = await json(
      await call('owner', 'GET', '/casefiles?tag=paging&status=closed'),
      CasefilePage,
    );
    expect(closed.casefiles).toEqual([]);
    const asMember = await json(
      await call('admin', 'GET', `/casefiles?tag=paging&member=${ids.owner}`),
      CasefilePage,
    );
    expect(asMember.casefiles).toHaveLength(3);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/casefiles', { title: '' }, 'json.title'],
      ['POST', '/casefiles', { title: 'x', tags: ['a', 'a'] }, 'json.tags'],
      ['POST', '/casefiles', { title: 'x', session_ids: [s1, s1] }, 'json.session_ids'],
      ['PATCH', '/casefiles/x', {}, 'json'],
      ['PATCH', '/casefiles/x', { status: 'archived' }, 'json.status'],
      [
        'POST',
        '/casefiles/x/permissions',
        { principal_id: 'ada', role: 'viewer' },
        'json.principal_id',
      ],
      ['POST', '/casefiles/x/permissions', { principal_id: 'user:ada', role: 'god' }, 'json.role'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await call('owner', method, path, body);
      const problem = await expectProblem(res, 400);
      expect(
        problem.errors?.map((e) => e.path),
        `${method} ${path}`,
      ).toContain(field);
    }
  });

  it('works through the typed client', async () => {
    const client = createClient('http://hindsight.test', {
      fetch: (input: string | URL | Request, init?: RequestInit) => app.request(input, init),
      headers: { authorization: `Bearer ${keys.owner}` },
    });
    const created = await client.api.v1.casefiles.$post({ json: { title: 'typed' } });
    expect(created.status).toBe(201);
    if (created.status !== 201) return;
    const { id } = await created.json();
    const note = await client.api.v1.casefiles[':id'].notes.$post({
      param: { id },
      json: { body: 'typed note' },
    });
    expect(note.status).toBe(201);
    const got = await client.api.v1.casefiles[':id'].$get({ param: { id } });
    expect(got.status).toBe(200);
    if (got.status === 200)
      expect((await got.json()).notes.map((n) => n.body)).toEqual(['typed note']);
  });
});

describe('the audit log', () => {
  it('records casefile writes with principal, target, outcome and request id; admin only', async () => {
    const created = await call('owner', 'POST', '/casefiles', { title: 'audited' });
    const { id } = (await created.json()) as { id: string };
    const requestId = created.headers.get('x-request-id');
    await call('viewer', 'DELETE', `/casefiles/${id}`);
    const page = await json(await call('admin', 'GET', `/audit?target=casefile:${id}`), AuditPage);
    expect(page.events.map((e) => [e.operation, e.outcome, e.principal_id])).toEqual([
      ['casefiles.delete', 'denied', ids.viewer],
      ['casefiles.create', 'success', ids.owner],
    ]);
    expect(page.events[1]?.request_id).toBe(requestId);
    expect((await call('owner', 'GET', '/audit')).status).toBe(403);
  });

  it('never stores an API key value, and pages by cursor through a filter', async () => {
    const made = await call('admin', 'POST', '/admin/api-keys', { name: 'ci', scopes: ['read'] });
    const { key } = (await made.json()) as { key: string };
    const first = await json(
      await call('admin', 'GET', '/audit?operation=apiKeys.create&limit=1'),
      AuditPage,
    );
    expect(first.events).toHaveLength(1);
    const second = await json(
      await call(
        'admin',
        'GET',
        `/audit?operation=apiKeys.create&limit=100&cursor=${first.next_cursor}`,
      ),
      AuditPage,
    );
    const all = [...first.events, ...second.events];
    expect(all.length).toBe(roles.length + 1);
    expect(JSON.stringify(all)).not.toContain(key);
    for (const path of ['/audit', `/audit/${first.events[0]?.id}`]) {
      for (const method of ['DELETE', 'PATCH', 'PUT']) {
        expect([404, 405]).toContain((await call('admin', method, path)).status);
      }
    }
  });
});

describe('the hub behind the routes', () => {
  it('refuses a call without the scope even when a route forgot to check (403)', async () => {
    const ingestOnly: Principal = { kind: 'api_key', id: 'k', name: 'k', scopes: ['ingest'] };
    const careless = new Hono()
      .get('/careless', async (c) =>
        c.json(await t.hub.as({ principal: ingestOnly }).sessions.list({}), 200),
      )
      .onError(createErrorHandler(recordingLogger(), createMetrics()));
    const res = await careless.request('/careless');
    expect(res.status).toBe(403);
    await expect(t.hub.call('sessions.list', {}, { principal: ingestOnly })).rejects.toThrow(
      ForbiddenError,
    );
  });

  it('counts every operation by name and outcome in /metrics', async () => {
    await call('stranger', 'GET', '/casefiles/nope');
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(
      /hindsight_operations_total\{operation="casefiles.get",outcome="not_found"\} [1-9]/,
    );
    expect(text).toMatch(
      /hindsight_operations_total\{operation="casefiles.create",outcome="success"\} [1-9]/,
    );
    expect(text).toMatch(
      /hindsight_operation_duration_seconds_bucket\{[^}]*operation="casefiles.get"/,
    );
  });
});
