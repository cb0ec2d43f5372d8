import type { ActiveDescriptor } from '../registry/DescriptorRegistry.js';
import type { ResolvedRole } from '../roles/resolveRoles.js';
import type { ExpressionScope } from '../expressions/compileExpression.js';
import { TroupeError, type AuditEntry, type RunEvent, type RunState, type WorkflowDefinition } from '@troupe/sdk';
import type { Clock } from './Clock.js';
import type { CompiledTask, CompiledWorkflow } from './CompiledWorkflow.js';
import { isTerminalRunStatus } from './runStatus.js';
import type { RunUpdate } from './RunsApi.js';
import type { RunFold } from './RunFold.js';

const NO_SECRETS: Readonly<Record<string, string>> = Object.freeze({});

export type RunPhase =
  /** Created, waiting for a host slot (maxConcurrentRuns). */
  | 'queued'
  /** Scheduling and executing tasks. */
  | 'active'
  /** Failing or cancelling: in-flight work is being stopped and compensated. */
  | 'ending'
  /** The terminal event is emitted. */
  | 'ended'
  /** The engine closed: nothing more is recorded, the store keeps the run for recovery. */
  | 'detached';

export interface RunWaiter {
  readonly untilTerminal: boolean;
  resolve(state: RunState): void;
  reject(error: unknown): void;
}

/** A token stream of a gmi seat, folded into one seat.updated per flush. */
export interface SeatStream {
  readonly index: number;
  readonly attempt: number;
  text: string;
  queued: boolean;
}

/** A guardrail asked for a human approval before the task may go on. */
export interface PendingApproval {
  readonly phase: 'input' | 'output';
  readonly attempt: number;
  readonly payload: unknown;
}

/** A child run's place in its parent: the task that started it, and which attempt. */
export interface ParentLink {
  readonly run: LiveRun;
  readonly index: number;
  readonly attempt: number;
}

/**
 * The engine's working record of one run: its plan, the fold of its events,
 * and the counters that make each scheduling step O(1) (remaining
 * dependencies, outcomes per dependant, running tasks, a ready queue).
 */
export class LiveRun {
  readonly remaining: Int32Array;
  readonly completedDeps: Int32Array;
  readonly failedDeps: Int32Array;
  /** Task input, computed once when the task first starts (inputBuilt marks it: undefined is a valid input). */
  readonly inputs: unknown[];
  readonly inputBuilt: Uint8Array;
  /** A guardrail approval let this task's input through: the input check is not asked again. */
  readonly inputApproved: Uint8Array;
  /** What a finished gmi attempt hands on besides its output, until its completion is recorded. */
  readonly handoffs = new Map<number, Readonly<Record<string, unknown>>>();
  readonly controllers: (AbortController | undefined)[];
  /** Per-task timeout of the attempt in flight. */
  readonly timeouts: unknown[];
  readonly retryTimers: unknown[];
  /** Tasks an external system drives (applyTaskUpdates with status running): the engine never executes them. */
  readonly external: Uint8Array;
  readonly scope: ExpressionScope;
  readonly maxParallel: number;

  phase: RunPhase = 'queued';
  /** Holds one of the host's maxConcurrentRuns slots. Child runs use their parent's. */
  holdsSlot = false;
  waitingForSlot = false;
  running = 0;
  retryWaiting = 0;
  /** Runnable tasks not yet in a terminal state. */
  unfinished: number;
  readyQueue: number[] = [];
  readyHead = 0;
  /** Task indices in the order they completed (compensation runs in reverse). */
  readonly completionOrder: number[] = [];
  runTimer: unknown;
  /**
   * Ended tasks whose dependants wait until the commit that records the ending
   * resolved: nothing starts on an outcome that is not durable yet.
   */
  released: number[] = [];
  /** The ended tasks of the commit in flight; their dependants are told when it resolves. */
  releasing: readonly number[] = [];
  /** Durability "batched": a microtask will tell the dependants of `released` (see RunScheduler.settled). */
  releaseQueued = false;

  // ── the commit being built ────────────────────────────────────────────────
  dirty = false;
  created: WorkflowDefinition | undefined;
  events: RunEvent[] = [];
  changedTasks = new Set<string>();
  changedSeats = new Set<string>();
  updates: RunUpdate[] | undefined;
  /** Audit entries about the run, appended after its next commit. */
  audit: AuditEntry[] = [];
  auditInFlight: AuditEntry[] = [];
  readonly streams = new Map<string, SeatStream>();
  readonly queuedStreams: string[] = [];

