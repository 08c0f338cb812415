import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envelope, testBodies, testT0 } from '@hindsight/service/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FrameClient, openFrameClient } from './live-client.js';
import {
  firstStartKey,
  type ServerProcess,
  startServerProcess,
  stopServerProcess,
} from './server-process.js';

// The built server, driven as Tarsy's dashboard drives its backend
// (docs/tarsy-contract.md: H1 to H9, the WebSocket): the same paths, the same
// query strings, and the fields its components read. A runtime records one
// paused run with a parallel stage and a chat, and one finished run.

const run = 'tarsy-par';
const done = 'tarsy-done';
const pause = {
  reason: 'max_iterations_reached',
  current_iteration: 30,
  message: 'Paused after 30 iterations',
  paused_at_us: testT0 + 9_000_000,
};

function events() {
  const at = (s: number) => testT0 + s * 1_000_000;
  return [
    envelope(
      'session.started',
      testBodies.sessionStarted(run, {
        runbook_url: 'https://runbooks.example.com/pod-crash.md',
        mcp_selection: { servers: [{ name: 'kubernetes-server', tools: ['get_pods'] }] },
        slack_message_fingerprint: 'alert-fp-1',
      }),
      'e1',
    ),
    envelope(
      'stage.started',
      testBodies.stageStarted(run, 'parent', 0, { parallel_type: 'multi_agent' }),
      'e2',
    ),
    ...[1, 2].map((i) =>
      envelope(
        'stage.started',
        testBodies.stageStarted(run, `child-${i}`, 0, {
          parallel_type: 'multi_agent',
          parallel_index: i,
          parent_stage_execution_id: 'parent',
          iteration_strategy: 'native-thinking',
          agent: `Agent${i}`,
        }),
        `e3-${i}`,
      ),
    ),
    envelope(
      'llm.interaction',
      testBodies.llm(run, 'llm-1', 'child-1', {
        timestamp_us: at(4),
        thinking_content: 'The pod restarts after the kernel upgrade.',
        messages: [
          { role: 'system', content: 'You are an SRE agent.' },
          { role: 'user', content: 'The gateway of the ledger service times out.' },
        ],
        response_metadata: { grounding: { queries: ['oomkilled'] } },
        native_tools_config: { google_search: true },
      }),
      'e4',
    ),
    envelope(
      'mcp.communication',
      testBodies.mcp(run, 'mcp-1', 'child-2', { timestamp_us: at(5) }),
      'e5',
    ),
    envelope(
      'llm.interaction',
      testBodies.llm(run, 'llm-2', 'child-2', {
        timestamp_us: at(6),
        interaction_type: 'summarization',
        mcp_event_id: 'mcp-1',
      }),
      'e6',
    ),
    envelope('session.updated', { session_id: run, status: 'paused', pause_metadata: pause }, 'e7'),
    envelope('session.started', testBodies.sessionStarted(done), 'f1'),
    envelope(
      'stage.started',
      testBodies.stageStarted(done, 'chat-stage', 0, {
        chat_id: 'chat-1',
        chat_user_message_id: 'msg-1',
        chat_user_message: {
          message_id: 'msg-1',
          content: 'Why did it restart?',
          author: 'alice',
          created_at_us: at(1),
        },
      }),
      'f2',
    ),
    envelope('stage.completed', testBodies.stageCompleted(done, 'chat-stage', at(3)), 'f3'),
    envelope(
      'session.completed',
      {
        session_id: done,
        completed_at_us: at(4),
        final_analysis: 'The node kept restarting after the kernel upgrade.',
        final_analysis_summary: 'Kernel upgrade broke the node.',
      },
      'f4',
    ),
  ];
}

