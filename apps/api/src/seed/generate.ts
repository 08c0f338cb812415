import type { IngestEventType } from '@hindsight/models';
import {
  authors,
  findings,
  llmErrors,
  models,
  type Scenario,
  scenarios,
  toolErrors,
} from './catalog.js';
import { createRandom, type Random } from './random.js';

/** One ingest event, as a client would send it. */
export interface SeedEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly type: IngestEventType;
  readonly body: Record<string, unknown>;
}

export interface GeneratedSession {
  readonly sessionId: string;
  readonly events: readonly SeedEvent[];
}

export interface GenerateOptions {
  readonly seed: number;
  /** Sessions end before this time; most started in the 30 days before it. */
  readonly nowUs: number;
}

type Outcome = 'completed' | 'failed' | 'cancelled' | 'timed_out' | 'in_progress' | 'paused';

const outcomes: ReadonlyArray<readonly [Outcome, number]> = [
  ['completed', 75],
  ['failed', 12],
  ['cancelled', 3],
  ['timed_out', 3],
  ['in_progress', 5],
  ['paused', 2],
];

const MS = 1000;
const SECOND = 1_000_000;
const DAY = 86_400 * SECOND;

/** 0 to 40, most often a handful: agents usually make few calls per stage. */
function interactionCount(random: Random): number {
  return Math.floor(41 * random.next() ** 2);
}

class SessionWriter {
  readonly events: SeedEvent[] = [];
  clock: number;

  constructor(
    private readonly random: Random,
    startUs: number,
  ) {
    this.clock = startUs;
  }

  emit(type: IngestEventType, body: Record<string, unknown>): void {
    this.events.push({
      id: this.random.uuid(),
      timestamp: new Date(Math.floor(this.clock / MS)).toISOString(),
      type,
      body,
    });
  }

  advance(us: number): number {
    this.clock += us;
    return this.clock;
  }
}

function llmCall(
  w: SessionWriter,
  random: Random,
  sessionId: string,
  executionId: string,
  scenario: Scenario,
  alertType: string,
  stageName: string,
  subject: Record<string, unknown>,
): void {
  const model = random.pick(models);
  const failed = random.chance(0.03);
  const durationMs = random.int(400, 9000);
  const timestamp = w.advance(random.int(10, 500) * MS);
  w.advance(durationMs * MS);
  const input = random.int(300, 6000);
  const output = failed ? 0 : random.int(40, 1500);
  w.emit('llm.interaction', {
    interaction_id: random.uuid(),
    session_id: sessionId,
    stage_execution_id: executionId,
    timestamp_us: timestamp,
    duration_ms: durationMs,
    step_description: `${stageName}: ${random.pick(['plan', 'reason over the evidence', 'decide the next tool', 'summarise'])}`,
    model_name: model.model_name,
    provider: model.provider,
    temperature: random.pick([0, 0.1, 0.2, 0.7]),
    messages: [
      {
        role: 'system',
        content: `You are ${scenario.agentType} agent in the ${scenario.chainId} chain. Investigate the alert and explain the cause.`,
      },
      { role: 'user', content: `Alert ${alertType} on ${JSON.stringify(subject)}. ${stageName}.` },
      ...(failed ? [] : [{ role: 'assistant', content: random.pick(findings) }]),
    ],
    ...(random.chance(0.3)
      ? { tool_calls: [{ name: random.pick(scenario.tools), arguments: subject }] }
      : {}),
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    success: !failed,
    ...(failed ? { error_message: random.pick(llmErrors) } : {}),
  });
}

function mcpCall(
  w: SessionWriter,
  random: Random,
  sessionId: string,
  executionId: string,
  scenario: Scenario,
  subject: Record<string, unknown>,
  first: boolean,
): void {
  const timestamp = w.advance(random.int(10, 300) * MS);
  const durationMs = random.int(20, 3000);
  w.advance(durationMs * MS);
  const base = {
    communication_id: random.uuid(),
    session_id: sessionId,
    stage_execution_id: executionId,
    timestamp_us: timestamp,
    duration_ms: durationMs,
    server_name: scenario.server,
  };
  if (first && random.chance(0.5)) {
    w.emit('mcp.communication', {
      ...base,
      step_description: 'List available tools',
      communication_type: 'tool_list',
      available_tools: { tools: scenario.tools },
      success: true,
    });
    return;
  }
  const failed = random.chance(0.05);
  const tool = random.pick(scenario.tools);
  w.emit('mcp.communication', {
    ...base,
    step_description: `Call ${tool}`,
    communication_type: 'tool_call',
    tool_name: tool,
    parameters: { ...subject, limit: random.pick([10, 50, 100]) },
    ...(failed
      ? { error_message: random.pick(toolErrors) }
      : { result: { items: random.int(0, 40), summary: random.pick(findings) } }),
    success: !failed,
  });
}

