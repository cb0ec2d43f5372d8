import type { GuardrailContext, Logger, ToolCallTarget } from '@troupe/sdk';
import type { SecretResolver } from '../secrets/SecretResolver.js';

/** What one guardrail call receives; its child logger is built only if the guardrail logs. */
export class GuardrailCallContext implements GuardrailContext {
  private childLogger: Logger | undefined;

  constructor(
    readonly runId: string,
    readonly taskId: string,
    readonly phase: 'input' | 'output' | 'chunk',
    readonly policyTags: readonly string[],
    readonly signal: AbortSignal,
    private readonly guardrailId: string,
    private readonly secrets: SecretResolver,
    private readonly baseLogger: Logger,
    readonly toolCall?: ToolCallTarget,
  ) {}

  /** Whether the text holds a value of one of the host's secrets; the values themselves never leave the host. */
  containsSecret(value: string): boolean {
    return typeof value === 'string' && this.secrets.containsSecret(value);
  }

  get logger(): Logger {
    this.childLogger ??= this.baseLogger.child({ guardrailId: this.guardrailId, runId: this.runId, taskId: this.taskId });
    return this.childLogger;
  }
}
