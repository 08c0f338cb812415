import type { SessionRecord } from '@hindsight/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  llmRecord,
  mcpRecord,
  sessionRecord,
  stageRecord,
  type TestDatabase,
  testDrivers,
} from '../testing/index.js';
import { insertLLMInteraction, insertMCPCommunication } from './interactions.js';
import { countSessions, findSessionOverviews } from './session-list.js';
import { escapeLike } from './session-search.js';
import { insertSession } from './sessions.js';
import { insertStage } from './stages.js';

// Each session carries one thing to find, in one field; the plain session carries none.
const sessions: Record<string, Partial<SessionRecord>> = {
  pod: { alert_data: { namespace: 'payments', pod: 'checkout-api-7f9c6d', restarts: 14 } },
  analysis: { final_analysis: 'The node kept restarting after the kernel upgrade.' },
  error: { status: 'failed', error_message: 'Timeout talking to Prometheus' },
  metadata: { session_metadata: { team: 'payments-sre', tags: ['urgent', { on: 'Weekend' }] } },
  alert_type: { alert_type: 'CertificateExpiring' },
  agent_type: { agent_type: 'DatabaseAgent' },
  wildcard: { alert_data: { query: 'cpu > 50%_of_limit' } },
  llm: {},
  system_prompt: {},
  mcp: {},
  plain: { alert_data: { pod: 'api-5d4c' }, alert_type: 'PodCrashLooping' },
  // The word of the `llm` session's user message, in this session's own text (relevance).
  failing_own: { error_message: 'Readiness probe failing' },
};

describe.each(testDrivers(process.env.TEST_DATABASE_URL))(
  'session search on $dialect',
  (driver) => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await driver.create();
      const { db } = database;
      for (const [id, overrides] of Object.entries(sessions)) {
        await insertSession(
          db,
          sessionRecord({ alert_data: {}, alert_type: 'Generic', ...overrides, session_id: id }),
        );
      }
      await insertStage(db, stageRecord({ session_id: 'llm' }));
      await insertLLMInteraction(
        db,
        llmRecord({
          session_id: 'llm',
          messages: [
            { role: 'system', content: 'You are an SRE agent.' },
            { role: 'user', content: 'Why is it failing?' },
            { role: 'assistant', content: 'The container was OOMKilled twice.' },
          ],
        }),
      );
      await insertLLMInteraction(
        db,
        llmRecord({
          session_id: 'system_prompt',
          stage_execution_id: null,
          messages: [
            { role: 'system', content: 'Never mention Zanzibar.' },
            { role: 'user', content: 'Hello.' },
          ],
        }),
      );
      await insertMCPCommunication(
        db,
        mcpRecord({
          session_id: 'mcp',
          stage_execution_id: null,
          parameters: { image: 'nothing-to-see' },
          result: {
            events: [{ reason: 'BackOff', message: 'pulling registry.internal/shop:1.2' }],
          },
        }),
      );
    });
    afterAll(() => database.dispose());

    async function found(search: string): Promise<string[]> {
      const listed = await findSessionOverviews(database.db, {
        filters: { search },
        sort: { by: 'started_at_us', order: 'desc' },
        limit: 100,
      });
      expect(await countSessions(database.db, { search })).toBe(listed.length);
      return listed.map((s) => s.session_id).sort();
    }

    it.each([
      ['a pod name in the alert data', 'checkout-api-7f9c6d', ['pod']],
      ['part of a pod name, as a substring', 'api-7f9', ['pod']],
      ['any letter case', 'CHECKOUT-API', ['pod']],
      ['part of a word of the final analysis', 'restart', ['analysis']],
      ['a word in any letter case', 'KERNEL', ['analysis']],
      ['a quoted phrase', '"kernel upgrade"', ['analysis']],
      ['several words in any order', 'kernel node', ['analysis']],
      ['the error message', 'prometheus', ['error']],
      ['a string deep in the metadata', 'weekend', ['metadata']],
      ['a metadata value with punctuation', 'payments-sre', ['metadata']],
      ['the alert type', 'certificate', ['alert_type']],
      ['the agent type', 'databaseagent', ['agent_type']],
      ['an LLM message', 'oomkilled', ['llm']],
      ['an MCP result', 'registry.internal', ['mcp']],
      ['LIKE wildcards as plain characters', '50%_', ['wildcard']],
      ['nothing', 'zzzqqq', []],
    ])('finds %s', async (_, search, expected) => {
      expect(await found(search)).toEqual(expected);
    });

    it('does not search system prompts, MCP parameters or JSON keys', async () => {
      expect(await found('zanzibar')).toEqual([]);
      expect(await found('nothing-to-see')).toEqual([]);
      expect(await found('restarts')).not.toContain('pod');
      // No stemming: another form of a word is another word.
      expect(await found('restarts')).not.toContain('analysis');
      // Every term must be found: one missing term drops the session.
      expect(await found('kernel zzzqqq')).toEqual([]);
      // A phrase is one term: its words in another order are not it.
      expect(await found('"upgrade kernel"')).toEqual([]);
      expect(await found('namespace')).toEqual([]);
    });

    it("orders by relevance only when asked: terms in the session's own text first", async () => {
      const ordered = async (order: 'asc' | 'desc') =>
        (
          await findSessionOverviews(database.db, {
            filters: { search: 'failing' },
            sort: { by: 'relevance', order },
            limit: 10,
            offset: 0,
          })
        ).map((s) => s.session_id);
      // Newest first would put `llm` first (same start, larger id); relevance puts the
      // session whose own error message holds the word before the one with it in a message.
      expect(await ordered('desc')).toEqual(['failing_own', 'llm']);
      expect(await ordered('asc')).toEqual(['llm', 'failing_own']);
      const byStart = await findSessionOverviews(database.db, {
        filters: { search: 'failing' },
        sort: { by: 'started_at_us', order: 'desc' },
        limit: 10,
      });
      expect(byStart.map((s) => s.session_id)).toEqual(['llm', 'failing_own']);
    });

    it('combines search with the other filters', async () => {
      const listed = await findSessionOverviews(database.db, {
        filters: { search: 'payments', status: ['in_progress'] },
        sort: { by: 'started_at_us', order: 'desc' },
        limit: 100,
      });
      expect(listed.map((s) => s.session_id).sort()).toEqual(['metadata', 'pod']);
      const none = await countSessions(database.db, { search: 'payments', status: ['failed'] });
      expect(none).toBe(0);
    });
  },
);

describe('escapeLike', () => {
  it('escapes the LIKE metacharacters and the escape character', () => {
    expect(escapeLike('50%_\\x')).toBe('50\\%\\_\\\\x');
    expect(escapeLike('plain-text')).toBe('plain-text');
  });
});
