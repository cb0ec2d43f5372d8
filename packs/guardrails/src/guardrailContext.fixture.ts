import type { GuardrailContext, Logger, ToolCallTarget } from '@troupe/sdk';

const silentLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
  child: () => silentLogger,
};

/** A GuardrailContext as the engine builds one, with the host's secret values given in clear for the test. */
export function guardrailContext(
  overrides: { phase?: GuardrailContext['phase']; policyTags?: readonly string[]; secrets?: readonly string[]; toolCall?: ToolCallTarget } = {},
): GuardrailContext {
  const secrets = overrides.secrets ?? [];
  return {
    runId: 'run-1',
    taskId: 'task-1',
    phase: overrides.phase ?? 'output',
    policyTags: overrides.policyTags ?? [],
    signal: new AbortController().signal,
    containsSecret: (value: string) => secrets.some((secret) => value.includes(secret)),
    logger: silentLogger,
    ...(overrides.toolCall ? { toolCall: overrides.toolCall } : {}),
  };
}
