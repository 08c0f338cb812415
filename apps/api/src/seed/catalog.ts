// What generated sessions are made of: agents, their alerts, chains and tools.

export interface StageTemplate {
  readonly id: string;
  readonly name: string;
  readonly agent: string;
}

export interface Scenario {
  readonly agentType: string;
  readonly alertTypes: readonly string[];
  readonly chainId: string;
  readonly stages: readonly StageTemplate[];
  readonly server: string;
  readonly tools: readonly string[];
  readonly subjects: readonly Record<string, unknown>[];
  readonly weight: number;
}

export const scenarios: readonly Scenario[] = [
  {
    agentType: 'kubernetes',
    alertTypes: [
      'PodCrashLooping',
      'OOMKilled',
      'ImagePullBackOff',
      'NodeNotReady',
      'DiskPressure',
    ],
    chainId: 'kubernetes-triage',
    stages: [
      { id: 'data-collection', name: 'Data collection', agent: 'KubernetesAgent' },
      { id: 'log-analysis', name: 'Log analysis', agent: 'LogAgent' },
      { id: 'root-cause', name: 'Root cause analysis', agent: 'KubernetesAgent' },
      { id: 'remediation', name: 'Remediation plan', agent: 'RemediationAgent' },
      { id: 'report', name: 'Report', agent: 'ReportAgent' },
    ],
    server: 'kubernetes-server',
    tools: ['get_pods', 'get_events', 'get_logs', 'describe_node', 'top_pods', 'get_deployments'],
    subjects: [
      { cluster: 'prod-eu-1', namespace: 'payments', workload: 'checkout-api' },
      { cluster: 'prod-us-2', namespace: 'search', workload: 'indexer' },
      { cluster: 'staging-1', namespace: 'identity', workload: 'auth-gateway' },
    ],
    weight: 4,
  },
  {
    agentType: 'observability',
    alertTypes: ['HighErrorRate', 'LatencySLOBreach', 'SaturationWarning'],
    chainId: 'service-degradation',
    stages: [
      { id: 'metrics', name: 'Metrics review', agent: 'PrometheusAgent' },
      { id: 'traces', name: 'Trace analysis', agent: 'TempoAgent' },
      { id: 'logs', name: 'Log analysis', agent: 'LokiAgent' },
      { id: 'summary', name: 'Summary', agent: 'ReportAgent' },
    ],
    server: 'observability-server',
    tools: ['query_metrics', 'query_range', 'search_traces', 'query_logs', 'list_alerts'],
    subjects: [
      { service: 'search', slo: 'p99 < 300ms' },
      { service: 'checkout', slo: 'errors < 0.5%' },
      { service: 'notifications', slo: 'p95 < 1s' },
    ],
    weight: 3,
  },
  {
    agentType: 'database',
    alertTypes: ['ReplicationLag', 'SlowQueries', 'ConnectionsExhausted'],
    chainId: 'database-triage',
    stages: [
      { id: 'health', name: 'Health check', agent: 'PostgresAgent' },
      { id: 'queries', name: 'Query analysis', agent: 'PostgresAgent' },
      { id: 'advice', name: 'Advice', agent: 'ReportAgent' },
    ],
    server: 'postgres-server',
    tools: ['pg_stat_activity', 'explain', 'replication_status', 'table_bloat'],
    subjects: [
      { instance: 'orders-primary', region: 'eu-west-1' },
      { instance: 'ledger-replica-2', region: 'us-east-2' },
    ],
    weight: 2,
  },
  {
    agentType: 'security',
    alertTypes: ['SuspiciousLogin', 'PrivilegeEscalation', 'SecretExposed'],
    chainId: 'security-investigation',
    stages: [
      { id: 'enrichment', name: 'Enrichment', agent: 'SiemAgent' },
      { id: 'timeline', name: 'Timeline', agent: 'SiemAgent' },
      { id: 'verdict', name: 'Verdict', agent: 'SecurityAnalyst' },
    ],
    server: 'siem-server',
    tools: ['search_events', 'lookup_ip', 'user_history', 'list_sessions'],
    subjects: [
      { user: 'svc-deploy', source_ip: '203.0.113.7' },
      { user: 'alice', source_ip: '198.51.100.23' },
    ],
    weight: 1,
  },
  {
    agentType: 'coding',
    alertTypes: ['CIFailure', 'FlakyTest', 'DependencyVulnerability'],
    chainId: 'code-fix',
    stages: [
      { id: 'reproduce', name: 'Reproduce', agent: 'CodingAgent' },
      { id: 'fix', name: 'Fix', agent: 'CodingAgent' },
      { id: 'review', name: 'Review', agent: 'ReviewAgent' },
    ],
    server: 'github-server',
    tools: ['get_file', 'search_code', 'list_checks', 'get_check_log', 'create_pull_request'],
    subjects: [
      { repository: 'acme/checkout', branch: 'main' },
      { repository: 'acme/mobile-app', branch: 'release/4.2' },
    ],
    weight: 2,
  },
];

export const models = [
  { model_name: 'gpt-4o', provider: 'openai' },
  { model_name: 'gpt-4o-mini', provider: 'openai' },
  { model_name: 'claude-sonnet-4', provider: 'anthropic' },
  { model_name: 'gemini-2.5-pro', provider: 'google' },
] as const;

export const authors = ['oncall@example.com', 'alertmanager', 'ci-bot', 'alice', 'bob', null];

export const findings = [
  'The container is OOMKilled shortly after start: its memory limit is below the new cache size.',
  'Error rate rose after the 14:02 deploy; the new version times out calling the pricing service.',
  'Replication lag follows a long-running analytics query holding a snapshot on the replica.',
  'The failing test depends on wall-clock time and fails when the runner is slow.',
  'Logins came from an IP in a hosting range, outside the user’s usual countries.',
  'Disk usage grows with uncompressed debug logs written by the sidecar.',
  'The image tag points at a digest that was deleted from the registry.',
];

export const llmErrors = ['rate limited (429)', 'context length exceeded', 'upstream timeout'];
export const toolErrors = ['permission denied', 'tool timed out after 30s', 'resource not found'];
