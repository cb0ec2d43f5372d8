import { TroupeError, type EngineDurability, type Logger, type WorkflowStore } from '@troupe/sdk';
import { timeOrderedId } from './timeOrderedId.js';
import { TurnBudget } from './TurnBudget.js';
import type { DescriptorLookup } from '../registry/DescriptorRegistry.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { GuardrailEnforcer } from '../policy/GuardrailEnforcer.js';
import type { PolicyMap } from '../policy/mergePolicies.js';
import type { PolicyEnforcer } from '../policy/PolicyEnforcer.js';
import { systemClock, type Clock } from './Clock.js';
import type { CompileOptions } from './compileWorkflow.js';
import type { EngineDependencies } from './EngineDependencies.js';
import { CodeExecutor } from './executors/CodeExecutor.js';
import { DispatchedCodeExecutor, DispatchedToolExecutor } from './executors/DispatchedExecutors.js';
import { ModelExecutor } from './executors/ModelExecutor.js';
import { SubWorkflowExecutor } from './executors/SubWorkflowExecutor.js';
import { ToolExecutor } from './executors/ToolExecutor.js';
import { DEFAULT_PAYLOAD_LIMITS, MAX_PAYLOAD_DEPTH, type PayloadLimits } from './checkPayload.js';
import type { LiveRun } from './LiveRun.js';
import { RunCommitter } from './RunCommitter.js';
import { RunCompensation } from './RunCompensation.js';
import { RunEnding } from './RunEnding.js';
import { RunRecovery } from './RunRecovery.js';
import { RunScheduler } from './RunScheduler.js';
import { RunSlots } from './RunSlots.js';
import { sharedSchemaValidators, type SchemaValidators } from './SchemaValidators.js';
import { TaskAttempts } from './TaskAttempts.js';
import { TaskPolicy } from './TaskPolicy.js';

const DEFAULT_MAX_CONCURRENT_RUNS = 64;
/** No policies configured: every policy tag is unknown. One object, so compiled plans stay shared between engines. */
const NO_POLICIES: PolicyMap = Object.freeze({});

/** One executor per executor type that runs code (human tasks have none: they wait). */
export interface ExecutorTable {
  readonly tool: ToolExecutor;
  readonly code: CodeExecutor;
  readonly gmi: ModelExecutor;
  readonly workflow: SubWorkflowExecutor;
}

/**
 * One engine's services, settings and parts. Each part (committer, slots,
 * scheduler, attempts, taskPolicy, ending, compensation, recovery, executors) holds this
 * context and reaches the others through it, so the parts can call each other
 * while each lives in a file of its own.
 */
export class EngineContext {
  readonly descriptors: DescriptorLookup;
  readonly secrets: SecretResolver;
  readonly store: WorkflowStore;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly policy: PolicyEnforcer;
  readonly random: () => number;
  readonly validators: SchemaValidators;
  readonly newRunId: () => string;
  readonly maxConcurrentRuns: number;
  readonly defaultTaskTimeoutMs: number | undefined;
  /** When dependants may start: after the ending's commit (strict) or at once (batched); see EngineConfig.durability. */
  readonly durability: EngineDurability;
  /** What a task output, a run input or an answer may be (checked before anything reaches the store). */
  readonly payloadLimits: PayloadLimits;
  /** Lets timers and I/O in between the steps of a long burst of synchronous tools. */
  readonly turns = new TurnBudget();
  /** How definitions are compiled for this engine (shared validators; the policies tags are checked against). */
  readonly compileOptions: CompileOptions;

  /** Runs this engine drives. */
  readonly runs = new Map<string, LiveRun>();
  /** Run ids being checked against the store by a start in progress. */
  readonly reservedIds = new Set<string>();
  closed = false;

  readonly committer: RunCommitter;
  readonly slots: RunSlots;
  readonly scheduler: RunScheduler;
  readonly attempts: TaskAttempts;
  readonly taskPolicy: TaskPolicy;
  readonly ending: RunEnding;
  readonly compensation: RunCompensation;
  readonly recovery: RunRecovery;
  readonly executors: ExecutorTable;

  constructor(deps: EngineDependencies) {
    this.descriptors = deps.descriptors;
    this.secrets = deps.secrets;
    this.store = deps.store;
    this.logger = deps.logger;
    this.clock = deps.clock ?? systemClock;
    // A host-provided enforcer owns the meaning of tags; otherwise tags must name stacks of active guardrails.
    const policies = deps.policies ?? (deps.policy ? undefined : NO_POLICIES);
    this.policy = deps.policy ?? new GuardrailEnforcer({ descriptors: deps.descriptors, policies: policies ?? NO_POLICIES, clock: this.clock, secrets: deps.secrets, logger: deps.logger });
    this.random = deps.random ?? Math.random;
    this.validators = deps.validators ?? sharedSchemaValidators;
    // Time-ordered (UUIDv7): a new run's id lands at the end of every index on run ids, not at a random page.
    this.newRunId = deps.newRunId ?? timeOrderedId;
    this.maxConcurrentRuns = Math.max(1, deps.config?.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS);
    this.defaultTaskTimeoutMs = deps.config?.defaultTaskTimeoutMs;
    this.durability = deps.config?.durability ?? 'strict';
    this.payloadLimits = {
      maxBytes: deps.config?.maxPayloadBytes ?? DEFAULT_PAYLOAD_LIMITS.maxBytes,
      maxDepth: Math.min(deps.config?.maxPayloadDepth ?? DEFAULT_PAYLOAD_LIMITS.maxDepth, MAX_PAYLOAD_DEPTH),
    };
    this.compileOptions = { validators: this.validators, ...(policies ? { policies } : {}) };

    this.committer = new RunCommitter(this);
    this.slots = new RunSlots(this);
    this.scheduler = new RunScheduler(this);
    this.attempts = new TaskAttempts(this);
    this.taskPolicy = new TaskPolicy(this);
    this.ending = new RunEnding(this);
    this.compensation = new RunCompensation(this);
    this.recovery = new RunRecovery(this);
    const dispatcher = deps.dispatcher;
    this.executors = {
      tool: dispatcher ? new DispatchedToolExecutor(this, dispatcher) : new ToolExecutor(this),
      code: dispatcher ? new DispatchedCodeExecutor(this, dispatcher) : new CodeExecutor(this),
      gmi: new ModelExecutor(this),
      workflow: new SubWorkflowExecutor(this),
    };
  }

  /** Throws when the engine cannot take work: its store broke, or it was closed. */
  assertUsable(action: string): void {
    if (this.committer.broken !== undefined) throw this.committer.storeError();
    // The store refuses writes (disk full): refused now rather than waiting for the disk; retried commits go on by themselves.
    if (this.committer.storeFailure !== undefined) throw this.committer.storeFailure;
    if (this.closed) throw new TroupeError('E_HOST_STATE', { action, state: 'stopped' });
  }
}
