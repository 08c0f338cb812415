// Sessions the browser tests need beyond the seed: hostile content, and a very long timeline.

export interface IngestEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

const iso = (us: number) => new Date(Math.floor(us / 1000)).toISOString();

export const xssSessionId = 'browser-test-xss-session';
export const bigSessionId = 'browser-test-big-session';
export const bigInteractionCount = 2000;

/** Markup that would run if the page ever parsed recorded text as HTML. */
export const hostile = {
  script: '<script>window.__hindsightXss = "script"</script>',
  img: '<img src=x onerror="window.__hindsightXss = \'img\'">',
  analysisHtml:
    '## Root cause\n\nThe payload <img src=x onerror="window.__hindsightXss=\'md\'"> and <b>bold html</b>.\n\n[a link](javascript:window.__hindsightXss=1)\n\n<script>window.__hindsightXss="md-script"</script>',
};

function interactionId(n: number) {
  return `big-${String(n).padStart(5, '0')}`;
}

/** The id of the n-th interaction of the big session (0-based): LLM on even n, MCP on odd. */
export const bigInteraction = (n: number) => interactionId(n);

export function xssSessionEvents(nowUs: number): IngestEvent[] {
  const start = nowUs - 120_000_000;
  const stage = 'xss-stage-1';
  return [
    {
      id: 'xss-e1',
      timestamp: iso(start),
      type: 'session.started',
      body: {
        session_id: xssSessionId,
        alert_id: 'xss-alert',
        alert_type: 'XssProbe',
        agent_type: 'ProbeAgent',
        alert_data: { note: hostile.img, nested: { script: hostile.script } },
        chain_id: 'probe-chain',
        chain_definition: { stages: [{ id: 'probe', agent: 'ProbeAgent' }] },
        started_at_us: start,
      },
    },
    {
      id: 'xss-e2',
      timestamp: iso(start + 1000),
      type: 'stage.started',
      body: {
        execution_id: stage,
        session_id: xssSessionId,
        stage_id: 'probe',
        stage_index: 0,
        stage_name: 'Probe <b>stage</b>',
        agent: 'ProbeAgent',
        started_at_us: start + 1000,
      },
    },
    {
      id: 'xss-e3',
      timestamp: iso(start + 2000),
      type: 'llm.interaction',
      body: {
        interaction_id: 'xss-llm-1',
        session_id: xssSessionId,
        stage_execution_id: stage,
        timestamp_us: start + 2000,
        duration_ms: 1200,
        step_description: `Reason about ${hostile.img}`,
        model_name: 'gpt-probe',
        provider: 'openai',
        messages: [
          { role: 'system', content: 'You are a probe.' },
          { role: 'user', content: `Look at this: ${hostile.script}` },
          { role: 'assistant', content: `And this: ${hostile.img}` },
        ],
        tool_calls: [{ name: 'render', arguments: { html: hostile.img } }],
        input_tokens: 100,
        output_tokens: 20,
        total_tokens: 120,
        success: true,
      },
    },
    {
      id: 'xss-e4',
      timestamp: iso(start + 3_300_000),
      type: 'mcp.communication',
      body: {
        communication_id: 'xss-mcp-1',
        session_id: xssSessionId,
        stage_execution_id: stage,
        timestamp_us: start + 3_300_000,
        duration_ms: 300,
        step_description: 'Call fetch_page',
        server_name: 'web',
        communication_type: 'tool_call',
        tool_name: 'fetch_page',
        parameters: { url: 'https://example.com', inject: hostile.script },
        success: false,
        error_message: `tool failed: ${hostile.img}`,
      },
    },
    {
      id: 'xss-e5',
      timestamp: iso(start + 4_000_000),
      type: 'stage.completed',
      body: { execution_id: stage, session_id: xssSessionId, completed_at_us: start + 4_000_000 },
    },
    {
      id: 'xss-e6',
      timestamp: iso(start + 5_000_000),
      type: 'session.completed',
      body: {
        session_id: xssSessionId,
        completed_at_us: start + 5_000_000,
        final_analysis: hostile.analysisHtml,
      },
    },
  ];
}

/** A session with `bigInteractionCount` calls in one stage, alternating LLM and MCP. */
export function bigSessionEvents(nowUs: number): IngestEvent[] {
  const start = nowUs - 3_600_000_000;
  const stage = 'big-stage-1';
  const events: IngestEvent[] = [
    {
      id: 'big-e-start',
      timestamp: iso(start),
      type: 'session.started',
      body: {
        session_id: bigSessionId,
        alert_id: 'big-alert',
        alert_type: 'LongInvestigation',
        agent_type: 'MarathonAgent',
        alert_data: { cluster: 'prod-1' },
        chain_id: 'marathon',
        chain_definition: { stages: [{ id: 'dig', agent: 'MarathonAgent' }] },
        started_at_us: start,
      },
    },
    {
      id: 'big-e-stage',
      timestamp: iso(start + 1000),
      type: 'stage.started',
      body: {
        execution_id: stage,
        session_id: bigSessionId,
        stage_id: 'dig',
        stage_index: 0,
        stage_name: 'Dig',
        agent: 'MarathonAgent',
        started_at_us: start + 1000,
      },
    },
  ];
  for (let n = 0; n < bigInteractionCount; n += 1) {
    const at = start + 10_000 + n * 1_000_000;
    const common = {
      session_id: bigSessionId,
      stage_execution_id: stage,
      timestamp_us: at,
      duration_ms: 200 + (n % 7) * 100,
      step_description: `Step ${n}`,
    };
    events.push(
      n % 2 === 0
        ? {
            id: `big-e-${n}`,
            timestamp: iso(at),
            type: 'llm.interaction',
            body: {
              ...common,
              interaction_id: interactionId(n),
              model_name: 'gpt-long',
              messages: [
                { role: 'user', content: `Question ${n}` },
                { role: 'assistant', content: `Answer number ${n}` },
              ],
              input_tokens: 50,
              output_tokens: 10,
              total_tokens: 60,
              success: true,
            },
          }
        : {
            id: `big-e-${n}`,
            timestamp: iso(at),
            type: 'mcp.communication',
            body: {
              ...common,
              communication_id: interactionId(n),
              server_name: 'kubernetes',
              communication_type: 'tool_call',
              tool_name: 'get_pods',
              parameters: { namespace: `ns-${n}` },
              result: { pods: n % 5 },
              success: true,
            },
          },
    );
  }
  events.push({
    id: 'big-e-stage-done',
    timestamp: iso(start + 2_100_000_000),
    type: 'stage.completed',
    body: { execution_id: stage, session_id: bigSessionId, completed_at_us: start + 2_100_000_000 },
  });
  events.push({
    id: 'big-e-done',
    timestamp: iso(start + 2_100_001_000),
    type: 'session.completed',
    body: {
      session_id: bigSessionId,
      completed_at_us: start + 2_100_001_000,
      final_analysis: 'Done after a long dig.',
    },
  });
  return events;
}
