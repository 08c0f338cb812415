import * as v from 'valibot';
import { KeysetCursorParam, KeysetLimit } from './keyset-cursor.js';
import { Id, TimestampUs } from './primitives.js';
import { PrincipalId } from './principal.js';
import { SessionOverview } from './session.js';

// Casefiles: an investigation that spans several sessions, with notes and
// per-principal roles.

/** A casefile is `open` while people work on it and `closed` once they are done. */
export const casefileStatuses = ['open', 'closed'] as const;
/** Whether a casefile is still worked on (`open`) or done (`closed`). */
export const CasefileStatus = v.picklist(casefileStatuses, 'must be open or closed');
export type CasefileStatus = v.InferOutput<typeof CasefileStatus>;

/** `viewer` reads; `editor` also changes sessions and notes; `owner` also grants, revokes, deletes and restores. */
export const casefileRoles = ['viewer', 'editor', 'owner'] as const;
/**
 * A person's role on one casefile: `viewer` reads, `editor` also changes it and its sessions
 * and notes, `owner` also grants roles.
 */
export const CasefileRole = v.picklist(casefileRoles, 'must be one of viewer, editor, owner');
export type CasefileRole = v.InferOutput<typeof CasefileRole>;

/** True when `role` includes what `needed` may do. */
export function roleIncludes(role: CasefileRole, needed: CasefileRole): boolean {
  return casefileRoles.indexOf(role) >= casefileRoles.indexOf(needed);
}

/** Days an owner may restore a deleted casefile; afterwards it is gone for good. */
export const casefileRestoreDays = 30;

/** A casefile's title: trimmed, not empty, bounded. */
export const CasefileTitle = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(200),
);
/** A casefile's free-text description (Markdown for the dashboard), at most 10 000 characters. */
export const CasefileDescription = v.pipe(v.string(), v.maxLength(10_000));
/** One tag of a casefile: trimmed, not empty, bounded. */
export const CasefileTag = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(64),
);
/** A casefile's tags: at most 32, none repeated. */
export const CasefileTags = v.pipe(
  v.array(CasefileTag),
  v.maxLength(32),
  v.check((tags) => new Set(tags).size === tags.length, 'must not repeat a tag'),
);
/** Markdown, rendered by clients through a sanitizer. */
export const NoteBody = v.pipe(
  v.string(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(65_536),
);
/** Session ids of one request: at most 100, none repeated. */
export const SessionIds = v.pipe(
  v.array(Id),
  v.maxLength(100),
  v.check((ids) => new Set(ids).size === ids.length, 'must not repeat a session id'),
);

const casefileFields = {
  id: Id,
  title: CasefileTitle,
  description: v.nullable(CasefileDescription),
  status: CasefileStatus,
  tags: CasefileTags,
  /** The creator, the first owner (`<kind>:<id>`); other owners are in the permissions. */
  owner_id: PrincipalId,
  created_at_us: TimestampUs,
  updated_at_us: TimestampUs,
};

/** A row of `casefiles`. Deleted rows stay restorable for `casefileRestoreDays`. */
export const CasefileRecord = v.object({
  ...casefileFields,
  deleted_at_us: v.nullable(TimestampUs),
  deleted_by: v.nullable(PrincipalId),
});
export type CasefileRecord = v.InferOutput<typeof CasefileRecord>;

/** A casefile in a list, with the caller's role on it. */
export const CasefileSummary = v.object({
  ...casefileFields,
  deleted_at_us: v.nullable(TimestampUs),
  /** The caller's role; `owner` for an admin. */
  role: CasefileRole,
  session_count: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
});
export type CasefileSummary = v.InferOutput<typeof CasefileSummary>;

/** A row of `casefile_sessions`: who added a session, and when. */
export const CasefileSessionRecord = v.object({
  casefile_id: Id,
  session_id: Id,
  added_by: PrincipalId,
  added_at_us: TimestampUs,
});
export type CasefileSessionRecord = v.InferOutput<typeof CasefileSessionRecord>;

/** A row of `casefile_notes`. */
export const CasefileNote = v.object({
  id: Id,
  casefile_id: Id,
  author_id: PrincipalId,
  body: NoteBody,
  created_at_us: TimestampUs,
  updated_at_us: TimestampUs,
});
export type CasefileNote = v.InferOutput<typeof CasefileNote>;

/** A row of `casefile_permissions`. */
export const CasefilePermission = v.object({
  casefile_id: Id,
  principal_id: PrincipalId,
  role: CasefileRole,
  granted_by: PrincipalId,
  granted_at_us: TimestampUs,
});
export type CasefilePermission = v.InferOutput<typeof CasefilePermission>;

/** `GET /casefiles/{id}`: the casefile, its sessions as overview rows, its notes. */
export const CasefileDetail = v.object({
  ...CasefileSummary.entries,
  /** The sessions, most recently added first. */
  sessions: v.array(SessionOverview),
  /** Who added each session and when, in the order of `sessions`. */
  session_links: v.array(CasefileSessionRecord),
  /** Notes, oldest first. */
  notes: v.array(CasefileNote),
});
export type CasefileDetail = v.InferOutput<typeof CasefileDetail>;

/** Body of `POST /api/v1/casefiles`; the caller becomes its owner. */
export const CreateCasefileRequest = v.object({
  title: CasefileTitle,
  description: v.optional(CasefileDescription),
  tags: v.optional(CasefileTags, []),
  /** Sessions to add at once; one unknown id fails the whole request. */
  session_ids: v.optional(SessionIds, []),
});
export type CreateCasefileRequest = v.InferOutput<typeof CreateCasefileRequest>;

/**
 * Body of `PATCH /api/v1/casefiles/{id}`: the fields to change (at least one); a null
 * description clears it.
 */
export const UpdateCasefileRequest = v.pipe(
  v.object({
    title: v.optional(CasefileTitle),
    description: v.optional(v.nullable(CasefileDescription)),
    status: v.optional(CasefileStatus),
    tags: v.optional(CasefileTags),
  }),
  v.check((patch) => Object.keys(patch).length > 0, 'must change at least one field'),
);
export type UpdateCasefileRequest = v.InferOutput<typeof UpdateCasefileRequest>;

/**
 * Body of `POST /api/v1/casefiles/{id}/sessions`: the sessions to attach (attaching one twice
 * is a no-op).
 */
export const AddCasefileSessionsRequest = v.object({
  session_ids: v.pipe(SessionIds, v.minLength(1, 'must name at least one session')),
});
export type AddCasefileSessionsRequest = v.InferOutput<typeof AddCasefileSessionsRequest>;

/** Body of a new note or a note's edit on a casefile. */
export const NoteRequest = v.object({ body: NoteBody });
export type NoteRequest = v.InferOutput<typeof NoteRequest>;

/** Body of a role grant on a casefile: whom (a principal id such as `user:ada`) and which role. */
export const GrantRequest = v.object({ principal_id: PrincipalId, role: CasefileRole });
export type GrantRequest = v.InferOutput<typeof GrantRequest>;

const Search = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(3, 'must be at least 3 characters'),
  v.maxLength(200),
);

