import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../errors.js';
import { testBodies, testRun, testT0 } from '../testing/index.js';
import { defaultIngestLimits } from './limits.js';
import { planEvents, type StoredState } from './plan.js';
import { type PreparedEvent, prepareEvent } from './prepare.js';

const nothingStored: StoredState = { sessions: [], stages: [], appliedEventIds: [] };

function prepared(events: ReturnType<typeof testRun>): PreparedEvent[] {
  return events.map((e) => prepareEvent(e as never, defaultIngestLimits));
}

describe('planEvents', () => {
  it('folds a run created and ended in one group into one row per record', () => {
    const events = prepared(testRun('s1', { stages: 2, llmPerStage: 1, mcpPerStage: 1 }));
    const { outcomes, writes } = planEvents(events, nothingStored, 42);
    expect(outcomes.every((o) => 'status' in o && o.status === 201)).toBe(true);
    expect(writes.newSessions).toHaveLength(1);
    expect(writes.newSessions[0]).toMatchObject({
      status: 'completed',
      current_stage_index: 1,
      final_analysis: 'The pod ran out of memory.',
    });
    expect(writes.sessionPatches.size).toBe(0);
    expect(writes.newStages.map((s) => [s.status, s.duration_ms])).toEqual([
      ['completed', 2500],
      ['completed', 2500],
    ]);
    expect(writes.stagePatches).toEqual([]);
    expect(writes.llm).toHaveLength(2);
    expect(writes.mcp).toHaveLength(2);
    expect(writes.applied.map((a) => a.event_id)).toEqual(events.map((e) => e.id));
    expect(writes.applied.every((a) => a.received_at_us === 42)).toBe(true);
  });

  it('merges the changes of stored rows into one patch each', () => {
    const [, stageStart, llm, stageEnd, sessionEnd] = prepared(
      testRun('s1', { stages: 1, llmPerStage: 1, mcpPerStage: 0 }),
    );
    const stored: StoredState = {
      sessions: [{ session_id: 's1', status: 'in_progress', started_at_us: testT0 }],
      stages: [],
      appliedEventIds: [],
    };
    const events = [stageStart, llm, stageEnd, sessionEnd].filter(
      (e): e is PreparedEvent => e !== undefined,
    );
    const { writes } = planEvents(events, stored, 1);
    expect(writes.sessionPatches.get('s1')).toEqual({
      current_stage_index: 0,
      current_stage_id: 'stage-0',
      status: 'completed',
      completed_at_us: testT0 + 60_000_000,
      final_analysis: 'The pod ran out of memory.',
      // An ended session is no longer paused.
      pause_metadata: null,
    });
    expect(writes.newStages[0]?.status).toBe('completed');
  });

  it('leaves no trace of a refused event, and answers repeats with 200', () => {
    const events = prepared([
      ...testRun('s1', { stages: 0, running: true }),
      {
        id: 'orphan',
        timestamp: '2026-01-01T00:00:00.000Z',
        type: 'llm.interaction',
        body: testBodies.llm('s1', 'l1', 'no-such-stage'),
      },
      {
        id: 'twice',
        timestamp: '2026-01-01T00:00:00.000Z',
        type: 'llm.interaction',
        body: testBodies.llm('s1', 'l2', null),
      },
      {
        id: 'twice',
        timestamp: '2026-01-01T00:00:00.000Z',
        type: 'llm.interaction',
        body: testBodies.llm('s1', 'l2', null),
      },
      {
        id: 'again',
        timestamp: '2026-01-01T00:00:00.000Z',
        type: 'session.started',
        body: testBodies.sessionStarted('s1'),
      },
    ]);
    const { outcomes, writes } = planEvents(events, { ...nothingStored, appliedEventIds: [] }, 1);
    expect(outcomes[1]).toEqual({ error: expect.any(NotFoundError) });
    expect(outcomes[2]).toEqual({ status: 201 });
    expect(outcomes[3]).toEqual({ status: 200 });
    expect(outcomes[4]).toEqual({ error: expect.any(ConflictError) });
    expect(writes.llm.map((r) => r.interaction_id)).toEqual(['l2']);
    expect(writes.applied.map((a) => a.event_id)).toEqual([events[0]?.id, 'twice']);
  });

  it('refuses an interaction whose key is already stored', () => {
    const events = prepared([
      {
        id: 'e',
        timestamp: '2026-01-01T00:00:00.000Z',
        type: 'mcp.communication',
        body: testBodies.mcp('s1', 'm1', null),
      },
    ]);
    const stored: StoredState = {
      sessions: [{ session_id: 's1', status: 'completed', started_at_us: testT0 }],
      stages: [],
      appliedEventIds: [],
      mcpCommunications: [{ session_id: 's1', id: 'm1' }],
    };
    const { outcomes, writes } = planEvents(events, stored, 1);
    expect(outcomes).toEqual([{ error: expect.any(ConflictError) }]);
    expect(writes.applied).toEqual([]);
  });
});
