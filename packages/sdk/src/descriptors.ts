import type { JsonSchema, JsonValue } from './json.js';
import type { Logger } from './logger.js';
import type { WorkflowDefinition } from './workflow.js';

export const DESCRIPTOR_KINDS = ['workflow', 'tool', 'guardrail', 'persona', 'provider', 'code'] as const;
export type DescriptorKind = (typeof DESCRIPTOR_KINDS)[number];

/**
 * One contribution of a pack. Descriptors with the same `kind:id` stack: the
 * highest priority is active, ties go to the newest registration.
 */
export interface Descriptor<K extends DescriptorKind = DescriptorKind, P = DescriptorPayloads[K]> {
  readonly kind: K;
  readonly id: string;
  readonly priority?: number;
  readonly payload: P;
}

export interface DescriptorPayloads {
  workflow: WorkflowSpec;
  tool: ToolSpec;
  guardrail: GuardrailSpec;
  persona: PersonaSpec;
  provider: ProviderSpec;
  code: CodeSpec;
}

export type AnyDescriptor = { [K in DescriptorKind]: Descriptor<K> }[DescriptorKind];
export type WorkflowDescriptor = Descriptor<'workflow'>;
export type ToolDescriptor = Descriptor<'tool'>;
export type GuardrailDescriptor = Descriptor<'guardrail'>;
export type PersonaDescriptor = Descriptor<'persona'>;
export type ProviderDescriptor = Descriptor<'provider'>;
export type CodeDescriptor = Descriptor<'code'>;

// ── execution context shared by tools, code and providers ───────────────────

/** What every executor receives besides its input. */
export interface ExecutionContext {
  readonly runId: string;
  readonly taskId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Stable across attempts and restarts of the same task (run id + task id): de-duplicate side effects with it. */
  readonly idempotencyKey: string;
  /** Fires on task timeout, run timeout or cancel. */
  readonly signal: AbortSignal;
  /** Only the secrets this executor declared in `requiredSecrets`. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly logger: Logger;
}

// ── tools ─────────────────────────────────────────────────────────────────────

export interface ToolSpec<I = unknown, O = unknown> {
  readonly description?: string;
  readonly inputSchema?: JsonSchema;
  readonly outputSchema?: JsonSchema;
  readonly requiredSecrets?: readonly string[];
  execute(input: I, ctx: ExecutionContext): O | Promise<O>;
}

// ── code functions (executor type "code") ─────────────────────────────────────

export interface CodeSpec<I = unknown, O = unknown> {
  readonly description?: string;
  readonly requiredSecrets?: readonly string[];
  run(input: I, ctx: ExecutionContext): O | Promise<O>;
}

// ── guardrails ───────────────────────────────────────────────────────────────

export type GuardrailAction = 'allow' | 'flag' | 'sanitize' | 'block' | 'require_approval';

/** Most severe last: the engine applies the most severe answer of a stack. */
export const GUARDRAIL_SEVERITY: Readonly<Record<GuardrailAction, number>> = {
  allow: 0,
  flag: 1,
  sanitize: 2,
  require_approval: 3,
  block: 4,
};

export interface GuardrailDecision {
  readonly action: GuardrailAction;
  readonly reasonCode?: string;
  readonly message?: string;
  /** For `sanitize`: the payload that replaces the original. */
  readonly payload?: unknown;
}

/** The tool call a guardrail is asked about. */
export interface ToolCallTarget {
  readonly toolId: string;
  /** `arguments`: what the seat passes to the tool; `result`: what the tool returned. */
  readonly part: 'arguments' | 'result';
}

export interface GuardrailContext {
  readonly runId: string;
  readonly taskId: string;
  readonly phase: 'input' | 'output' | 'chunk';
  readonly policyTags: readonly string[];
  readonly signal: AbortSignal;
  /**
   * Set when the payload belongs to a tool call a gmi seat of the task makes
   * (`ctx.callTool`) rather than to the task itself: its arguments are checked
   * as `output` (what the seat sends out), its result as `input` (what the
   * seat reads next).
   */
  readonly toolCall?: ToolCallTarget;
  /** True when `value` contains a secret value known to the host (values are never exposed). */
  containsSecret(value: string): boolean;
  readonly logger: Logger;
}

export interface GuardrailSpec {
  readonly description?: string;
  /**
   * `sanitizer`s run one after the other, each seeing the previous one's payload;
   * `classifier`s (the default) run in parallel on the same payload.
   */
  readonly mode?: 'classifier' | 'sanitizer';
  /** Default 5000 ms. */
  readonly timeoutMs?: number;
  /** What a throw or timeout counts as. Default `block`: fail closed. */
  readonly onError?: 'block' | 'allow';
  evaluateInput?(payload: unknown, ctx: GuardrailContext): GuardrailDecision | Promise<GuardrailDecision>;
  evaluateOutput?(payload: unknown, ctx: GuardrailContext): GuardrailDecision | Promise<GuardrailDecision>;
  /** Streamed model output, chunk by chunk. */
  evaluateChunk?(chunk: string, ctx: GuardrailContext): GuardrailDecision | Promise<GuardrailDecision>;
}

// ── personas and model providers ─────────────────────────────────────────────

export interface PersonaSpec {
  readonly displayName?: string;
  /** System instructions given to the model for every task of the seat. */
  readonly instructions: string;
  /** Id of the `provider` descriptor that runs this persona. */
  readonly providerId: string;
  readonly model?: string;
  readonly capabilities?: readonly string[];
  readonly settings?: { readonly [key: string]: JsonValue };
}

export interface ModelMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
}

