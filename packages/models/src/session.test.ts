import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  detailedSession,
  detailedStage,
  issuePaths,
  llmEventDetails,
  llmInteraction,
  loose,
  notCounts,
  sessionOverview,
  sessionRecord,
  T0,
} from '../test/fixtures.js';
import { paginatedSessions, paginationInfo } from '../test/summary-fixtures.js';
import { completedNotBeforeStarted } from './primitives.js';
import { DetailedSession, PaginatedSessions, SessionOverview, SessionRecord } from './session.js';
import { sessionStatuses } from './status.js';

describe('SessionRecord', () => {
  it.each(sessionStatuses)('accepts the status %s', (status) => {
    expect(issuePaths(SessionRecord, sessionRecord({ status }))).toEqual([]);
  });

  it('accepts a running session with every nullable field null', () => {
    const record = sessionRecord({
      status: 'in_progress',
      alert_type: null,
      completed_at_us: null,
      final_analysis: null,
      current_stage_index: null,
      current_stage_id: null,
      author: null,
    });
    expect(v.parse(SessionRecord, record)).toEqual(record);
  });

  it('rejects completed_at_us before started_at_us, at completed_at_us', () => {
    const record = sessionRecord({ completed_at_us: T0 - 1 });
    const result = v.safeParse(SessionRecord, record);
    expect(result.issues?.map((issue) => issue.message)).toEqual([completedNotBeforeStarted]);
    expect(issuePaths(SessionRecord, record)).toEqual(['completed_at_us']);
  });

  it('rejects statuses outside the enum, including stage-only ones', () => {
    for (const status of ['active', 'partial', 'running', 'Completed']) {
      expect(issuePaths(SessionRecord, { ...sessionRecord(), status })).toEqual(['status']);
    }
  });

  it('needs started_at_us, a non-negative safe integer', () => {
    const record = loose(sessionRecord({ completed_at_us: null }));
    for (const value of notCounts) {
      expect(issuePaths(SessionRecord, { ...record, started_at_us: value })).toEqual([
        'started_at_us',
      ]);
    }
  });

  it('rejects alert_data and chain_definition that are not JSON objects', () => {
    const record = { ...sessionRecord(), alert_data: 'disk full', chain_definition: [] };
    expect(issuePaths(SessionRecord, record).sort()).toEqual(['alert_data', 'chain_definition']);
  });

  it('rejects an empty agent_type and a negative current_stage_index', () => {
    const record = { ...sessionRecord(), agent_type: '', current_stage_index: -1 };
    expect(issuePaths(SessionRecord, record).sort()).toEqual(['agent_type', 'current_stage_index']);
  });
});

describe('SessionOverview', () => {
  it('accepts a running session with unknown totals', () => {
    const overview = sessionOverview({
      status: 'in_progress',
      completed_at_us: null,
      duration_ms: null,
      session_input_tokens: null,
      session_output_tokens: null,
      session_total_tokens: null,
      total_stages: null,
      completed_stages: null,
    });
    expect(v.parse(SessionOverview, overview)).toEqual(overview);
  });

  it('rejects completed_at_us before started_at_us, at completed_at_us', () => {
    const overview = sessionOverview({ completed_at_us: T0 - 1 });
    expect(issuePaths(SessionOverview, overview)).toEqual(['completed_at_us']);
  });

  it.each([
    'llm_interaction_count',
    'mcp_communication_count',
    'total_interactions',
    'failed_stages',
    'duration_ms',
  ])('rejects a %s that is not a non-negative safe integer', (field) => {
    for (const value of notCounts.filter((n) => n !== null)) {
      expect(issuePaths(SessionOverview, { ...sessionOverview(), [field]: value })).toEqual([
        field,
      ]);
    }
  });

  it('rejects null where a count is required, and accepts it where it is nullable', () => {
    const overview = { ...sessionOverview(), failed_stages: null, total_interactions: null };
    expect(issuePaths(SessionOverview, overview).sort()).toEqual([
      'failed_stages',
      'total_interactions',
    ]);
    expect(issuePaths(SessionOverview, { ...sessionOverview(), duration_ms: null })).toEqual([]);
  });

  it('rejects an unknown status', () => {
    expect(issuePaths(SessionOverview, { ...sessionOverview(), status: 'done' })).toEqual([
      'status',
    ]);
  });
});

describe('DetailedSession', () => {
  it('accepts a session with session-level interactions and no stages', () => {
    const orphan = llmInteraction({ id: 'llm-9', stage_execution_id: null });
    const session = detailedSession({ stages: [], session_level_interactions: [orphan] });
    expect(v.parse(DetailedSession, session)).toEqual(session);
  });

  it('rejects completed_at_us before started_at_us, at completed_at_us', () => {
    const session = detailedSession({ completed_at_us: T0 - 1 });
    expect(issuePaths(DetailedSession, session)).toEqual(['completed_at_us']);
  });

  it('reports a bad stage at its index', () => {
    const bad = detailedStage({ started_at_us: T0, completed_at_us: T0 - 1 });
    const session = detailedSession({ stages: [detailedStage(), bad] });
    expect(issuePaths(DetailedSession, session)).toEqual(['stages.1.completed_at_us']);
  });

  it('reports a bad stage status and a bad session-level interaction at their paths', () => {
    const session = loose(detailedSession());
    session.stages = [{ ...detailedStage(), status: 'in_progress' }];
    session.session_level_interactions = [
      llmInteraction({ details: llmEventDetails({ total_tokens: -1 }) }),
    ];
    expect(issuePaths(DetailedSession, session).sort()).toEqual([
      'session_level_interactions.0.details.total_tokens',
      'stages.0.status',
    ]);
  });

  it('rejects negative totals', () => {
    const session = { ...detailedSession(), session_total_tokens: -200 };
    expect(issuePaths(DetailedSession, session)).toEqual(['session_total_tokens']);
  });
});

describe('PaginatedSessions', () => {
  it('accepts an empty page', () => {
    const page = {
      sessions: [],
      pagination: paginationInfo({ total_pages: 0, total_items: 0 }),
      filters_applied: {},
      next_cursor: null,
    };
    expect(v.parse(PaginatedSessions, page)).toEqual(page);
  });

  it('reports a bad session at its index', () => {
    const page = loose(paginatedSessions());
    page.sessions = [sessionOverview(), { ...sessionOverview(), status: 'unknown' }];
    expect(issuePaths(PaginatedSessions, page)).toEqual(['sessions.1.status']);
  });

  it('reports bad pagination at its field', () => {
    const page = { ...paginatedSessions(), pagination: paginationInfo({ page_size: 101 }) };
    expect(issuePaths(PaginatedSessions, page)).toEqual(['pagination.page_size']);
  });

  it('rejects filters_applied that is not an object', () => {
    const page = { ...paginatedSessions(), filters_applied: 'status=failed' };
    expect(issuePaths(PaginatedSessions, page)).toEqual(['filters_applied']);
  });
});