  // ── after persistence ─────────────────────────────────────────────────────
  persistedSeq = 0;
  persistedStatus: RunState['status'] = 'queued';
  readonly waiters: RunWaiter[] = [];

  /** Why the store refused this run (another process owns it); the engine dropped it. */
  failure: unknown;
  readonly children = new Map<number, LiveRun>();
  parent: ParentLink | undefined;
  readonly pendingApprovals = new Map<number, PendingApproval>();
  /** A chunk guardrail asked for approval while this task's output streamed: the output waits for a human. */
  readonly chunkApprovals = new Map<number, string>();
  /** Secrets per executor (`tool:x`, `provider:y`), resolved at start. */
  readonly secrets = new Map<string, Readonly<Record<string, string>>>();

  constructor(
    readonly plan: CompiledWorkflow,
    readonly fold: RunFold,
    readonly roles: Readonly<Record<string, ResolvedRole>>,
    readonly providers: Readonly<Record<string, ActiveDescriptor<'provider'>>>,
    readonly depth: number,
  ) {
    const count = plan.tasks.length;
    this.remaining = new Int32Array(count);
    this.completedDeps = new Int32Array(count);
    this.failedDeps = new Int32Array(count);
    for (const task of plan.tasks) this.remaining[task.index] = task.deps.length;
    this.inputs = new Array<unknown>(count);
    this.inputBuilt = new Uint8Array(count);
    this.inputApproved = new Uint8Array(count);
    this.controllers = new Array<AbortController | undefined>(count);
    this.timeouts = new Array<unknown>(count);
    this.retryTimers = new Array<unknown>(count);
    this.external = new Uint8Array(count);
    this.unfinished = plan.runnable.length;
    this.scope = { input: fold.input, tasks: fold.tasks, context: fold.context ?? null };
    this.maxParallel = plan.definition.maxParallelTasks ?? Number.POSITIVE_INFINITY;
  }

  get runId(): string {
    return this.fold.runId;
  }

  /** The secrets an executor (`tool:x`, `code:y`, `provider:z`) declared; none if it declared none. */
  secretsFor(key: string): Readonly<Record<string, string>> {
    return this.secrets.get(key) ?? NO_SECRETS;
  }

  /** A task of the run by id (not a compensation-only one); else E_TASK_NOT_FOUND. */
  taskOf(taskId: string): CompiledTask {
    const index = this.plan.byId.get(taskId);
    const task = index === undefined ? undefined : this.plan.tasks[index];
    if (!task || task.compensationOnly || !this.fold.tasks[taskId]) throw new TroupeError('E_TASK_NOT_FOUND', { runId: this.runId, taskId });
    return task;
  }

  /** Schedulable when it has a slot of its own or runs inside its parent's. */
  get slotted(): boolean {
    return this.holdsSlot || this.parent !== undefined;
  }

  /** Clears the run timeout and every task's retry and timeout timer. */
  clearTimers(clock: Clock): void {
    if (this.runTimer !== undefined) {
      clock.clearTimeout(this.runTimer);
      this.runTimer = undefined;
    }
    for (let index = 0; index < this.retryTimers.length; index++) {
      const timer = this.retryTimers[index];
      if (timer !== undefined) {
        clock.clearTimeout(timer);
        this.retryTimers[index] = undefined;
      }
      const timeout = this.timeouts[index];
      if (timeout !== undefined) {
        clock.clearTimeout(timeout);
        this.timeouts[index] = undefined;
      }
    }
  }

  /** Aborts every executor in flight with `reason`, without recording anything. */
  abortExecutors(reason: unknown): void {
    for (let index = 0; index < this.controllers.length; index++) {
      const controller = this.controllers[index];
      if (controller) {
        this.controllers[index] = undefined;
        controller.abort(reason);
      }
    }
  }

  /** The final state, once the terminal event is persisted. */
  untilEnded(): Promise<RunState> {
    if (isTerminalRunStatus(this.persistedStatus)) return Promise.resolve(this.fold.snapshot());
    return new Promise<RunState>((resolve, reject) => this.waiters.push({ untilTerminal: true, resolve, reject }));
  }
}
