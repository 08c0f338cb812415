import {
  AddCasefileSessionsRequest,
  CasefileDetail,
  CasefileListQuery,
  CasefileNote,
  CasefilePage,
  CasefilePermission,
  CreateCasefileRequest,
  GrantRequest,
  Id,
  NoteRequest,
  PermissionCheck,
  PermissionList,
  PrincipalId,
  UpdateCasefileRequest,
} from '@hindsight/models';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ApiEnv } from '../env.js';
import type { ProblemStatus, RouteSpec } from '../route.js';
import { validate } from '../validation.js';
import type { RouteModuleDeps } from './deps.js';

const CasefilePath = v.object({ id: Id });
const SessionPath = v.object({ id: Id, session_id: Id });
const NotePath = v.object({ id: Id, note_id: Id });
const PermissionPath = v.object({ id: Id, principal_id: PrincipalId });
const Deleted = v.object({ id: Id });
const Revoked = v.object({ principal_id: v.string() });

const hidden =
  'A casefile the caller may not see (no role, deleted, or no such id) answers 404, never 403.';

/** Casefile routes all need the read scope; what a caller may do on one is its role (see README). */
function spec(
  summary: string,
  role: 'viewer' | 'editor' | 'owner',
  responses: RouteSpec['responses'],
  problems: ProblemStatus[] = [400, 404],
): RouteSpec {
  return {
    access: 'read',
    summary,
    description: `Needs the ${role} role on the casefile (an admin has every role). ${hidden}`,
    tags: ['casefiles'],
    responses,
    problems,
  };
}

