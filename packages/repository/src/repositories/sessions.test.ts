import { DetailedSession } from '@hindsight/models';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  llmRecord,
  mcpRecord,
  preparedStatements,
  sessionRecord,
  stageRecord,
  type TestDatabase,
  testDrivers,
} from '../testing/index.js';
import { transaction } from '../transaction.js';
import { insertLLMInteraction, insertMCPCommunication } from './interactions.js';
import { findSession, findSessionDetail, insertSession, updateSessions } from './sessions.js';
import { insertStage } from './stages.js';

// The repository contract: the same suite on every driver.
describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'sessions repository on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await driver.create();
    });
    afterEach(async () => {
      await database.dispose();
    });

    it('stores a session and reads it back field for field', async () => {
      const session = sessionRecord({
        session_metadata: { team: 'payments', nested: { ok: true } },
        author: 'alice',
      });
      expect(await insertSession(database.db, session)).toBe(true);
      expect(await findSession(database.db, session.session_id)).toEqual(session);
    });

    it('does not overwrite an existing session', async () => {
      await insertSession(database.db, sessionRecord({ agent_type: 'first' }));
      expect(await insertSession(database.db, sessionRecord({ agent_type: 'second' }))).toBe(false);
      expect((await findSession(database.db, 'session-1'))?.agent_type).toBe('first');
    });

    it('applies many patches at once, each to its own session and columns only', async () => {
      const { db } = database;
      await insertSession(db, sessionRecord({ session_id: 's-a', agent_type: 'kept' }));
      await insertSession(db, sessionRecord({ session_id: 's-b', final_analysis: 'old' }));
      await insertSession(db, sessionRecord({ session_id: 's-c', author: 'carol' }));
      await updateSessions(
        db,
        new Map([
          ['s-a', { status: 'completed' as const, completed_at_us: 1_767_225_600_123_456 }],
          ['s-b', { final_analysis: null, current_stage_index: 2 }],
          ['s-c', {}],
          ['missing', { status: 'failed' as const, completed_at_us: 1 }],
        ]),
      );
      const a = await findSession(db, 's-a');
      expect(a).toMatchObject({ status: 'completed', completed_at_us: 1_767_225_600_123_456 });
      expect(a?.agent_type).toBe('kept');
      const b = await findSession(db, 's-b');
      expect(b).toMatchObject({ final_analysis: null, current_stage_index: 2 });
      expect(b?.status).toBe(sessionRecord().status);
      expect(await findSession(db, 's-c')).toEqual(
        sessionRecord({ session_id: 's-c', author: 'carol' }),
      );
      expect(await findSession(db, 'missing')).toBeNull();
    });

    // Ingest patches sessions in every batch of a run that spans batches: an
    // unprepared statement would cost its own round trip and hold back the rest.
    it.runIf(driver.dialect === 'postgres')('prepares the patch statement', async () => {
      const { db } = database;
      await insertSession(db, sessionRecord({ session_id: 's-a' }));
      const statements = await transaction(db, async (tx) => {
        await updateSessions(tx, new Map([['s-a', { current_stage_index: 1 }]]));
        return preparedStatements(tx);
      });
      expect(
        statements.filter((text) => text.startsWith('update "alert_sessions" set')),
      ).toHaveLength(1);
    });

    it('answers null for a session that does not exist', async () => {
      expect(await findSession(database.db, 'missing')).toBeNull();
      expect(await findSessionDetail(database.db, 'missing')).toBeNull();
    });

    it('keeps microsecond timestamps beyond 32 bits exact', async () => {
      const started = 1_767_225_600_123_456;
      await insertSession(
        database.db,
        sessionRecord({ started_at_us: started, completed_at_us: started + 1 }),
      );
      const found = await findSession(database.db, 'session-1');
      expect(found?.started_at_us).toBe(started);
      expect(found?.completed_at_us).toBe(started + 1);
    });

    it('returns the detail with stages in index order and interactions in time order', async () => {
      const { db } = database;
      await insertSession(
        db,
        sessionRecord({ status: 'completed', completed_at_us: 1_767_225_610_000_000 }),
      );
      // Written out of order on purpose.
      await insertStage(
        db,
        stageRecord({
          execution_id: 'exec-2',
          stage_index: 1,
          stage_id: 'analyse',
          agent: 'Analyst',
        }),
      );
      await insertStage(db, stageRecord({ execution_id: 'exec-1', stage_index: 0 }));
      await insertLLMInteraction(
        db,
        llmRecord({ interaction_id: 'llm-late', timestamp_us: 1_767_225_600_009_000 }),
      );
      await insertMCPCommunication(
        db,
        mcpRecord({ communication_id: 'mcp-mid', timestamp_us: 1_767_225_600_005_000 }),
      );
      await insertLLMInteraction(
        db,
        llmRecord({
          interaction_id: 'llm-early',
          timestamp_us: 1_767_225_600_001_000,
          input_tokens: 5,
          output_tokens: 7,
          total_tokens: 12,
        }),
      );
      await insertLLMInteraction(
        db,
        llmRecord({
          interaction_id: 'llm-stage2',
          stage_execution_id: 'exec-2',
          input_tokens: null,
          output_tokens: null,
          total_tokens: null,
        }),
      );
      await insertMCPCommunication(
        db,
        mcpRecord({
          communication_id: 'mcp-session-level',
          stage_execution_id: null,
          communication_type: 'tool_list',
          tool_name: null,
          available_tools: { tools: ['get_events'] },
        }),
      );

      const detail = await findSessionDetail(db, 'session-1');
      expect(detail).not.toBeNull();
      // The repository hands out models: the detail passes the model's own validation.
      const parsed = v.parse(DetailedSession, detail);
      expect(parsed.stages.map((s) => s.execution_id)).toEqual(['exec-1', 'exec-2']);
      const first = parsed.stages[0];
      expect(first?.chronological_interactions.map((i) => i.id)).toEqual([
        'llm-early',
        'mcp-mid',
        'llm-late',
      ]);
      expect(first?.llm_interaction_count).toBe(2);
      expect(first?.mcp_communication_count).toBe(1);
      expect(first?.stage_input_tokens).toBe(125);
      expect(parsed.stages[1]?.stage_total_tokens).toBeNull();
      expect(parsed.session_level_interactions.map((i) => i.id)).toEqual(['mcp-session-level']);
      expect(parsed.total_interactions).toBe(5);
      expect(parsed.session_total_tokens).toBe(162);
      expect(parsed.duration_ms).toBe(10_000);
      const mcp = first?.mcp_communications[0];
      expect(mcp?.details.tool_arguments).toEqual({ namespace: 'payments', pod: 'api-7f9c' });
    });

    it('keeps interactions of one session out of another', async () => {
      const { db } = database;
      await insertSession(db, sessionRecord());
      await insertSession(db, sessionRecord({ session_id: 'session-2' }));
      await insertStage(db, stageRecord({ session_id: 'session-2', execution_id: 'exec-1' }));
      await insertLLMInteraction(db, llmRecord({ session_id: 'session-2' }));
      const detail = await findSessionDetail(db, 'session-1');
      expect(detail?.stages).toEqual([]);
      expect(detail?.total_interactions).toBe(0);
    });

    it('refuses an interaction of a session that does not exist', async () => {
      await expect(
        insertLLMInteraction(database.db, llmRecord({ session_id: 'ghost' })),
      ).rejects.toThrow();
    });

    it('refuses an interaction whose stage is not in its session', async () => {
      await insertSession(database.db, sessionRecord());
      await expect(
        insertMCPCommunication(database.db, mcpRecord({ stage_execution_id: 'no-such-stage' })),
      ).rejects.toThrow();
    });

    it('enforces the lifecycle constraints in the database too', async () => {
      await expect(
        insertSession(database.db, sessionRecord({ completed_at_us: 1 })),
      ).rejects.toThrow();
      await expect(
        insertSession(database.db, sessionRecord({ status: 'exploded' as 'failed' })),
      ).rejects.toThrow();
    });

    it('deletes a session with everything it owns (cascade)', async () => {
      const { db } = database;
      await insertSession(db, sessionRecord());
      await insertStage(db, stageRecord());
      await insertLLMInteraction(db, llmRecord());
      await insertMCPCommunication(db, mcpRecord());
      const { sql } = await import('drizzle-orm');
      await db.execute(sql`delete from alert_sessions where session_id = 'session-1'`);
      const { rowsOf } = await import('../migrate.js');
      const counts = rowsOf<{ n: number }>(
        await db.execute(
          sql`select (select count(*) from stage_executions)::int + (select count(*) from llm_interactions)::int + (select count(*) from mcp_communications)::int as n`,
        ),
      );
      expect(counts[0]?.n).toBe(0);
    });
  },
);