/** `GET /casefiles`: newest first; filters combine with AND. */
export const CasefileListQuery = v.object({
  status: v.optional(CasefileStatus),
  tag: v.optional(CasefileTag),
  /** Casefiles where this principal holds any role. */
  member: v.optional(PrincipalId),
  /** Words in the title or description. */
  text: v.optional(Search),
  /** `true`: the caller's deleted casefiles that can still be restored. */
  deleted: v.optional(v.picklist(['true', 'false']), 'false'),
  limit: KeysetLimit,
  cursor: v.optional(KeysetCursorParam),
});
export type CasefileListQuery = v.InferOutput<typeof CasefileListQuery>;
/** The casefile list query as a caller writes it, before defaults and coercion. */
export type CasefileListQueryInput = v.InferInput<typeof CasefileListQuery>;

/** A page of casefiles the caller may see, with the cursor of the next page. */
export const CasefilePage = v.object({
  casefiles: v.array(CasefileSummary),
  next_cursor: v.nullable(v.string()),
});
export type CasefilePage = v.InferOutput<typeof CasefilePage>;

/** The casefiles that hold one session (those the caller may see). */
export const CasefileList = v.object({ casefiles: v.array(CasefileSummary) });
export type CasefileList = v.InferOutput<typeof CasefileList>;

/** Who holds which role on one casefile. */
export const PermissionList = v.object({ permissions: v.array(CasefilePermission) });
export type PermissionList = v.InferOutput<typeof PermissionList>;

/** `GET /casefiles/{id}/permissions/check`: the caller's role (404 when none). */
export const PermissionCheck = v.object({
  principal_id: v.string(),
  role: CasefileRole,
  can_edit: v.boolean(),
  can_manage: v.boolean(),
});
export type PermissionCheck = v.InferOutput<typeof PermissionCheck>;