export interface ModelToolInfo {
  readonly id: string;
  readonly description?: string;
  readonly inputSchema?: JsonSchema;
}

export interface ModelRequest {
  readonly model?: string;
  readonly messages: readonly ModelMessage[];
  /** Tools the seat may call through `ctx.callTool`. */
  readonly tools: readonly ModelToolInfo[];
  readonly outputFormat: 'text' | 'json';
  readonly settings?: { readonly [key: string]: JsonValue };
}

/**
 * Tokens of one model call, and its cost when the provider knows the model's
 * prices. Recorded as `model.usage` event data and summed per run and per seat.
 */
export interface ModelUsage {
  /** Prompt tokens. */
  readonly inputTokens?: number;
  /** Completion tokens. */
  readonly outputTokens?: number;
  /** In US dollars, when a price table is configured for the model. */
  readonly costUsd?: number;
  /** The model that answered. */
  readonly model?: string;
}

export interface ModelResult {
  readonly text: string;
  /** Structured output (for outputFormat json); defaults to the text. */
  readonly output?: unknown;
  /** Usage of the whole generate call; recorded as one model call when the provider recorded none with `ctx.recordUsage`. */
  readonly usage?: ModelUsage;
}

export interface ProviderContext extends ExecutionContext {
  readonly roleId: string;
  readonly personaId: string;
  /** Report a streamed token or chunk; it updates the seat telemetry. */
  emit(chunk: string): void;
  /** Call a tool on behalf of the seat; refused with E_TOOL_FORBIDDEN outside the role's tools. */
  callTool(toolId: string, input: unknown): Promise<unknown>;
  /**
   * Record the usage of one model call (a generate call may make several, e.g.
   * around tool calls). Each becomes a `model.usage` event; when a token or cost
   * budget of the task or run is exceeded, the signal fires with E_BUDGET_EXCEEDED.
   */
  recordUsage(usage: ModelUsage): void;
}

export interface ProviderSpec {
  readonly displayName?: string;
  readonly requiredSecrets?: readonly string[];
  generate(request: ModelRequest, ctx: ProviderContext): Promise<ModelResult>;
}

// ── workflows ────────────────────────────────────────────────────────────────

export interface WorkflowSpec {
  readonly definition: WorkflowDefinition;
}