describe("Tarsy's dashboard against the built server", () => {
  let dir: string;
  let server: ServerProcess;
  let key: string;
  let live: FrameClient;
  let readKey: string;

  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const post = async (path: string, token = key) => {
    const res = await fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** The next frame of a type, skipping the others (e.g. the `sessions` channel's). */
  const nextOf = async (type: string) => {
    for (;;) {
      const frame = await live.next();
      if (frame.type === type) return frame;
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hindsight-tarsy-'));
    const env = { DATABASE_URL: join(dir, 'data') };
    server = await startServerProcess(env);
    key = firstStartKey(server) ?? '';
    const res = await fetch(`${server.url}/api/v1/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch: events() }),
    });
    const answer = (await res.json()) as { errors: unknown[] };
    expect(answer.errors).toEqual([]);
    expect(res.status).toBe(207);
    live = await openFrameClient(server.url, key);
    expect((await live.next()).type).toBe('connection.established');
    live.send({ action: 'subscribe', channel: 'cancellations' });
    expect(await live.next()).toEqual({
      type: 'subscription.confirmed',
      channel: 'cancellations',
    });
    // A viewer's key: it reads, it may not control runs.
    const made = await fetch(`${server.url}/api/v1/admin/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'viewer', scopes: ['read'] }),
    });
    expect(made.status).toBe(201);
    readKey = ((await made.json()) as { key: string }).key;
  }, 60_000);

  afterAll(async () => {
    live?.socket.close();
    await stopServerProcess(server);
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the version from /health', async () => {
    const { body } = await get('/health');
    expect(body).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
  });

  it('H1: the historical list, the four terminal statuses repeated, paged as the dashboard pages', async () => {
    const { status, body } = await get(
      '/api/v1/history/sessions?status=completed&status=failed&status=cancelled&status=timed_out&page=1&page_size=10&sort_by=started_at_us&sort_order=desc',
    );
    expect(status).toBe(200);
    expect(body.pagination).toMatchObject({ page: 1, total_pages: 1, total_items: 1 });
    const [row] = body.sessions as Array<Record<string, unknown>>;
    expect(row).toMatchObject({
      session_id: done,
      status: 'completed',
      final_analysis_summary: 'Kernel upgrade broke the node.',
      has_parallel_stages: false,
      chat_message_count: 1,
    });
  });

  it('H2: a two-word search, and canceling accepted as a status', async () => {
    const ids = async (query: string) =>
      (
        (await get(`/api/v1/history/sessions?${query}`)).body.sessions as Array<{
          session_id: string;
        }>
      ).map((s) => s.session_id);
    // Any letter case, words in any order, in the final analysis or in an LLM message.
    expect(await ids('search=KERNEL%20upgrade&page_size=10')).toEqual([done]);
    expect(await ids('search=LEDGER%20gateway')).toEqual([run]);
    // The system prompt is not searched.
    expect(await ids('search=%22SRE%20agent%22')).toEqual([]);
    const phrase = await get('/api/v1/history/sessions?search=%22upgrade%20kernel%22');
    expect(phrase.body.sessions).toEqual([]);
    const canceling = await get('/api/v1/history/sessions?status=canceling');
    expect(canceling.status).toBe(200);
  });

  it('H3: active sessions as an array, with the pause reason and the duration so far', async () => {
    const res = await fetch(`${server.url}/api/v1/history/active-sessions`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.headers.get('content-type')).toContain('application/json');
    const active = (await res.json()) as Array<Record<string, unknown>>;
    expect(Array.isArray(active)).toBe(true);
    expect(active.map((s) => s.session_id)).toEqual([run]);
    expect(active[0]).toMatchObject({
      status: 'paused',
      chain_id: 'k8s-triage',
      pause_metadata: pause,
      has_parallel_stages: true,
      runbook_url: 'https://runbooks.example.com/pod-crash.md',
    });
    expect(active[0]?.duration_seconds).toEqual(expect.any(Number));
  });

  it('H4: filter options list canceling', async () => {
    const { body } = await get('/api/v1/history/filter-options');
    expect(body.agent_types).toEqual(['kubernetes']);
    expect(body.status_options).toContain('canceling');
  });

  it('H5: the detail nests parallel agents, with the LLM fields its reasoning view reads', async () => {
    const { body } = await get(`/api/v1/history/sessions/${run}`);
    expect(body).toMatchObject({
      mcp_selection: { servers: [{ name: 'kubernetes-server', tools: ['get_pods'] }] },
      slack_message_fingerprint: 'alert-fp-1',
      pause_metadata: pause,
    });
    const stages = body.stages as Array<Record<string, unknown>>;
    expect(stages.map((s) => s.execution_id)).toEqual(['parent']);
    const children = stages[0]?.parallel_executions as Array<Record<string, unknown>>;
    expect(children.map((c) => [c.execution_id, c.parallel_index, c.iteration_strategy])).toEqual([
      ['child-1', 1, 'native-thinking'],
      ['child-2', 2, 'native-thinking'],
    ]);
    const first = children[0] as Record<string, unknown>;
    const [llm] = first.llm_interactions as Array<{ details: Record<string, unknown> }>;
    expect(llm?.details).toMatchObject({
      interaction_type: 'investigation',
      thinking_content: 'The pod restarts after the kernel upgrade.',
      native_tools_config: { google_search: true },
      conversation: {
        messages: expect.arrayContaining([expect.objectContaining({ role: 'user' })]),
      },
    });
    const second = children[1] as Record<string, unknown>;
    const [summary] = second.llm_interactions as Array<{ details: Record<string, unknown> }>;
    expect(summary?.details).toMatchObject({
      interaction_type: 'summarization',
      mcp_event_id: 'mcp-1',
    });
    const [mcp] = second.mcp_communications as Array<{ details: Record<string, unknown> }>;
    expect(mcp?.details.available_tools).toEqual({});

    const chat = await get(`/api/v1/history/sessions/${done}`);
    const [chatStage] = chat.body.stages as Array<Record<string, unknown>>;
    expect(chatStage).toMatchObject({
      chat_id: 'chat-1',
      chat_user_message: { content: 'Why did it restart?', author: 'alice' },
      parallel_executions: null,
    });
  });

  it('H6: the summary of a session', async () => {
    const { status, body } = await get(`/api/v1/history/sessions/${run}/summary`);
    expect(status).toBe(200);
    expect(body.total_interactions).toBe(3);
  });

  it('H8, H9, H7: resume, cancel one agent, cancel the session; runtimes hear each on cancellations', async () => {
    const resumed = await post(`/api/v1/history/sessions/${run}/resume`);
    expect(resumed).toMatchObject({ status: 200, body: { success: true, status: 'paused' } });
    expect(await nextOf('session.resume_requested')).toMatchObject({ session_id: run });

    const agent = await post(`/api/v1/history/sessions/${run}/stages/child-2/cancel`);
    expect(agent).toMatchObject({ status: 200, body: { stage_status: 'active' } });
    expect(await nextOf('agent.cancel_requested')).toMatchObject({
      session_id: run,
      execution_id: 'child-2',
      agent_name: 'Agent2',
    });

    const cancelled = await post(`/api/v1/history/sessions/${run}/cancel`);
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'canceling' } });
    const frame = await nextOf('session.cancel_requested');
    expect(frame).toMatchObject({ session_id: run, id: expect.any(Number) });
    expect((await get(`/api/v1/history/sessions/${run}`)).body.status).toBe('canceling');
  });

  it('refuses a control action to a key without the control scope', async () => {
    const refused = await post(`/api/v1/history/sessions/${run}/cancel`, readKey);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('control');
  });

  it('shows the reason of a refused action or query in detail, as the dashboard shows it', async () => {
    const ended = await post(`/api/v1/history/sessions/${done}/cancel`);
    expect(ended.status).toBe(409);
    expect(ended.body.detail).toBe(`session ${done} is already completed: it cannot be cancelled`);
    const notPaused = await post(`/api/v1/history/sessions/${done}/resume`);
    expect(notPaused.body.detail).toBe(`session ${done} is not paused (status: completed)`);
    const missing = await post('/api/v1/history/sessions/nope/cancel');
    expect(missing.status).toBe(404);
    const badPage = await get('/api/v1/history/sessions?page_size=500');
    expect(badPage).toMatchObject({
      status: 400,
      body: { detail: 'page_size must be between 1 and 100' },
    });
    const badStatus = await get('/api/v1/history/sessions?status=finished');
    expect(badStatus.body.detail).toMatch(/^status must be one of pending, in_progress/);
  });
});