function generateSession(random: Random, nowUs: number): GeneratedSession {
  const scenario = random.weighted(scenarios.map((s) => [s, s.weight] as const));
  const outcome = random.weighted(outcomes);
  const running = outcome === 'in_progress' || outcome === 'paused';
  const startUs = running
    ? nowUs - random.int(60, 3600) * SECOND
    : nowUs - Math.floor(random.next() * 30 * DAY) - 2 * 3600 * SECOND;
  const sessionId = random.uuid();
  const alertType = random.pick(scenario.alertTypes);
  const subject = random.pick(scenario.subjects);
  const stageCount = random.int(1, Math.min(5, scenario.stages.length));
  const author = random.pick(authors);
  const w = new SessionWriter(random, startUs);

  w.emit('session.started', {
    session_id: sessionId,
    alert_id: random.uuid(),
    alert_type: alertType,
    agent_type: scenario.agentType,
    alert_data: { ...subject, severity: random.pick(['critical', 'warning', 'info']) },
    chain_id: scenario.chainId,
    chain_definition: {
      stages: scenario.stages.slice(0, stageCount).map((s) => ({ id: s.id, agent: s.agent })),
    },
    started_at_us: startUs,
    ...(author === null ? {} : { author }),
    session_metadata: { source: 'hindsight seed', seed_version: 1 },
  });

  // Which stage ends the run early: the failing, cancelled, timed-out or running one.
  const stopsEarly = outcome !== 'completed';
  const lastIndex = stopsEarly ? random.int(0, stageCount - 1) : stageCount - 1;
  for (let index = 0; index <= lastIndex; index += 1) {
    const template = scenario.stages[index];
    if (!template) break;
    const executionId = random.uuid();
    const stageStart = w.advance(random.int(50, 800) * MS);
    w.emit('stage.started', {
      execution_id: executionId,
      session_id: sessionId,
      stage_id: template.id,
      stage_index: index,
      stage_name: template.name,
      agent: template.agent,
      started_at_us: stageStart,
    });
    const calls = interactionCount(random);
    for (let i = 0; i < calls; i += 1) {
      if (random.chance(0.45)) {
        llmCall(w, random, sessionId, executionId, scenario, alertType, template.name, subject);
      } else {
        mcpCall(w, random, sessionId, executionId, scenario, subject, i === 0);
      }
    }
    const isLast = index === lastIndex;
    if (isLast && outcome === 'failed') {
      w.emit('stage.failed', {
        execution_id: executionId,
        session_id: sessionId,
        completed_at_us: w.advance(random.int(10, 200) * MS),
        error_message: random.pick([...toolErrors, ...llmErrors]),
      });
    } else if (isLast && stopsEarly) {
      // Cancelled, timed out, running or paused: the stage is still active.
    } else {
      w.emit('stage.completed', {
        execution_id: executionId,
        session_id: sessionId,
        completed_at_us: w.advance(random.int(10, 200) * MS),
        stage_output: { summary: `${template.name} done`, findings: random.int(0, 5) },
        ...(random.chance(0.05) ? { status: 'partial' } : {}),
      });
    }
  }

  const endUs = () => Math.min(w.advance(random.int(100, 2000) * MS), nowUs);
  switch (outcome) {
    case 'completed':
      w.emit('session.completed', {
        session_id: sessionId,
        completed_at_us: endUs(),
        final_analysis: `## Root cause\n${random.pick(findings)}\n\n## Recommendation\n${random.pick(['Roll back the last deploy.', 'Raise the limit and add an alert on usage.', 'Open an incident and page the owning team.', 'No action needed: transient.'])}`,
      });
      break;
    case 'failed':
      w.emit('session.failed', {
        session_id: sessionId,
        completed_at_us: endUs(),
        error_message: 'a stage failed; see its error',
      });
      break;
    case 'cancelled':
      w.emit('session.cancelled', {
        session_id: sessionId,
        completed_at_us: endUs(),
        error_message: 'cancelled by the operator',
      });
      break;
    case 'timed_out':
      w.emit('session.timed_out', {
        session_id: sessionId,
        completed_at_us: endUs(),
        error_message: 'the run exceeded its 15 minute budget',
      });
      break;
    case 'paused':
      w.emit('session.updated', { session_id: sessionId, status: 'paused' });
      break;
    case 'in_progress':
      break;
  }
  return { sessionId, events: w.events };
}

/**
 * Realistic sessions, one after the other, from one seeded generator: the same
 * seed gives the same ids and data (times follow `nowUs`), and the first N
 * sessions of a seed are the same whatever the count asked for.
 */
export function* generateSessions(options: GenerateOptions): Generator<GeneratedSession> {
  const random = createRandom(options.seed);
  for (;;) yield generateSession(random, options.nowUs);
}
