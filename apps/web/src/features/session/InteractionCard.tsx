import type { Interaction, LLMInteraction, MCPInteraction } from '@hindsight/models';
import { Collapsible } from 'radix-ui';
import { formatDuration, formatOffset, formatTokens, formatUsd } from '../../ui/format.js';
import { JsonTree } from '../../ui/JsonTree.js';

interface CardProps {
  readonly interaction: Interaction;
  readonly stageName: string | undefined;
  readonly sessionStartUs: number;
  readonly bar: { left: number; width: number };
  readonly open: boolean;
  readonly selected: boolean;
  readonly onOpenChange: (open: boolean) => void;
  /** Makes this interaction the one the URL names (its deep link). */
  readonly onSelect: () => void;
}

function title(interaction: Interaction): string {
  if (interaction.type === 'llm') return interaction.details.model_name;
  const d = interaction.details;
  return d.communication_type === 'tool_list'
    ? `${d.server_name} · list tools`
    : `${d.server_name} · ${d.tool_name ?? ''}`;
}

function LlmBody({ interaction }: { interaction: LLMInteraction }) {
  const d = interaction.details;
  return (
    <div className="interaction-body">
      <dl className="facts">
        <div>
          <dt>Model</dt>
          <dd>{d.model_name}</dd>
        </div>
        {d.provider && (
          <div>
            <dt>Provider</dt>
            <dd>{d.provider}</dd>
          </div>
        )}
        {d.temperature !== null && (
          <div>
            <dt>Temperature</dt>
            <dd>{d.temperature}</dd>
          </div>
        )}
        <div>
          <dt>Tokens in / out / total</dt>
          <dd>
            {formatTokens(d.input_tokens)} / {formatTokens(d.output_tokens)} /{' '}
            {formatTokens(d.total_tokens)}
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>
            {d.cost_usd
              ? `${formatUsd(d.cost_usd.total_usd)} (${d.cost_usd.price_source})`
              : `no price${d.unpriced_reason ? `: ${d.unpriced_reason.replaceAll('_', ' ')}` : ''}`}
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(interaction.duration_ms)}</dd>
        </div>
      </dl>
      {d.error_message && (
        <p className="error-box" role="note">
          {d.error_message}
        </p>
      )}
      <ol className="conversation" aria-label="Conversation">
        {d.messages.map((m, index) => (
          <li key={index} className={`message role-${m.role}`}>
            <span className="message-role">{m.role}</span>
            <div className="message-content">{m.content}</div>
          </li>
        ))}
      </ol>
      {d.tool_calls !== null && (
        <section>
          <h4>Tool calls</h4>
          <JsonTree value={d.tool_calls} label="Tool calls" />
        </section>
      )}
      {d.tool_results !== null && (
        <section>
          <h4>Tool results</h4>
          <JsonTree value={d.tool_results} label="Tool results" />
        </section>
      )}
    </div>
  );
}

function McpBody({ interaction }: { interaction: MCPInteraction }) {
  const d = interaction.details;
  return (
    <div className="interaction-body">
      <dl className="facts">
        <div>
          <dt>Server</dt>
          <dd>{d.server_name}</dd>
        </div>
        <div>
          <dt>Kind</dt>
          <dd>{d.communication_type === 'tool_call' ? 'tool call' : 'tool list'}</dd>
        </div>
        {d.tool_name && (
          <div>
            <dt>Tool</dt>
            <dd>{d.tool_name}</dd>
          </div>
        )}
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(interaction.duration_ms)}</dd>
        </div>
      </dl>
      {d.error_message && (
        <p className="error-box" role="note">
          {d.error_message}
        </p>
      )}
      {d.tool_arguments && (
        <section>
          <h4>Parameters</h4>
          <JsonTree value={d.tool_arguments} label="Parameters" />
        </section>
      )}
      {d.tool_result && (
        <section>
          <h4>Result</h4>
          <JsonTree value={d.tool_result} label="Result" />
        </section>
      )}
      {d.available_tools && (
        <section>
          <h4>Available tools</h4>
          <JsonTree value={d.available_tools} label="Available tools" />
        </section>
      )}
    </div>
  );
}

/** One LLM or MCP call on the timeline: a summary line that opens to the whole call. */
export function InteractionCard({
  interaction,
  stageName,
  sessionStartUs,
  bar,
  open,
  selected,
  onOpenChange,
  onSelect,
}: CardProps) {
  const ok = interaction.details.success;
  const tokens = interaction.type === 'llm' ? interaction.details.total_tokens : null;
  return (
    <Collapsible.Root
      open={open}
      onOpenChange={onOpenChange}
      className={`interaction ${interaction.type}${ok ? '' : ' failed'}${selected ? ' selected' : ''}`}
      id={`interaction-${interaction.event_id}`}
      data-interaction-id={interaction.event_id}
    >
      <div className="interaction-head">
        <Collapsible.Trigger className="interaction-trigger">
          <span className="chevron" aria-hidden="true" />
          <span className={`kind kind-${interaction.type}`}>
            {interaction.type === 'llm' ? 'LLM' : 'MCP'}
          </span>
          <span className="interaction-title">{title(interaction)}</span>
          <span className="interaction-step">{interaction.step_description}</span>
          {!ok && <span className="badge status-failed">error</span>}
        </Collapsible.Trigger>
        <span className="interaction-meta">
          <span className="mono">{formatOffset(interaction.timestamp_us, sessionStartUs)}</span>
          {stageName && <span className="muted">{stageName}</span>}
          {tokens !== null && <span>{formatTokens(tokens)} tok</span>}
          <span>{formatDuration(interaction.duration_ms)}</span>
          <a
            className="permalink"
            href={`?i=${encodeURIComponent(interaction.event_id)}`}
            aria-label={`Link to this ${interaction.type === 'llm' ? 'LLM' : 'MCP'} call`}
            onClick={(e) => {
              e.preventDefault();
              onSelect();
            }}
          >
            #
          </a>
        </span>
        <span className="waterfall-track" aria-hidden="true">
          <span
            className="waterfall-bar"
            style={{ left: `${bar.left}%`, width: `${bar.width}%` }}
          />
        </span>
      </div>
      <Collapsible.Content>
        {interaction.type === 'llm' ? (
          <LlmBody interaction={interaction} />
        ) : (
          <McpBody interaction={interaction} />
        )}
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
