import type {
  AuditEvent,
  AuditPage,
  CasefileDetail,
  CasefileNote,
  CasefilePermission,
  CasefileSummary,
} from '../src/index.js';
import { sessionOverview } from './fixtures.js';

const t0 = 1_767_225_600_000_000;

export function casefileSummary(): CasefileSummary {
  return {
    id: 'c1',
    title: 'Checkout outage',
    description: 'three alerts, one cause',
    status: 'open',
    tags: ['sev1'],
    owner_id: 'user:ada',
    created_at_us: t0,
    updated_at_us: t0 + 1,
    deleted_at_us: null,
    role: 'owner',
    session_count: 1,
  };
}

export function casefileNote(): CasefileNote {
  return {
    id: 'n1',
    casefile_id: 'c1',
    author_id: 'user:ada',
    body: 'The **disk** filled up.',
    created_at_us: t0,
    updated_at_us: t0,
  };
}

export function casefilePermission(): CasefilePermission {
  return {
    casefile_id: 'c1',
    principal_id: 'api_key:key_1',
    role: 'viewer',
    granted_by: 'user:ada',
    granted_at_us: t0,
  };
}

export function casefileDetail(): CasefileDetail {
  const session = sessionOverview();
  return {
    ...casefileSummary(),
    sessions: [session],
    session_links: [
      { casefile_id: 'c1', session_id: session.session_id, added_by: 'user:ada', added_at_us: t0 },
    ],
    notes: [casefileNote()],
  };
}

export function auditEvent(): AuditEvent {
  return {
    id: 7,
    at_us: t0,
    principal_id: 'user:ada',
    operation: 'casefiles.create',
    target: 'casefile:c1',
    outcome: 'success',
    request_id: 'req-1',
    summary: { title: 'Checkout outage' },
    error_code: null,
  };
}

export function auditPage(): AuditPage {
  return { events: [auditEvent()], next_cursor: 'eyJrIjpbN10sImYiOiJ4In0' };
}
