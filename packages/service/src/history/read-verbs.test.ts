import {
  ActiveSession,
  FilterOptions,
  FinalAnalysisResponse,
  SessionStats,
  sessionStats,
  sessionStatuses,
} from '@hindsight/models';
import { generateHistory, writeHistory } from '@hindsight/repository/testing';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoSessions } from '../demo/demo-sessions.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { createTestServices, type TestServices } from '../testing/index.js';
import { maxActiveSessions } from './list-active-sessions.js';

const nowUs = 1_767_225_600_000_000;
const demos = demoSessions(nowUs);

describe('history read verbs', () => {
  let t: TestServices;
  beforeEach(async () => {
    t = await createTestServices();
    await t.services.demo.seed({ now_us: nowUs });
  });
  afterEach(() => t.dispose());

  describe('getSessionSummary', () => {
    it.each(demos.map((d) => d.session.session_id))(
      'agrees with the statistics of the full detail of %s',
      async (session_id) => {
        const summary = await t.services.sessions.summary({ session_id });
        expect(v.parse(SessionStats, summary)).toEqual(summary);
        const detail = await t.services.sessions.get({ session_id });
        expect(summary).toEqual(sessionStats(detail));
      },
    );

    it('has real values: errors, duration, tokens and stages by agent', async () => {
      const failed = demos.find((d) => d.session.status === 'failed');
      const id = failed?.session.session_id ?? '';
      const summary = await t.services.sessions.summary({ session_id: id });
      const failedStages = failed?.stages.filter((s) => s.status === 'failed').length ?? 0;
      const failedCalls = [...(failed?.llm ?? []), ...(failed?.mcp ?? [])].filter(
        (i) => !i.success,
      ).length;
      expect(summary.errors_count).toBe(failedStages + failedCalls);
      expect(summary.errors_count).toBeGreaterThan(0);
      expect(summary.total_duration_ms).toBeGreaterThan(0);
      expect(summary.session_total_tokens).toBe(
        (failed?.llm ?? []).reduce((sum, l) => sum + (l.total_tokens ?? 0), 0),
      );
      expect(Object.keys(summary.chain_statistics.stages_by_agent).length).toBeGreaterThan(0);
    });

    it('throws NotFoundError for an unknown session and ValidationError for a bad id', async () => {
      await expect(t.services.sessions.summary({ session_id: 'nope' })).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(t.services.sessions.summary({ session_id: '' })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });

  describe('listActiveSessions', () => {
    it('lists exactly the pending, in-progress, paused and canceling sessions, newest first', async () => {
      await writeHistory(t.ctx.db, generateHistory(60));
      const active = await t.services.sessions.active();
      for (const overview of active) expect(v.parse(ActiveSession, overview)).toEqual(overview);
      const all = (await t.services.sessions.list({ page_size: 100 })).sessions;
      const expected = all.filter((s) =>
        ['pending', 'in_progress', 'paused', 'canceling'].includes(s.status),
      );
      expect(active.map((s) => s.session_id)).toEqual(expected.map((s) => s.session_id));
      expect(active.length).toBeGreaterThan(0);
      expect(active.length).toBeLessThan(maxActiveSessions);
      for (const session of active) {
        const end = session.completed_at_us ?? Number.POSITIVE_INFINITY;
        expect(session.duration_seconds).toBeGreaterThanOrEqual(0);
        if (end !== Number.POSITIVE_INFINITY) {
          expect(session.duration_seconds).toBe((end - session.started_at_us) / 1_000_000);
        }
      }
    });
  });

  describe('getFilterOptions', () => {
    it('lists the types found in the data, every status and the time ranges', async () => {
      const options = await t.services.sessions.filterOptions();
      expect(v.parse(FilterOptions, options)).toEqual(options);
      expect(options.agent_types).toEqual(
        [...new Set(demos.map((d) => d.session.agent_type))].sort(),
      );
      expect(options.alert_types).toEqual(
        [...new Set(demos.map((d) => d.session.alert_type ?? ''))].sort(),
      );
      expect(options.status_options).toEqual([...sessionStatuses]);
      expect(options.time_ranges.map((r) => r.value)).toEqual([
        '1h',
        '4h',
        'today',
        'week',
        'month',
      ]);
    });
  });

  describe('getFinalAnalysis', () => {
    const completed = demos.find((d) => d.session.status === 'completed');
    const id = completed?.session.session_id ?? '';

    it('answers the analysis, and the last LLM conversation only when asked', async () => {
      const plain = await t.services.sessions.finalAnalysis({ session_id: id });
      expect(v.parse(FinalAnalysisResponse, plain)).toEqual(plain);
      expect(plain.final_analysis).toBe(completed?.session.final_analysis);
      expect(plain.llm_conversation).toBeNull();

      const full = await t.services.sessions.finalAnalysis({
        session_id: id,
        include_conversation: true,
      });
      const last = [...(completed?.llm ?? [])].sort(
        (a, b) => b.timestamp_us - a.timestamp_us || (a.interaction_id < b.interaction_id ? 1 : -1),
      )[0];
      expect(full.llm_conversation).toEqual({
        model_name: last?.model_name,
        provider: last?.provider,
        timestamp_us: last?.timestamp_us,
        input_tokens: last?.input_tokens,
        output_tokens: last?.output_tokens,
        total_tokens: last?.total_tokens,
        messages: last?.messages,
      });
    });

    it('answers null for a session that has no analysis yet, and 404s an unknown one', async () => {
      const running = demos.find((d) => d.session.status === 'in_progress');
      const answer = await t.services.sessions.finalAnalysis({
        session_id: running?.session.session_id ?? '',
      });
      expect(answer).toMatchObject({ status: 'in_progress', final_analysis: null });
      await expect(
        t.services.sessions.finalAnalysis({ session_id: 'nope' }),
      ).rejects.toBeInstanceOf(NotFoundError);
    });
  });
});
