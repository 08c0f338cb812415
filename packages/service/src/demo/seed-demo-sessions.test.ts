import { DetailedSession } from '@hindsight/models';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../testing/index.js';
import { demoSessions } from './demo-sessions.js';

const now = 1_767_225_600_000_000;

describe('seedDemoSessions', () => {
  let t: TestServices;
  beforeEach(async () => {
    t = await createTestServices();
  });
  afterEach(() => t.dispose());

  it('loads every demo run once, however often it is called', async () => {
    expect(await t.services.demo.seed({ now_us: now })).toEqual({ inserted: 3, skipped: 0 });
    expect(await t.services.demo.seed({ now_us: now + 5 })).toEqual({
      inserted: 0,
      skipped: 3,
    });
  });

  it('stores runs that read back as valid details, with a failed and a running one', async () => {
    await t.services.demo.seed({ now_us: now });
    const statuses: string[] = [];
    for (const run of demoSessions(now)) {
      const detail = await t.services.sessions.get({ session_id: run.session.session_id });
      expect(v.safeParse(DetailedSession, detail).issues).toBeUndefined();
      expect(detail.stages.map((s) => s.execution_id)).toEqual(
        run.stages.map((s) => s.execution_id),
      );
      expect(detail.llm_interaction_count).toBe(run.llm.length);
      expect(detail.mcp_communication_count).toBe(run.mcp.length);
      statuses.push(detail.status);
    }
    expect(statuses.sort()).toEqual(['completed', 'failed', 'in_progress']);
  });
});