/** Casefiles, their sessions, notes and permissions, mounted at /api/v1/casefiles. */
export function casefileRoutes({ services, route }: RouteModuleDeps) {
  return new Hono<ApiEnv>()
    .post(
      '/',
      route({
        access: 'read',
        summary: 'Create a casefile, with its first sessions',
        description:
          'The caller becomes its owner. Atomic: one unknown session id fails the whole request (404) and nothing is written.',
        tags: ['casefiles'],
        responses: { 201: { description: 'The new casefile', schema: CasefileDetail } },
        problems: [400, 404, 413],
        maxBodyBytes: 64 * 1024,
      }),
      validate('json', CreateCasefileRequest),
      async (c) => c.json(await services(c).casefiles.create(c.req.valid('json')), 201),
    )
    .get(
      '/',
      route({
        access: 'read',
        summary: 'List the casefiles the caller may see',
        description:
          'Newest first; filter by status, tag, member (a principal id), text (title and description); `deleted=true` lists those an owner may still restore. Page with `next_cursor`.',
        tags: ['casefiles'],
        responses: { 200: { description: 'One page of casefiles', schema: CasefilePage } },
        problems: [400],
      }),
      validate('query', CasefileListQuery),
      async (c) => c.json(await services(c).casefiles.list(c.req.valid('query')), 200),
    )
    .get(
      '/:id',
      route(
        spec('One casefile with its sessions and notes', 'viewer', {
          200: { description: 'The casefile', schema: CasefileDetail },
        }),
      ),
      validate('param', CasefilePath),
      async (c) => c.json(await services(c).casefiles.get(c.req.valid('param')), 200),
    )
    .patch(
      '/:id',
      route(
        spec(
          'Change the title, description, status or tags',
          'editor',
          { 200: { description: 'The casefile', schema: CasefileDetail } },
          [400, 404, 413],
        ),
      ),
      validate('param', CasefilePath),
      validate('json', UpdateCasefileRequest),
      async (c) =>
        c.json(
          await services(c).casefiles.update({
            id: c.req.valid('param').id,
            changes: c.req.valid('json'),
          }),
          200,
        ),
    )
    .delete(
      '/:id',
      route(
        spec('Delete a casefile (its owners may restore it for 30 days)', 'owner', {
          200: { description: 'The deleted casefile', schema: CasefileDetail },
        }),
      ),
      validate('param', CasefilePath),
      async (c) => c.json(await services(c).casefiles.delete(c.req.valid('param')), 200),
    )
    .post(
      '/:id/restore',
      route(
        spec('Restore a deleted casefile (within 30 days)', 'owner', {
          200: { description: 'The restored casefile', schema: CasefileDetail },
        }),
      ),
      validate('param', CasefilePath),
      async (c) => c.json(await services(c).casefiles.restore(c.req.valid('param')), 200),
    )
    .post(
      '/:id/sessions',
      route(
        spec(
          'Add sessions to a casefile',
          'editor',
          { 200: { description: 'The casefile', schema: CasefileDetail } },
          [400, 404, 413],
        ),
      ),
      validate('param', CasefilePath),
      validate('json', AddCasefileSessionsRequest),
      async (c) =>
        c.json(
          await services(c).casefiles.addSessions({
            id: c.req.valid('param').id,
            ...c.req.valid('json'),
          }),
          200,
        ),
    )
    .delete(
      '/:id/sessions/:session_id',
      route(
        spec('Remove a session from a casefile', 'editor', {
          200: { description: 'The casefile', schema: CasefileDetail },
        }),
      ),
      validate('param', SessionPath),
      async (c) => c.json(await services(c).casefiles.removeSession(c.req.valid('param')), 200),
    )
    .post(
      '/:id/notes',
      route(
        spec(
          'Add a Markdown note',
          'editor',
          { 201: { description: 'The note', schema: CasefileNote } },
          [400, 404, 413],
        ),
      ),
      validate('param', CasefilePath),
      validate('json', NoteRequest),
      async (c) =>
        c.json(
          await services(c).casefiles.addNote({
            id: c.req.valid('param').id,
            ...c.req.valid('json'),
          }),
          201,
        ),
    )
    .patch(
      '/:id/notes/:note_id',
      route(
        spec(
          'Edit a note (its author only)',
          'editor',
          { 200: { description: 'The note', schema: CasefileNote } },
          [400, 404, 413],
        ),
      ),
      validate('param', NotePath),
      validate('json', NoteRequest),
      async (c) =>
        c.json(
          await services(c).casefiles.editNote({
            ...c.req.valid('param'),
            ...c.req.valid('json'),
          }),
          200,
        ),
    )
    .delete(
      '/:id/notes/:note_id',
      route(
        spec('Delete a note (its author, or an owner)', 'editor', {
          200: { description: 'The id of the deleted note', schema: Deleted },
        }),
      ),
      validate('param', NotePath),
      async (c) => c.json(await services(c).casefiles.deleteNote(c.req.valid('param')), 200),
    )
    .get(
      '/:id/permissions',
      route(
        spec('Who holds which role', 'viewer', {
          200: { description: 'The permissions, owners first', schema: PermissionList },
        }),
      ),
      validate('param', CasefilePath),
      async (c) => c.json(await services(c).casefiles.permissions(c.req.valid('param')), 200),
    )
    .get(
      '/:id/permissions/me',
      route(
        spec("The caller's role and what it allows", 'viewer', {
          200: { description: 'The role', schema: PermissionCheck },
        }),
      ),
      validate('param', CasefilePath),
      async (c) => c.json(await services(c).casefiles.checkPermission(c.req.valid('param')), 200),
    )
    .post(
      '/:id/permissions',
      route(
        spec(
          'Grant a role (replacing the principal’s previous one)',
          'owner',
          { 200: { description: 'The permission', schema: CasefilePermission } },
          [400, 404, 409],
        ),
      ),
      validate('param', CasefilePath),
      validate('json', GrantRequest),
      async (c) =>
        c.json(
          await services(c).casefiles.grant({
            id: c.req.valid('param').id,
            ...c.req.valid('json'),
          }),
          200,
        ),
    )
    .delete(
      '/:id/permissions/:principal_id',
      route(
        spec(
          'Revoke a role (the last owner cannot be removed: 409)',
          'owner',
          { 200: { description: 'The principal whose role was revoked', schema: Revoked } },
          [400, 404, 409],
        ),
      ),
      validate('param', PermissionPath),
      async (c) => c.json(await services(c).casefiles.revoke(c.req.valid('param')), 200),
    );
}
