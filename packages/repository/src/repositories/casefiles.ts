import type {
  CasefileNote,
  CasefilePermission,
  CasefileRecord,
  CasefileRole,
  CasefileSessionRecord,
  CasefileStatus,
} from '@hindsight/models';
import { and, asc, count, desc, eq, gte, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { casefileNotes } from '../schema/casefile-notes.js';
import { casefilePermissions } from '../schema/casefile-permissions.js';
import { casefileSessions } from '../schema/casefile-sessions.js';
import { casefiles } from '../schema/casefiles.js';
import { alertSessions } from '../schema/sessions.js';
import { inJsonPlaceholder } from './json-rows.js';

// Casefiles and what hangs off them: sessions, notes, permissions. Visibility
// rules belong to the service; these functions take the viewer explicitly.

/** Stores a new casefile. */
export async function insertCasefile(db: Db, record: CasefileRecord): Promise<void> {
  await db.insert(casefiles).values(record);
}

/** The casefile with this id, or null. */
export async function findCasefile(db: Db, id: string): Promise<CasefileRecord | null> {
  const [row] = await db.select().from(casefiles).where(eq(casefiles.id, id)).limit(1);
  return row ?? null;
}

/** The fields of a casefile an update may change. */
export type CasefilePatch = Partial<
  Pick<
    CasefileRecord,
    'title' | 'description' | 'status' | 'tags' | 'updated_at_us' | 'deleted_at_us' | 'deleted_by'
  >
>;

/**
 * Changes a casefile's fields; resolves to the updated casefile, or null when there is none with
 * this id.
 */
export async function updateCasefile(
  db: Db,
  id: string,
  patch: CasefilePatch,
): Promise<CasefileRecord | null> {
  const [row] = await db.update(casefiles).set(patch).where(eq(casefiles.id, id)).returning();
  return row ?? null;
}

/** The role of a principal on a casefile, or null when it holds none. */
export async function findCasefileRole(
  db: Db,
  casefileId: string,
  principalId: string,
): Promise<CasefileRole | null> {
  const [row] = await db
    .select({ role: casefilePermissions.role })
    .from(casefilePermissions)
    .where(
      and(
        eq(casefilePermissions.casefile_id, casefileId),
        eq(casefilePermissions.principal_id, principalId),
      ),
    )
    .limit(1);
  return row?.role ?? null;
}

/** Which casefiles a page lists, for whom, and from where. */
export interface CasefileListRequest {
  /** Only casefiles this principal holds a role on; null lists all (admin). */
  readonly viewer: string | null;
  readonly status?: CasefileStatus | undefined;
  readonly tag?: string | undefined;
  readonly member?: string | undefined;
  readonly text?: string | undefined;
  /** Deleted casefiles deleted at or after this time instead of live ones. */
  readonly deletedSinceUs?: number | undefined;
  /** Keyset: rows after (older than) this `[created_at_us, id]`. */
  readonly after?: readonly [number, string] | undefined;
  readonly limit: number;
}

/** A casefile in a list, with the viewer's role on it and its session count. */
export interface CasefileListRow extends CasefileRecord {
  /** The viewer's role; null when listed for an admin who holds none. */
  readonly role: CasefileRole | null;
  readonly session_count: number;
}

const roleOf = (viewer: string | null) =>
  viewer === null
    ? sql<CasefileRole | null>`null`
    : sql<CasefileRole | null>`(select p.role from casefile_permissions p where p.casefile_id = ${casefiles.id} and p.principal_id = ${viewer})`;

const sessionCount = sql<number>`(select count(*)::int from casefile_sessions s where s.casefile_id = ${casefiles.id})`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function holdsRole(principal: string): SQL {
  return sql`exists (select 1 from casefile_permissions p where p.casefile_id = ${casefiles.id} and p.principal_id = ${principal})`;
}

/** Newest first, keyset on (created_at_us, id). */
export async function listCasefiles(
  db: Db,
  request: CasefileListRequest,
): Promise<CasefileListRow[]> {
  const conditions: (SQL | undefined)[] = [
    request.deletedSinceUs === undefined
      ? isNull(casefiles.deleted_at_us)
      : and(
          isNotNull(casefiles.deleted_at_us),
          gte(casefiles.deleted_at_us, request.deletedSinceUs),
        ),
    request.viewer === null ? undefined : holdsRole(request.viewer),
    request.member === undefined ? undefined : holdsRole(request.member),
    request.status === undefined ? undefined : eq(casefiles.status, request.status),
    request.tag === undefined ? undefined : sql`${casefiles.tags} @> array[${request.tag}]::text[]`,
    request.text === undefined
      ? undefined
      : sql`(${casefiles.title} ilike ${`%${escapeLike(request.text)}%`} or coalesce(${casefiles.description}, '') ilike ${`%${escapeLike(request.text)}%`})`,
    request.after === undefined
      ? undefined
      : sql`(${casefiles.created_at_us}, ${casefiles.id}) < (${request.after[0]}, ${request.after[1]})`,
  ];
  const rows = await db
    .select({ casefile: casefiles, role: roleOf(request.viewer), session_count: sessionCount })
    .from(casefiles)
    .where(and(...conditions))
    .orderBy(desc(casefiles.created_at_us), desc(casefiles.id))
    .limit(request.limit);
  return rows.map((row) => ({
    ...row.casefile,
    role: row.role,
    session_count: Number(row.session_count),
  }));
}

/** The live casefiles a session is in, that `viewer` holds a role on (null: all). */
export async function listCasefilesOfSession(
  db: Db,
  sessionId: string,
  viewer: string | null,
): Promise<CasefileListRow[]> {
  const rows = await db
    .select({ casefile: casefiles, role: roleOf(viewer), session_count: sessionCount })
    .from(casefileSessions)
    .innerJoin(casefiles, eq(casefiles.id, casefileSessions.casefile_id))
    .where(
      and(
        eq(casefileSessions.session_id, sessionId),
        isNull(casefiles.deleted_at_us),
        viewer === null ? undefined : holdsRole(viewer),
      ),
    )
    .orderBy(desc(casefiles.created_at_us), desc(casefiles.id))
    .limit(1000);
  return rows.map((row) => ({
    ...row.casefile,
    role: row.role,
    session_count: Number(row.session_count),
  }));
}

/** How many sessions a casefile holds. */
export async function countCasefileSessions(db: Db, casefileId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(casefileSessions)
    .where(eq(casefileSessions.casefile_id, casefileId));
  return row?.n ?? 0;
}

/** The ids among `ids` that name an existing session. */
export async function findExistingSessionIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: alertSessions.session_id })
    .from(alertSessions)
    .where(inJsonPlaceholder(alertSessions.session_id, 'ids'))
    .prepare('hindsight_find_existing_session_ids')
    .execute({ ids: JSON.stringify([...new Set(ids)]) });
  return new Set(rows.map((row) => row.id));
}

