import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  generateHistory,
  llmRecord,
  mcpRecord,
  sessionRecord,
  stageRecord,
  type TestDatabase,
  testDrivers,
  writeHistory,
} from '../testing/index.js';
import { findFilterValues } from './filter-options.js';
import { findFinalAnalysis, findLastLLMInteraction } from './final-analysis.js';
import { insertLLMInteraction, insertMCPCommunication } from './interactions.js';
import { findSessionStatsSource } from './session-stats.js';
import { insertSession } from './sessions.js';
import { insertStage } from './stages.js';

describe.each(testDrivers(process.env.TEST_DATABASE_URL))('read queries on $dialect', (driver) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await driver.create();
  });
  afterEach(() => database.dispose());

  describe('findFilterValues', () => {
    it('lists the distinct agent and alert types in order, without nulls', async () => {
      const history = generateHistory(60);
      await writeHistory(database.db, history);
      const distinct = (values: Array<string | null>) =>
        [...new Set(values.filter((x): x is string => x !== null))].sort();
      expect(await findFilterValues(database.db)).toEqual({
        agent_types: distinct(history.sessions.map((s) => s.agent_type)),
        alert_types: distinct(history.sessions.map((s) => s.alert_type)),
      });
    });

    it('answers empty lists for an empty database', async () => {
      expect(await findFilterValues(database.db)).toEqual({ agent_types: [], alert_types: [] });
    });
  });

  describe('findSessionStatsSource', () => {
    it('aggregates interactions, failures, tokens and stages without reading messages', async () => {
      const { db } = database;
      const started = 1_767_225_600_000_000;
      await insertSession(
        db,
        sessionRecord({ status: 'failed', started_at_us: started, completed_at_us: started + 5e6 }),
      );
      await insertStage(
        db,
        stageRecord({ execution_id: 'e0', stage_index: 0, status: 'completed' }),
      );
      await insertStage(
        db,
        stageRecord({ execution_id: 'e1', stage_index: 1, agent: 'LogAgent', status: 'failed' }),
      );
      await insertLLMInteraction(db, llmRecord({ interaction_id: 'l1', stage_execution_id: 'e0' }));
      await insertLLMInteraction(
        db,
        llmRecord({
          interaction_id: 'l2',
          stage_execution_id: 'e1',
          success: false,
          input_tokens: 1,
        }),
      );
      await insertMCPCommunication(db, mcpRecord({ stage_execution_id: 'e0', success: false }));
      expect(await findSessionStatsSource(db, 'session-1')).toEqual({
        started_at_us: started,
        completed_at_us: started + 5e6,
        stages: [
          { agent: 'KubernetesAgent', status: 'completed' },
          { agent: 'LogAgent', status: 'failed' },
        ],
        llm_interaction_count: 2,
        mcp_communication_count: 1,
        failed_interaction_count: 2,
        session_input_tokens: 121,
        session_output_tokens: 60,
        session_total_tokens: 300,
        // Recorded without a cost: no cost, and every call counted as unpriced.
        session_cost_usd: null,
        unpriced_llm_interaction_count: 2,
      });
    });

    it('answers zero counts and null tokens for a session without interactions', async () => {
      await insertSession(database.db, sessionRecord());
      expect(await findSessionStatsSource(database.db, 'session-1')).toMatchObject({
        stages: [],
        llm_interaction_count: 0,
        failed_interaction_count: 0,
        session_total_tokens: null,
        completed_at_us: null,
      });
      expect(await findSessionStatsSource(database.db, 'missing')).toBeNull();
    });
  });

  describe('findFinalAnalysis and findLastLLMInteraction', () => {
    it('read the analysis and the latest LLM call, ties broken by id', async () => {
      const { db } = database;
      await insertSession(
        db,
        sessionRecord({ final_analysis: 'Disk full.', final_analysis_summary: 'Full disk.' }),
      );
      await insertStage(db, stageRecord());
      const t = 1_767_225_600_500_000;
      await insertLLMInteraction(db, llmRecord({ interaction_id: 'a-late', timestamp_us: t }));
      await insertLLMInteraction(db, llmRecord({ interaction_id: 'b-late', timestamp_us: t }));
      await insertLLMInteraction(db, llmRecord({ interaction_id: 'z-early', timestamp_us: t - 1 }));
      expect(await findFinalAnalysis(db, 'session-1')).toEqual({
        session_id: 'session-1',
        status: 'in_progress',
        final_analysis: 'Disk full.',
        final_analysis_summary: 'Full disk.',
        executive_summary_error: null,
      });
      expect((await findLastLLMInteraction(db, 'session-1'))?.interaction_id).toBe('b-late');
    });

    it('answer null for a missing session or one without LLM calls', async () => {
      await insertSession(database.db, sessionRecord());
      expect(await findFinalAnalysis(database.db, 'missing')).toBeNull();
      expect(await findLastLLMInteraction(database.db, 'session-1')).toBeNull();
    });
  });
});
