import {
  type LLMInteractionRecord,
  type MCPCommunicationRecord,
  noLlmCost,
  type SessionRecord,
  type StageExecutionRecord,
} from '@hindsight/models';

/** Everything one demo run recorded. */
export interface DemoSession {
  readonly session: SessionRecord;
  readonly stages: readonly StageExecutionRecord[];
  readonly llm: readonly LLMInteractionRecord[];
  readonly mcp: readonly MCPCommunicationRecord[];
}

const SECOND_US = 1_000_000;

interface StagePlan {
  readonly id: string;
  readonly name: string;
  readonly agent: string;
  readonly outcome: 'completed' | 'failed' | 'active';
}

interface RunPlan {
  readonly sessionId: string;
  readonly alertType: string;
  readonly agentType: string;
  readonly alertData: Record<string, unknown>;
  readonly chainId: string;
  readonly stages: readonly StagePlan[];
  readonly outcome: 'completed' | 'failed' | 'in_progress';
  readonly minutesAgo: number;
  readonly finalAnalysis?: string;
}

const plans: readonly RunPlan[] = [
  {
    sessionId: '6f1c2a4e-3b7d-4e59-9a10-demo00000001',
    alertType: 'PodCrashLooping',
    agentType: 'kubernetes',
    alertData: {
      cluster: 'prod-eu-1',
      namespace: 'payments',
      pod: 'checkout-api-7f9c6d',
      restarts: 14,
    },
    chainId: 'kubernetes-triage',
    stages: [
      {
        id: 'data-collection',
        name: 'Data collection',
        agent: 'KubernetesAgent',
        outcome: 'completed',
      },
      {
        id: 'root-cause',
        name: 'Root cause analysis',
        agent: 'KubernetesAgent',
        outcome: 'completed',
      },
      {
        id: 'recommendations',
        name: 'Recommendations',
        agent: 'ReportAgent',
        outcome: 'completed',
      },
    ],
    outcome: 'completed',
    minutesAgo: 95,
    finalAnalysis:
      '## Root cause\ncheckout-api runs out of memory at start-up since the 2.14 release raised its cache size.\n\n## Recommendation\nRaise the memory limit to 768Mi or revert the cache change.',
  },
  {
    sessionId: '6f1c2a4e-3b7d-4e59-9a10-demo00000002',
    alertType: 'HighErrorRate',
    agentType: 'observability',
    alertData: { service: 'search', error_rate: 0.18, window: '5m' },
    chainId: 'service-degradation',
    stages: [
      { id: 'metrics', name: 'Metrics review', agent: 'PrometheusAgent', outcome: 'completed' },
      { id: 'logs', name: 'Log analysis', agent: 'LokiAgent', outcome: 'failed' },
    ],
    outcome: 'failed',
    minutesAgo: 40,
  },
  {
    sessionId: '6f1c2a4e-3b7d-4e59-9a10-demo00000003',
    alertType: 'DiskPressure',
    agentType: 'kubernetes',
    alertData: { cluster: 'prod-us-2', node: 'ip-10-2-33-7', usage: 0.93 },
    chainId: 'kubernetes-triage',
    stages: [
      {
        id: 'data-collection',
        name: 'Data collection',
        agent: 'KubernetesAgent',
        outcome: 'completed',
      },
      {
        id: 'root-cause',
        name: 'Root cause analysis',
        agent: 'KubernetesAgent',
        outcome: 'active',
      },
    ],
    outcome: 'in_progress',
    minutesAgo: 3,
  },
];