/** Adds sessions; one already there is left as it was. Returns the ids newly added. */
export async function insertCasefileSessions(
  db: Db,
  rows: readonly CasefileSessionRecord[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const added = await db
    .insert(casefileSessions)
    .values([...rows])
    .onConflictDoNothing()
    .returning({ session_id: casefileSessions.session_id });
  return added.map((row) => row.session_id);
}

/** Detaches a session from a casefile; resolves to whether it was attached. */
export async function deleteCasefileSession(
  db: Db,
  casefileId: string,
  sessionId: string,
): Promise<boolean> {
  const deleted = await db
    .delete(casefileSessions)
    .where(
      and(eq(casefileSessions.casefile_id, casefileId), eq(casefileSessions.session_id, sessionId)),
    )
    .returning({ id: casefileSessions.session_id });
  return deleted.length > 0;
}

/** Most recently added first. */
export async function listCasefileSessions(
  db: Db,
  casefileId: string,
): Promise<CasefileSessionRecord[]> {
  return db
    .select()
    .from(casefileSessions)
    .where(eq(casefileSessions.casefile_id, casefileId))
    .orderBy(desc(casefileSessions.added_at_us), asc(casefileSessions.session_id));
}

/** Stores a new note on a casefile. */
export async function insertCasefileNote(db: Db, note: CasefileNote): Promise<void> {
  await db.insert(casefileNotes).values(note);
}

/** A note of this casefile, or null (a note of another casefile is null too). */
export async function findCasefileNote(
  db: Db,
  casefileId: string,
  noteId: string,
): Promise<CasefileNote | null> {
  const [row] = await db
    .select()
    .from(casefileNotes)
    .where(and(eq(casefileNotes.casefile_id, casefileId), eq(casefileNotes.id, noteId)))
    .limit(1);
  return row ?? null;
}

/** Replaces a note's body; resolves to the updated note, or null when there is none. */
export async function updateCasefileNote(
  db: Db,
  noteId: string,
  patch: Pick<CasefileNote, 'body' | 'updated_at_us'>,
): Promise<CasefileNote | null> {
  const [row] = await db
    .update(casefileNotes)
    .set(patch)
    .where(eq(casefileNotes.id, noteId))
    .returning();
  return row ?? null;
}

/** Deletes a note; resolves to whether there was one. */
export async function deleteCasefileNote(db: Db, noteId: string): Promise<boolean> {
  const deleted = await db
    .delete(casefileNotes)
    .where(eq(casefileNotes.id, noteId))
    .returning({ id: casefileNotes.id });
  return deleted.length > 0;
}

/** Oldest first. */
export async function listCasefileNotes(db: Db, casefileId: string): Promise<CasefileNote[]> {
  return db
    .select()
    .from(casefileNotes)
    .where(eq(casefileNotes.casefile_id, casefileId))
    .orderBy(asc(casefileNotes.created_at_us), asc(casefileNotes.id));
}

/** Grants a role, replacing the principal's previous one. */
export async function upsertCasefilePermission(
  db: Db,
  permission: CasefilePermission,
): Promise<void> {
  await db
    .insert(casefilePermissions)
    .values(permission)
    .onConflictDoUpdate({
      target: [casefilePermissions.casefile_id, casefilePermissions.principal_id],
      set: {
        role: permission.role,
        granted_by: permission.granted_by,
        granted_at_us: permission.granted_at_us,
      },
    });
}

/** Takes a principal's role on a casefile away; resolves to whether it held one. */
export async function deleteCasefilePermission(
  db: Db,
  casefileId: string,
  principalId: string,
): Promise<boolean> {
  const deleted = await db
    .delete(casefilePermissions)
    .where(
      and(
        eq(casefilePermissions.casefile_id, casefileId),
        eq(casefilePermissions.principal_id, principalId),
      ),
    )
    .returning({ id: casefilePermissions.principal_id });
  return deleted.length > 0;
}

/** Owners first, then editors, then viewers; each by principal id. */
export async function listCasefilePermissions(
  db: Db,
  casefileId: string,
): Promise<CasefilePermission[]> {
  return db
    .select()
    .from(casefilePermissions)
    .where(eq(casefilePermissions.casefile_id, casefileId))
    .orderBy(
      sql`case ${casefilePermissions.role} when 'owner' then 0 when 'editor' then 1 else 2 end`,
      asc(casefilePermissions.principal_id),
    );
}

/**
 * Locks the casefile's owner rows and counts them, so two owners removing
 * each other at once cannot leave the casefile without one.
 */
export async function lockCasefileOwners(db: Db, casefileId: string): Promise<string[]> {
  const rows = await db
    .select({ principal_id: casefilePermissions.principal_id })
    .from(casefilePermissions)
    .where(
      and(eq(casefilePermissions.casefile_id, casefileId), eq(casefilePermissions.role, 'owner')),
    )
    .for('update');
  return rows.map((row) => row.principal_id);
}
