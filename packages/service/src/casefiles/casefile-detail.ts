import type {
  CasefileDetail,
  CasefileRecord,
  CasefileRole,
  CasefileSummary,
  Principal,
} from '@hindsight/models';
import {
  type CasefileListRow,
  countCasefileSessions,
  findCasefile,
  findSessionOverviewsByIds,
  listCasefileNotes,
  listCasefileSessions,
} from '@hindsight/repository';
import type { ServiceContext } from '../context.js';
import { NotFoundError } from '../errors.js';
import { casefileRoleOf } from '../hub/access.js';

/** The audit target of a casefile operation. */
export const casefileTarget = (id: string) => `casefile:${id}`;

export function toSummary(
  record: CasefileRecord,
  role: CasefileRole,
  sessionCount: number,
): CasefileSummary {
  const { deleted_by: _by, ...fields } = record;
  return { ...fields, role, session_count: sessionCount };
}

/** A listed row for a caller: an admin holding no role sees it as an owner would. */
export function summaryOfRow(row: CasefileListRow): CasefileSummary {
  return toSummary(row, row.role ?? 'owner', row.session_count);
}

/**
 * The casefile as `GET /casefiles/{id}` answers it: its sessions as overview
 * rows (a session deleted since it was added drops out with its link), notes,
 * and the caller's role. The access hook has checked that the caller may see it.
 */
export async function casefileDetail(
  ctx: ServiceContext,
  id: string,
  principal: Principal,
): Promise<CasefileDetail> {
  const record = await findCasefile(ctx.db, id);
  const role = await casefileRoleOf(ctx, principal, id, record?.deleted_at_us != null);
  if (!record || !role) throw new NotFoundError('casefile', id);
  const links = await listCasefileSessions(ctx.db, id);
  const overviews = await findSessionOverviewsByIds(
    ctx.db,
    links.map((link) => link.session_id),
  );
  const present = links.filter((link) => overviews.has(link.session_id));
  return {
    ...toSummary(record, role, await countCasefileSessions(ctx.db, id)),
    sessions: present.flatMap((link) => {
      const overview = overviews.get(link.session_id);
      return overview ? [overview] : [];
    }),
    session_links: present,
    notes: await listCasefileNotes(ctx.db, id),
  };
}