function buildRun(plan: RunPlan, nowUs: number): DemoSession {
  const startedAt = nowUs - plan.minutesAgo * 60 * SECOND_US;
  let clock = startedAt + SECOND_US;
  const advance = (us: number): number => {
    clock += us;
    return clock;
  };
  const stages: StageExecutionRecord[] = [];
  const llm: LLMInteractionRecord[] = [];
  const mcp: MCPCommunicationRecord[] = [];

  plan.stages.forEach((stagePlan, index) => {
    const executionId = `${plan.sessionId}-stage-${index}`;
    const stageStart = clock;
    const server = plan.agentType === 'kubernetes' ? 'kubernetes-server' : 'observability-server';
    mcp.push({
      communication_id: `${executionId}-tools`,
      session_id: plan.sessionId,
      stage_execution_id: executionId,
      timestamp_us: advance(200_000),
      duration_ms: 45,
      step_description: 'List available tools',
      server_name: server,
      communication_type: 'tool_list',
      tool_name: null,
      parameters: null,
      result: null,
      available_tools: { tools: ['get_pods', 'get_events', 'get_logs', 'query_metrics'] },
      success: true,
      error_message: null,
    });
    const failed = stagePlan.outcome === 'failed';
    mcp.push({
      communication_id: `${executionId}-call`,
      session_id: plan.sessionId,
      stage_execution_id: executionId,
      timestamp_us: advance(1_500_000),
      duration_ms: failed ? 30_000 : 640,
      step_description: `${stagePlan.name}: gather evidence`,
      server_name: server,
      communication_type: 'tool_call',
      tool_name: failed ? 'get_logs' : 'get_events',
      parameters: { ...plan.alertData, limit: 50 },
      result: failed ? null : { items: ['Back-off restarting failed container', 'OOMKilled'] },
      available_tools: null,
      success: !failed,
      error_message: failed ? 'log backend timed out after 30s' : null,
    });
    const input = 900 + index * 350;
    const output = 180 + index * 60;
    llm.push({
      ...noLlmCost,
      interaction_id: `${executionId}-llm`,
      session_id: plan.sessionId,
      stage_execution_id: executionId,
      timestamp_us: advance(2_500_000),
      duration_ms: 2300 + index * 400,
      step_description: `${stagePlan.name}: reason over the evidence`,
      model_name: 'gpt-4o',
      provider: 'openai',
      temperature: 0.2,
      messages: [
        {
          role: 'system',
          content: `You are ${stagePlan.agent}, an SRE agent. Investigate the alert.`,
        },
        { role: 'user', content: `Alert ${plan.alertType}: ${JSON.stringify(plan.alertData)}` },
        {
          role: 'assistant',
          content: failed
            ? 'I could not read the logs.'
            : 'The container is OOMKilled on start-up.',
        },
      ],
      tool_calls: null,
      tool_results: null,
      input_tokens: input,
      output_tokens: output,
      total_tokens: input + output,
      cache_read_tokens: null,
      cache_creation_tokens: null,
      reasoning_tokens: null,
      success: true,
      error_message: null,
      interaction_type: 'investigation',
      thinking_content: null,
      response_metadata: null,
      native_tools_config: null,
      mcp_event_id: null,
    });
    clock += SECOND_US;
    const done = stagePlan.outcome !== 'active';
    stages.push({
      execution_id: executionId,
      session_id: plan.sessionId,
      stage_id: stagePlan.id,
      stage_index: index,
      stage_name: stagePlan.name,
      agent: stagePlan.agent,
      status: stagePlan.outcome,
      started_at_us: stageStart,
      completed_at_us: done ? clock : null,
      duration_ms: done ? Math.floor((clock - stageStart) / 1000) : null,
      stage_output:
        stagePlan.outcome === 'completed' ? { summary: `${stagePlan.name} finished` } : null,
      error_message: failed ? 'log backend timed out after 30s' : null,
      iteration_strategy: 'react',
      parallel_type: 'single',
      parallel_index: 0,
      parent_stage_execution_id: null,
      chat_id: null,
      chat_user_message_id: null,
      chat_user_message: null,
    });
  });

  const last = plan.stages.length - 1;
  const finished = plan.outcome !== 'in_progress';
  return {
    session: {
      session_id: plan.sessionId,
      alert_id: `${plan.sessionId}-alert`,
      alert_type: plan.alertType,
      agent_type: plan.agentType,
      status: plan.outcome,
      started_at_us: startedAt,
      completed_at_us: finished ? clock : null,
      error_message:
        plan.outcome === 'failed' ? 'stage "Log analysis" failed: log backend timed out' : null,
      final_analysis: plan.finalAnalysis ?? null,
      alert_data: plan.alertData,
      session_metadata: { source: 'hindsight demo' },
      chain_id: plan.chainId,
      chain_definition: { stages: plan.stages.map((s) => ({ id: s.id, agent: s.agent })) },
      current_stage_index: last,
      current_stage_id: plan.stages[last]?.id ?? null,
      author: 'demo',
      final_analysis_summary: plan.finalAnalysis
        ? (plan.finalAnalysis.split('\n')[0] ?? null)
        : null,
      executive_summary_error: null,
      pause_metadata: null,
      runbook_url: null,
      mcp_selection: { servers: [{ name: 'kubernetes-server', tools: null }] },
      slack_message_fingerprint: null,
    },
    stages,
    llm,
    mcp,
  };
}

/** Three realistic runs: one completed, one failed, one still in progress. */
export function demoSessions(nowUs: number): DemoSession[] {
  return plans.map((plan) => buildRun(plan, nowUs));
}
