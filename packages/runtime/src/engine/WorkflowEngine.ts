import { randomUUID } from 'node:crypto';
import semver from 'semver';
import {
  TERMINAL_RUN_STATUSES,
  TroupeError,
  type ErrorInfo,
  type HumanAnswer,
  type Logger,
  type ModelResult,
  type ProviderContext,
  type RunCommit,
  type RunEvent,
  type RunEventType,
  type RunFilter,
  type RunPage,
  type RunPin,
  type RunState,
  type RunStatus,
  type SeatStatus,
  type TaskUpdate,
  type WorkflowDefinition,
  type WorkflowStore,
} from '@troupe/sdk';
import { isTruthy } from '../expressions/compileExpression.js';
import type { ActiveDescriptor, DescriptorLookup } from '../registry/DescriptorRegistry.js';
import { resolveRoles, type ResolvedRole } from '../roles/resolveRoles.js';
import type { SecretResolver } from '../secrets/SecretResolver.js';
import { secretEnvName } from '../secrets/secretEnvName.js';
import { buildModelMessages, previewOf, PREVIEW_LIMIT, type UpstreamHandoff } from './buildModelMessages.js';
import { systemClock, type Clock } from './Clock.js';
import type { CompiledTask, CompiledWorkflow } from './CompiledWorkflow.js';
import { compileWorkflow } from './compileWorkflow.js';
import type { EngineDependencies } from './EngineDependencies.js';
import { LiveRun } from './LiveRun.js';
import { allowAllPolicy, type PolicyEnforcer } from './PolicyEnforcer.js';
import { isRetryable, retryDelay } from './retryDelay.js';
import { RunFold, type RunCreatedData, type SeatUpdateData } from './RunFold.js';
import type { RunListener, RunsApi, RunUpdate, StartWorkflowOptions } from './RunsApi.js';
import { sharedSchemaValidators, type SchemaCheck, type SchemaValidators } from './SchemaValidators.js';
import { TaskExecutionContext } from './TaskExecutionContext.js';

const TERMINAL = new Set<RunStatus>(TERMINAL_RUN_STATUSES);
/**
 * Compiled plans, shared by every engine of the process: a plan is reused
 * while each descriptor it resolved is still the active one of the lookup
 * asking, so one cache serves several hosts and survives hot reload.
 */
const plans = new WeakMap<WorkflowDefinition, CompiledWorkflow>();
const EMPTY_SECRETS: Readonly<Record<string, string>> = Object.freeze({});
/** Sub-workflows may nest this deep; deeper is almost surely a workflow starting itself through another. */
export const MAX_SUBWORKFLOW_DEPTH = 16;
const DEFAULT_MAX_CONCURRENT_RUNS = 64;
/** Store commit retries before the engine stops (real time: a store outage is not simulated time). */
const COMMIT_RETRY_DELAYS_MS = [20, 100, 500];

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A flush nobody waits for must not surface as an unhandled rejection.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Thrown inside an attempt when a guardrail wants a human to approve first. */
class ApprovalRequired {
  constructor(
    readonly phase: 'input' | 'output',
    readonly payload: unknown,
    readonly reason: string,
  ) {}
}

type ParentLink = { readonly run: LiveRun; readonly index: number; readonly attempt: number };

/**
 * Runs workflow definitions by itself: resolves roles and secrets, schedules
 * tasks as their dependencies end (O(1) per step: remaining-dependency
 * counters and precomputed dependants), executes them with retries, timeouts
 * and cancellation, compensates on failure, and records every transition as
 * an event. Events of the same tick go to the store in one commit; listeners
 * hear of them only after that commit resolved, in seq order.
 */
export class WorkflowEngine implements RunsApi {
  private readonly descriptors: DescriptorLookup;
  private readonly secrets: SecretResolver;
  private readonly store: WorkflowStore;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly policy: PolicyEnforcer;
  private readonly random: () => number;
  private readonly validators: SchemaValidators;
  private readonly newRunId: () => string;
  private readonly maxConcurrentRuns: number;
  private readonly defaultTaskTimeoutMs: number | undefined;

  private readonly runs = new Map<string, LiveRun>();
  private readonly reservedIds = new Set<string>();
  private readonly adopting = new Map<string, Promise<LiveRun>>();
  private readonly listeners = new Set<RunListener>();

  private activeRuns = 0;
  private slotQueue: LiveRun[] = [];
  private slotHead = 0;

  private dirtyRuns: LiveRun[] = [];
  private flushScheduled = false;
  private committing = false;
  private nextFlush: Deferred | undefined;
  private currentFlush: Deferred | undefined;
  private broken: unknown;
  private closed = false;

  constructor(deps: EngineDependencies) {
    this.descriptors = deps.descriptors;
    this.secrets = deps.secrets;
    this.store = deps.store;
    this.logger = deps.logger;
    this.clock = deps.clock ?? systemClock;
    this.policy = deps.policy ?? allowAllPolicy;
    this.random = deps.random ?? Math.random;
    this.validators = deps.validators ?? sharedSchemaValidators;
    this.newRunId = deps.newRunId ?? randomUUID;
    this.maxConcurrentRuns = Math.max(1, deps.config?.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS);
    this.defaultTaskTimeoutMs = deps.config?.defaultTaskTimeoutMs;
  }

  // ── public API ─────────────────────────────────────────────────────────────

  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  listDefinitions(): readonly WorkflowDefinition[] {
    return this.descriptors.list('workflow').map((active) => active.descriptor.payload.definition);
  }

  /** The compiled plan of the active definition (E_WORKFLOW_NOT_FOUND, E_WORKFLOW_INVALID): what `troupe validate` needs. */
  compile(definitionId: string, versionRange?: string): CompiledWorkflow {
    const workflow = this.findWorkflow(definitionId, versionRange);
    return this.planFor(workflow.descriptor.payload.definition);
  }

  async startWorkflow(definitionId: string, options: StartWorkflowOptions = {}): Promise<RunState> {
    this.assertUsable('start a run');
    const workflow = this.findWorkflow(definitionId, options.versionRange);
    const { state } = await this.createRun(workflow, options, undefined);
    return state;
  }

  async getRun(runId: string): Promise<RunState> {
    const state = await this.store.getRun(runId);
    if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    return state;
  }

  listRuns(filter?: RunFilter): Promise<RunPage> {
    return this.store.listRuns(filter);
  }

  async readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]> {
    const events = await this.store.readEvents(runId, afterSeq, limit);
    if (events.length === 0 && !(await this.store.getRun(runId))) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    return events;
  }

  async wait(runId: string, options: { readonly untilTerminal?: boolean; readonly signal?: AbortSignal } = {}): Promise<RunState> {
    const untilTerminal = options.untilTerminal ?? false;
    const run = this.runs.get(runId);
    if (!run || run.phase === 'detached' || isSettled(run.persistedStatus, untilTerminal)) return this.getRun(runId);
    options.signal?.throwIfAborted();
    return new Promise<RunState>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void => {
        const at = run.waiters.indexOf(waiter);
        if (at >= 0) run.waiters.splice(at, 1);
        reject(signal!.reason);
      };
      const waiter = {
        untilTerminal,
        resolve: (state: RunState) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(state);
        },
        reject: (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      run.waiters.push(waiter);
    });
  }

  async cancel(runId: string, reason = 'cancelled', actor?: string): Promise<RunState> {
    const run = await this.liveRun(runId);
    this.cancelRun(run, reason, actor);
    await this.persisted();
    return this.getRun(runId);
  }

  async answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    const run = await this.liveRun(runId);
    const task = this.taskOf(run, taskId);
    const state = run.fold.tasks[taskId]!;
    if (state.status !== 'awaiting_input') throw new TroupeError('E_TASK_NOT_AWAITING', { runId, taskId, status: state.status });
    const approval = run.pendingApprovals.get(task.index);
    const mode = approval || task.executor.type !== 'human' ? 'approval' : task.executor.mode;
    const value = answer as { approved?: unknown; comment?: unknown; value?: unknown; actor?: unknown };
    const problems: string[] = [];
    if (answer === null || typeof answer !== 'object') problems.push('the answer must be an object');
    else if (mode === 'approval') {
      if (typeof value.approved !== 'boolean') problems.push('"approved" must be true or false');
      if (value.comment !== undefined && typeof value.comment !== 'string') problems.push('"comment" must be a string');
    } else if (!('value' in answer)) {
      problems.push('"value" is required');
    } else {
      problems.push(...(task.checkInput?.(value.value) ?? []));
    }
    if (value?.actor !== undefined && typeof value.actor !== 'string') problems.push('"actor" must be a string');
    if (problems.length > 0) throw new TroupeError('E_ANSWER_INVALID', { runId, taskId, problems });

    const actor = (value.actor as string | undefined) ?? 'anonymous';
    const comment = value.comment as string | undefined;
    const recorded: Record<string, unknown> = { actor, mode };
    if (mode === 'approval') recorded.approved = value.approved;
    else recorded.value = value.value;
    if (comment !== undefined) recorded.comment = comment;
    this.emit(run, 'task.answered', taskId, state.attempt, recorded);

    if (mode === 'input') {
      this.completeTask(run, task, value.value, { actor });
    } else if (value.approved !== true) {
      run.pendingApprovals.delete(task.index);
      const error = new TroupeError('E_TASK_REJECTED', { taskId, actor, comment: comment ?? '(no comment)' }).toJSON();
      this.failTask(run, task, this.secrets.scrubValue(error), state.attempt);
    } else if (approval) {
      run.pendingApprovals.delete(task.index);
      if (approval.phase === 'output') {
        this.completeTask(run, task, approval.payload, { actor });
      } else {
        run.inputs[task.index] = approval.payload;
        run.inputApproved[task.index] = 1;
        this.enqueue(run, task.index);
      }
    } else if (task.executor.type !== 'human') {
      // A guardrail approval whose payload was lost with a restart: run the task again, its input approved.
      run.inputApproved[task.index] = 1;
      this.enqueue(run, task.index);
    } else {
      this.completeTask(run, task, { approved: true, ...(comment !== undefined ? { comment } : {}), actor }, { actor });
    }
    this.drain(run);
    this.afterChange(run);
    await this.persisted();
    return this.getRun(runId);
  }

  async applyTaskUpdates(runId: string, updates: readonly TaskUpdate[], actor?: string): Promise<RunState> {
    const run = await this.liveRun(runId);
    if (run.phase === 'queued') {
      throw new TroupeError('E_TASK_UPDATE_INVALID', { runId, taskId: updates[0]?.taskId ?? '-', reason: 'the run has not started yet (it is queued)' });
    }
    // Check every update first: a bad one rejects the whole call and changes nothing.
    const planned = new Map<string, string>();
    for (const update of updates) {
      const task = this.taskOf(run, update.taskId);
      const status = planned.get(update.taskId) ?? run.fold.tasks[update.taskId]!.status;
      const invalid = (reason: string): never => {
        throw new TroupeError('E_TASK_UPDATE_INVALID', { runId, taskId: update.taskId, reason });
      };
      if (update.status === 'running') {
        if (status !== 'pending' && status !== 'ready') invalid(`only a pending or ready task can be marked running; it is ${status}`);
      } else if (update.status === 'completed' || update.status === 'failed') {
        if (status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled') invalid(`it has already ended (${status})`);
        if (update.status === 'completed') {
          const problems = task.checkOutput?.(update.output);
          if (problems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `task ${task.id}`, problems });
        } else if (update.error !== undefined && typeof update.error?.message !== 'string') {
          invalid('error.message must be a string');
        }
      } else {
        invalid(`status must be running, completed or failed, not ${String((update as { status: unknown }).status)}`);
      }
      planned.set(update.taskId, update.status);
    }
    const who = actor ?? 'external';
    for (const update of updates) {
      const task = this.taskOf(run, update.taskId);
      if (run.phase !== 'active') break;
      if (update.status === 'running') {
        run.external[task.index] = 1;
        this.emit(run, 'task.started', task.id, run.fold.tasks[task.id]!.attempt + 1, { external: true, actor: who });
        continue;
      }
      const attempt = run.fold.tasks[task.id]!.attempt;
      this.interrupt(run, task, `updated from outside by ${who}`);
      if (update.status === 'completed') {
        this.completeTask(run, task, update.output, { external: true, actor: who });
      } else {
        const error: ErrorInfo = {
          code: update.error?.code ?? 'E_TASK_FAILED',
          message: this.secrets.scrub(update.error?.message ?? `Task ${task.id} failed (reported by ${who})`),
        };
        this.failTask(run, task, error, attempt);
      }
    }
    this.drain(run);
    this.afterChange(run);
    await this.persisted();
    return this.getRun(runId);
  }

  /**
   * Stops driving runs: timers are cleared and executors aborted, but nothing
   * is recorded as cancelled, so a later engine on the same store can resume
   * the runs. Resolves when everything recorded so far is persisted.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = new TroupeError('E_HOST_STATE', { action: 'run tasks', state: 'stopping' });
    for (const run of this.runs.values()) {
      if (run.phase === 'ended') continue;
      run.phase = 'detached';
      this.clearRunTimers(run);
      for (let index = 0; index < run.controllers.length; index++) {
        const controller = run.controllers[index];
        if (controller) {
          run.controllers[index] = undefined;
          controller.abort(reason);
        }
      }
    }
    await this.persisted().catch(() => undefined);
    for (const run of this.runs.values()) {
      for (const waiter of run.waiters.splice(0)) waiter.reject(reason);
    }
    this.runs.clear();
    this.slotQueue = [];
    this.slotHead = 0;
  }

  /**
   * Resumes every unfinished run of the store (after a restart): completed
   * tasks keep their outputs, tasks that were in flight run again as a new
   * attempt with the same idempotency key, retry timers are rebuilt, human
   * tasks keep waiting. A run whose pinned definition no longer compiles
   * against the active descriptors pauses with E_PACK_INCOMPATIBLE.
   */
  async recover(): Promise<{ readonly resumed: readonly string[]; readonly paused: readonly string[] }> {
    this.assertUsable('recover runs');
    const states = await this.store.listUnfinishedRuns();
    const resumed: string[] = [];
    const paused: string[] = [];
    const revived = new Map<string, LiveRun>();
    for (const state of states) {
      if (this.runs.has(state.runId) || state.status === 'paused') continue;
      const definition = await this.store.getDefinition(state.runId);
      const run = definition && this.revive(state, definition, paused);
      if (run) revived.set(state.runId, run);
    }
    // Children first link to their parents, then every run continues.
    for (const run of revived.values()) {
      const { parentRunId, parentTaskId } = run.fold;
      if (parentRunId === undefined || parentTaskId === undefined) continue;
      const parent = revived.get(parentRunId) ?? this.runs.get(parentRunId);
      const index = parent?.plan.byId.get(parentTaskId);
      if (!parent || index === undefined || parent.fold.tasks[parentTaskId]?.childRunId !== run.runId) continue;
      run.parent = { run: parent, index, attempt: parent.fold.tasks[parentTaskId]!.attempt };
      parent.children.set(index, run);
    }
    for (const run of revived.values()) {
      this.resume(run);
      resumed.push(run.runId);
    }
    await this.persisted();
    return { resumed, paused };
  }

  // ── runs: creation and admission ───────────────────────────────────────────

  private findWorkflow(definitionId: string, versionRange: string | undefined): ActiveDescriptor<'workflow'> {
    const workflow = this.descriptors.get('workflow', definitionId);
    const version = workflow?.descriptor.payload.definition.version;
    if (!workflow || (versionRange !== undefined && !(version !== undefined && satisfies(version, versionRange)))) {
      throw new TroupeError('E_WORKFLOW_NOT_FOUND', {
        workflowId: definitionId,
        range: versionRange === undefined ? '' : ` matching "${versionRange}"${workflow ? ` (active: ${version})` : ''}`,
      });
    }
    return workflow;
  }

  /** Compiles once per definition; recompiles when a descriptor it resolved is no longer the active one. */
  private planFor(definition: WorkflowDefinition): CompiledWorkflow {
    const cached = plans.get(definition);
    if (cached && cached.refs.every((ref) => this.descriptors.get(ref.descriptor.kind, ref.descriptor.id) === ref)) return cached;
    const plan = compileWorkflow(definition, this.descriptors, { validators: this.validators });
    plans.set(definition, plan);
    return plan;
  }

  private async createRun(
    workflow: ActiveDescriptor<'workflow'>,
    options: StartWorkflowOptions,
    parent: ParentLink | undefined,
  ): Promise<{ run: LiveRun; state: RunState }> {
    const definition = workflow.descriptor.payload.definition;
    const runId = options.runId ?? this.newRunId();
    if (this.runs.has(runId) || this.reservedIds.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });
    const plan = this.planFor(definition);
    const roles = resolveRoles(definition, this.descriptors, options.roleAssignments ?? {});
    const providers = this.resolveProviders(roles);
    const secrets = this.resolveRunSecrets(plan, providers);
    if (plan.checkGoal) {
      const problems = plan.checkGoal(options.input);
      if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the goalSchema of workflow ${definition.id}` });
    }
    this.reservedIds.add(runId);
    try {
      if (options.runId !== undefined && (await this.store.getRun(runId))) throw new TroupeError('E_RUN_EXISTS', { runId });
    } finally {
      this.reservedIds.delete(runId);
    }
    this.assertUsable('start a run');
    if (this.runs.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });

    const roleAssignments: Record<string, string> = {};
    for (const [roleId, role] of Object.entries(roles)) roleAssignments[roleId] = role.personaId;
    const data: RunCreatedData = {
      pin: this.pinOf(plan, workflow, roles, providers),
      input: options.input,
      roleAssignments,
      taskIds: plan.runnableIds,
      conversationId: options.conversationId,
      parentRunId: parent?.run.runId,
      parentTaskId: parent ? parent.run.plan.tasks[parent.index]!.id : undefined,
      context: options.context,
    };
    const event: RunEvent = { runId, seq: 1, type: 'run.created', at: this.clock.now(), data: data as unknown as Record<string, unknown> };
    const run = new LiveRun(plan, RunFold.created(event), roles, providers, parent ? parent.run.depth + 1 : 0);
    for (const [key, values] of secrets) run.secrets.set(key, values);
    run.created = definition;
    run.events.push(event);
    for (const id of data.taskIds) run.changedTasks.add(id);
    for (const roleId of Object.keys(roleAssignments)) run.changedSeats.add(roleId);
    if (this.listeners.size > 0) run.updates = [{ event, progress: run.fold.progress() }];
    this.runs.set(runId, run);
    if (parent) {
      run.parent = parent;
      parent.run.children.set(parent.index, run);
    }
    this.markDirty(run);
    try {
      await this.persisted();
    } catch (error) {
      this.runs.delete(runId);
      throw error;
    }
    if (run.failure !== undefined) throw run.failure;
    if (run.phase === 'queued' && !run.waitingForSlot) this.admit(run);
    return { run, state: run.fold.snapshot() };
  }

  private resolveProviders(roles: Readonly<Record<string, ResolvedRole>>): Record<string, ActiveDescriptor<'provider'>> {
    const providers: Record<string, ActiveDescriptor<'provider'>> = {};
    for (const [roleId, role] of Object.entries(roles)) {
      const providerId = role.persona.descriptor.payload.providerId;
      const provider = this.descriptors.get('provider', providerId);
      if (!provider) throw new TroupeError('E_DESCRIPTOR_NOT_FOUND', { kind: 'provider', id: providerId, roleId, personaId: role.personaId });
      providers[roleId] = provider;
    }
    return providers;
  }

  /** Every secret the run may need, checked up front; values are kept per executor. */
  private resolveRunSecrets(plan: CompiledWorkflow, providers: Readonly<Record<string, ActiveDescriptor<'provider'>>>): Map<string, Readonly<Record<string, string>>> {
    const needed = new Set<string>(plan.requiredSecrets);
    const perExecutor = new Map<string, readonly string[]>();
    const add = (key: string, ids: readonly string[] | undefined): void => {
      if (!ids?.length) return;
      perExecutor.set(key, ids);
      for (const id of ids) needed.add(id);
    };
    for (const task of plan.tasks) {
      const executor = task.executor;
      if (executor.type === 'tool') add(`tool:${executor.toolId}`, executor.tool.descriptor.payload.requiredSecrets);
      else if (executor.type === 'code') add(`code:${executor.codeId}`, executor.code.descriptor.payload.requiredSecrets);
      if (task.compensate?.kind === 'code') add(`code:${task.compensate.codeId}`, task.compensate.code.descriptor.payload.requiredSecrets);
    }
    for (const tools of plan.roleTools.values()) for (const tool of tools) add(`tool:${tool.descriptor.id}`, tool.descriptor.payload.requiredSecrets);
    for (const provider of Object.values(providers)) add(`provider:${provider.descriptor.id}`, provider.descriptor.payload.requiredSecrets);
    this.collectChildSecrets(plan, needed, new Set([plan.definition.id]));

    const { values, missing } = this.secrets.resolve([...needed]);
    if (missing.length > 0) {
      throw new TroupeError('E_SECRET_MISSING', { owner: `Workflow ${plan.definition.id}`, missing: [...missing], envExample: secretEnvName(missing[0]!) });
    }
    const result = new Map<string, Readonly<Record<string, string>>>();
    for (const [key, ids] of perExecutor) {
      const own: Record<string, string> = {};
      for (const id of ids) own[id] = values[id]!;
      result.set(key, Object.freeze(own));
    }
    return result;
  }

  /** Sub-workflows' secrets are checked at the parent's start, so nothing runs before a refusal. */
  private collectChildSecrets(plan: CompiledWorkflow, needed: Set<string>, seen: Set<string>): void {
    for (const task of plan.tasks) {
      if (task.executor.type !== 'workflow') continue;
      const definition = task.executor.workflow.descriptor.payload.definition;
      if (seen.has(definition.id)) continue;
      seen.add(definition.id);
      let child: CompiledWorkflow;
      try {
        child = this.planFor(definition);
      } catch {
        continue; // reported when the task starts the child
      }
      for (const id of child.requiredSecrets) needed.add(id);
      this.collectChildSecrets(child, needed, seen);
    }
  }

  private pinOf(
    plan: CompiledWorkflow,
    workflow: ActiveDescriptor<'workflow'>,
    roles: Readonly<Record<string, ResolvedRole>>,
    providers: Readonly<Record<string, ActiveDescriptor<'provider'>>>,
  ): RunPin {
    const packVersions: Record<string, string> = {};
    const note = (active: ActiveDescriptor): void => {
      packVersions[active.packId] = active.packVersion;
    };
    note(workflow);
    for (const ref of plan.refs) note(ref);
    for (const role of Object.values(roles)) note(role.persona);
    for (const provider of Object.values(providers)) note(provider);
    return {
      definitionId: plan.definition.id,
      definitionVersion: plan.definition.version,
      definitionHash: plan.hash,
      packVersions,
    };
  }

  private admit(run: LiveRun): void {
    if (run.parent) this.activate(run);
    else this.requestSlot(run);
  }

  private requestSlot(run: LiveRun): void {
    if (run.holdsSlot || run.waitingForSlot || run.parent) return;
    if (this.activeRuns < this.maxConcurrentRuns) {
      this.grantSlot(run);
    } else {
      run.waitingForSlot = true;
      this.slotQueue.push(run);
    }
  }

  private grantSlot(run: LiveRun): void {
    this.activeRuns++;
    run.holdsSlot = true;
    run.waitingForSlot = false;
    if (run.phase === 'queued') {
      this.activate(run);
    } else {
      this.drain(run);
      this.afterChange(run);
    }
  }

  private releaseSlot(run: LiveRun): void {
    if (run.waitingForSlot) run.waitingForSlot = false;
    if (!run.holdsSlot) return;
    run.holdsSlot = false;
    this.activeRuns--;
    while (this.activeRuns < this.maxConcurrentRuns && this.slotHead < this.slotQueue.length) {
      const next = this.slotQueue[this.slotHead++]!;
      if (next.waitingForSlot && (next.phase === 'queued' || next.phase === 'active')) this.grantSlot(next);
    }
    if (this.slotHead > 1024 && this.slotHead * 2 > this.slotQueue.length) {
      this.slotQueue = this.slotQueue.slice(this.slotHead);
      this.slotHead = 0;
    }
  }

  private activate(run: LiveRun): void {
    run.phase = 'active';
    this.emit(run, 'run.started');
    const timeoutMs = run.plan.definition.timeoutMs;
    if (timeoutMs !== undefined) {
      run.runTimer = this.clock.setTimeout(() => {
        run.runTimer = undefined;
        this.failRun(run, new TroupeError('E_RUN_TIMEOUT', { runId: run.runId, timeoutMs }).toJSON());
      }, timeoutMs);
    }
    for (const index of run.plan.roots) {
      if (run.phase !== 'active') return;
      this.depsEnded(run, index);
    }
    this.drain(run);
    this.afterChange(run);
  }

  // ── scheduling ─────────────────────────────────────────────────────────────

  /** Every dependency of a task has ended: decide by joinPolicy and `when` whether it runs. */
  private depsEnded(run: LiveRun, index: number): void {
    const task = run.plan.tasks[index]!;
    if (run.fold.tasks[task.id]!.status !== 'pending') return; // e.g. completed from outside meanwhile
    const total = task.deps.length;
    if (total > 0) {
      const completed = run.completedDeps[index]!;
      const failed = run.failedDeps[index]!;
      if (task.join === 'any_completed') {
        if (failed > 0) {
          const dependency = task.deps.map((d) => run.plan.tasks[d]!.id).find((id) => {
            const status = run.fold.tasks[id]!.status;
            return status === 'failed' || status === 'cancelled';
          });
          this.failTask(run, task, new TroupeError('E_DEPENDENCY_FAILED', { taskId: task.id, dependency: dependency ?? '?' }).toJSON(), undefined);
          return;
        }
        if (completed === 0) return this.skipTask(run, task, 'dependencies_skipped');
      } else if (task.join === 'all_completed' && completed < total) {
        return this.skipTask(run, task, 'dependencies_not_completed');
      }
    }
    if (task.when && !isTruthy(task.when.evaluate(run.scope))) return this.skipTask(run, task, 'when');
    this.enqueue(run, index);
  }

  /** Starts the task now if the run has room, else queues it (status ready) in FIFO order. */
  private enqueue(run: LiveRun, index: number): void {
    const task = run.plan.tasks[index]!;
    if (task.executor.type === 'human' && !run.inputApproved[index]) {
      this.awaitHuman(run, task);
      return;
    }
    if (!run.slotted || run.running >= run.maxParallel || run.readyHead < run.readyQueue.length) {
      run.readyQueue.push(index);
      if (run.fold.tasks[task.id]!.status !== 'ready') this.emit(run, 'task.ready', task.id);
      if (!run.slotted) this.requestSlot(run);
      return;
    }
    this.startTask(run, task);
  }

  private drain(run: LiveRun): void {
    if (run.phase !== 'active') return;
    while (run.slotted && run.running < run.maxParallel && run.readyHead < run.readyQueue.length) {
      const index = run.readyQueue[run.readyHead++]!;
      const task = run.plan.tasks[index]!;
      if (run.fold.tasks[task.id]!.status === 'ready' && !run.external[index]) this.startTask(run, task);
    }
    if (run.readyHead > 0 && run.readyHead === run.readyQueue.length) {
      run.readyQueue.length = 0;
      run.readyHead = 0;
    }
  }

  private startTask(run: LiveRun, task: CompiledTask): void {
    const attempt = run.fold.tasks[task.id]!.attempt + 1;
    run.running++;
    const executor = task.executor;
    if (executor.type === 'workflow') {
      this.emit(run, 'task.started', task.id, attempt, { childRunId: childRunIdOf(run, task, attempt) });
    } else {
      this.emit(run, 'task.started', task.id, attempt);
    }
    if (executor.type === 'gmi') this.emitSeat(run, executor.roleId, { status: 'working', taskId: task.id, attempt });
    void this.runAttempt(run, task, attempt);
  }

  private awaitHuman(run: LiveRun, task: CompiledTask): void {
    const executor = task.executor;
    if (executor.type !== 'human') return;
    const input = this.taskInput(run, task);
    const attempt = run.fold.tasks[task.id]!.attempt + 1;
    this.emit(run, 'task.awaiting_input', task.id, attempt, {
      mode: executor.mode,
      ...(executor.prompt !== undefined ? { prompt: executor.prompt } : {}),
      ...(executor.assignee !== undefined ? { assignee: executor.assignee } : {}),
      input,
    });
  }

  private taskInput(run: LiveRun, task: CompiledTask): unknown {
    let input = run.inputs[task.index];
    if (!run.inputBuilt[task.index]) {
      input = task.input ? task.input(run.scope) : this.defaultInput(run, task);
      run.inputs[task.index] = input;
      run.inputBuilt[task.index] = 1;
    }
    return input;
  }

  /** `{ input, upstream }`: the run input and the output of every completed dependency. */
  private defaultInput(run: LiveRun, task: CompiledTask): unknown {
    // Null prototype: each task adds a different key, and plain objects would grow a hidden class per task id.
    const upstream = Object.create(null) as Record<string, unknown>;
    for (const d of task.deps) {
      const dep = run.fold.tasks[run.plan.tasks[d]!.id]!;
      if (dep.status === 'completed') upstream[dep.id] = dep.output;
    }
    return { input: run.fold.input, upstream };
  }

  // ── execution ──────────────────────────────────────────────────────────────

  private async runAttempt(run: LiveRun, task: CompiledTask, attempt: number): Promise<void> {
    const index = task.index;
    const controller = new AbortController();
    run.controllers[index] = controller;
    const timeoutMs = task.timeoutMs ?? this.defaultTaskTimeoutMs;
    if (timeoutMs !== undefined) {
      run.timeouts[index] = this.clock.setTimeout(() => this.onTaskTimeout(run, task, attempt, controller, timeoutMs), timeoutMs);
    }
    let output: unknown;
    let failure: unknown;
    let failed = false;
    try {
      output = await (task.direct ? this.callDirect(run, task, attempt, controller) : this.execute(run, task, attempt, controller));
    } catch (error) {
      failed = true;
      failure = error;
    }
    // Fenced: a timeout, a cancel or an update from outside already settled this attempt.
    if (run.controllers[index] !== controller) return;
    this.endAttempt(run, index);
    if (failed) this.attemptFailed(run, task, attempt, failure);
    else this.completeTask(run, task, output, undefined);
    this.drain(run);
    this.afterChange(run);
  }

  private endAttempt(run: LiveRun, index: number): void {
    run.controllers[index] = undefined;
    const timer = run.timeouts[index];
    if (timer !== undefined) {
      this.clock.clearTimeout(timer);
      run.timeouts[index] = undefined;
    }
    run.running--;
  }

  private onTaskTimeout(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController, timeoutMs: number): void {
    run.timeouts[task.index] = undefined;
    if (run.controllers[task.index] !== controller) return;
    const error = new TroupeError('E_TASK_TIMEOUT', { taskId: task.id, timeoutMs });
    this.endAttempt(run, task.index);
    controller.abort(error);
    this.cancelChild(run, task.index, `task ${task.id} timed out`);
    this.attemptFailed(run, task, attempt, error);
    this.drain(run);
    this.afterChange(run);
  }

  /** The hot path of a tool or code task with nothing to check around it: no extra async frame. */
  private callDirect(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController): unknown {
    const input = this.taskInput(run, task);
    const executor = task.executor;
    if (executor.type === 'tool') {
      const ctx = new TaskExecutionContext(run.runId, task.id, attempt, controller, run.secrets.get(`tool:${executor.toolId}`) ?? EMPTY_SECRETS, this.logger);
      return executor.tool.descriptor.payload.execute(input, ctx);
    }
    if (executor.type === 'code') {
      const ctx = new TaskExecutionContext(run.runId, task.id, attempt, controller, run.secrets.get(`code:${executor.codeId}`) ?? EMPTY_SECRETS, this.logger);
      return executor.code.descriptor.payload.run(input, ctx);
    }
    return this.execute(run, task, attempt, controller);
  }

  /** Runs one attempt. Takes the controller, not its signal: creating an AbortSignal costs microseconds, so it is made only when used. */
  private async execute(run: LiveRun, task: CompiledTask, attempt: number, controller: AbortController): Promise<unknown> {
    let input = this.taskInput(run, task);
    if (task.checkInput) {
      const problems = task.checkInput(input);
      if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of task ${task.id}` });
    }
    if (task.policyTags.length > 0 && !run.inputApproved[task.index]) input = await this.checkPolicy(run, task, attempt, 'input', input, controller.signal);
    const executor = task.executor;
    let output: unknown;
    switch (executor.type) {
      case 'tool': {
        if (executor.checkInput) {
          const problems = executor.checkInput(input);
          if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${executor.toolId}` });
        }
        const ctx = new TaskExecutionContext(run.runId, task.id, attempt, controller, run.secrets.get(`tool:${executor.toolId}`) ?? EMPTY_SECRETS, this.logger);
        output = await executor.tool.descriptor.payload.execute(input, ctx);
        if (executor.checkOutput) {
          const problems = executor.checkOutput(output);
          if (problems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `tool ${executor.toolId}`, problems });
        }
        break;
      }
      case 'code': {
        const ctx = new TaskExecutionContext(run.runId, task.id, attempt, controller, run.secrets.get(`code:${executor.codeId}`) ?? EMPTY_SECRETS, this.logger);
        output = await executor.code.descriptor.payload.run(input, ctx);
        break;
      }
      case 'gmi':
        output = await this.runModel(run, task, attempt, input, controller);
        break;
      case 'workflow':
        output = await this.runChild(run, task, attempt, input);
        break;
      case 'human':
        throw new TroupeError('E_INTERNAL', { reason: `human task ${task.id} has no executor to run` });
    }
    if (task.checkOutput) {
      const problems = task.checkOutput(output);
      if (problems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `task ${task.id}`, problems });
    }
    if (task.policyTags.length > 0) output = await this.checkPolicy(run, task, attempt, 'output', output, controller.signal);
    return output;
  }

  private async checkPolicy(run: LiveRun, task: CompiledTask, attempt: number, phase: 'input' | 'output', payload: unknown, signal: AbortSignal): Promise<unknown> {
    const verdict = await this.policy.check({ runId: run.runId, taskId: task.id, attempt, phase, policyTags: task.policyTags, signal }, payload);
    const current = run.phase === 'active' && run.controllers[task.index] !== undefined && run.fold.tasks[task.id]!.attempt === attempt;
    if (current) {
      for (const decision of verdict.decisions ?? []) this.emit(run, 'guardrail.decision', task.id, attempt, { phase, ...decision });
    }
    if (verdict.action === 'block') throw verdict.error;
    if (verdict.action === 'require_approval') throw new ApprovalRequired(phase, verdict.payload, verdict.reason);
    return verdict.payload;
  }

  private async runModel(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController): Promise<unknown> {
    const signal = controller.signal;
    const executor = task.executor;
    if (executor.type !== 'gmi') throw new TroupeError('E_INTERNAL', { reason: 'not a gmi task' });
    const role = run.roles[executor.roleId]!;
    const persona = role.persona.descriptor.payload;
    const provider = run.providers[executor.roleId]!;
    const upstream: UpstreamHandoff[] = [];
    for (const d of task.deps) {
      const dep = run.fold.tasks[run.plan.tasks[d]!.id]!;
      if (dep.status === 'completed') upstream.push({ taskId: dep.id, output: dep.output, ...(dep.handoff ? { extra: dep.handoff } : {}) });
    }
    const messages = buildModelMessages(persona.instructions, executor.instructions, task.input ? input : run.fold.input, upstream);
    const tools = (run.plan.roleTools.get(executor.roleId) ?? []).map((tool) => ({
      id: tool.descriptor.id,
      ...(tool.descriptor.payload.description !== undefined ? { description: tool.descriptor.payload.description } : {}),
      ...(tool.descriptor.payload.inputSchema !== undefined ? { inputSchema: tool.descriptor.payload.inputSchema } : {}),
    }));
    const base = new TaskExecutionContext(run.runId, task.id, attempt, controller, run.secrets.get(`provider:${provider.descriptor.id}`) ?? EMPTY_SECRETS, this.logger);
    const ctx: ProviderContext = Object.assign(base, {
      roleId: executor.roleId,
      personaId: role.personaId,
      emit: (chunk: string) => this.streamChunk(run, task, attempt, chunk),
      callTool: (toolId: string, toolInput: unknown) => this.callRoleTool(run, task, attempt, toolId, toolInput, controller),
    });
    let result: ModelResult;
    try {
      result = await provider.descriptor.payload.generate(
        {
          ...(persona.model !== undefined ? { model: persona.model } : {}),
          messages,
          tools,
          outputFormat: executor.outputFormat,
          ...(persona.settings !== undefined ? { settings: persona.settings } : {}),
        },
        ctx,
      );
    } catch (error) {
      if (error instanceof TroupeError || signal.aborted) throw error;
      throw new TroupeError('E_PROVIDER_FAILED', { providerId: provider.descriptor.id, reason: error instanceof Error ? error.message : String(error) }, { cause: error });
    }
    let output = result.output;
    if (output === undefined) {
      if (executor.outputFormat === 'json') {
        try {
          output = JSON.parse(result.text) as unknown;
        } catch {
          throw new TroupeError('E_OUTPUT_INVALID', { subject: `task ${task.id}`, problems: ['the model reply is not valid JSON'] });
        }
      } else {
        output = result.text;
      }
    }
    const handoff = task.definition.handoff;
    if (handoff) {
      const available: Record<string, unknown> = { text: result.text, usage: result.usage, model: persona.model, personaId: role.personaId, roleId: executor.roleId };
      const extra: Record<string, unknown> = {};
      if (handoff.summary) extra.summary = result.text;
      for (const key of handoff.include ?? []) if (available[key] !== undefined) extra[key] = available[key];
      if (Object.keys(extra).length > 0) run.handoffs.set(task.index, this.secrets.scrubValue(extra));
    }
    return output;
  }

  private streamChunk(run: LiveRun, task: CompiledTask, attempt: number, chunk: string): void {
    if (typeof chunk !== 'string' || run.phase !== 'active' || run.controllers[task.index] === undefined) return;
    if (run.fold.tasks[task.id]!.attempt !== attempt) return;
    const roleId = (task.executor as { roleId: string }).roleId;
    let stream = run.streams.get(roleId);
    if (!stream || stream.index !== task.index || stream.attempt !== attempt) {
      stream = { index: task.index, attempt, text: '', queued: false };
      run.streams.set(roleId, stream);
    }
    stream.text += chunk;
    if (stream.text.length > PREVIEW_LIMIT * 4) stream.text = stream.text.slice(stream.text.length - PREVIEW_LIMIT * 2);
    if (!stream.queued) {
      // Tokens of one tick become a single seat.updated when the tick's commit is built.
      stream.queued = true;
      run.queuedStreams.push(roleId);
      this.markDirty(run);
    }
  }

  private async callRoleTool(run: LiveRun, task: CompiledTask, attempt: number, toolId: string, input: unknown, controller: AbortController): Promise<unknown> {
    const roleId = (task.executor as { roleId: string }).roleId;
    const tool = (run.plan.roleTools.get(roleId) ?? []).find((candidate) => candidate.descriptor.id === toolId);
    if (!tool) throw new TroupeError('E_TOOL_FORBIDDEN', { roleId, toolId, taskId: task.id });
    controller.signal.throwIfAborted();
    const payload = tool.descriptor.payload;
    const checkIn: SchemaCheck | undefined = payload.inputSchema === undefined ? undefined : this.validators.compile(payload.inputSchema);
    const problems = checkIn?.(input);
    if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${toolId}` });
    const ctx = new TaskExecutionContext(run.runId, task.id, attempt, controller, run.secrets.get(`tool:${toolId}`) ?? EMPTY_SECRETS, this.logger);
    const output = await payload.execute(input, ctx);
    const outProblems = payload.outputSchema === undefined ? undefined : this.validators.compile(payload.outputSchema)(output);
    if (outProblems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `tool ${toolId}`, problems: outProblems });
    return output;
  }

  private async runChild(run: LiveRun, task: CompiledTask, attempt: number, input: unknown): Promise<unknown> {
    const executor = task.executor;
    if (executor.type !== 'workflow') throw new TroupeError('E_INTERNAL', { reason: 'not a workflow task' });
    if (run.depth + 1 > MAX_SUBWORKFLOW_DEPTH) {
      throw new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: `sub-workflows are nested deeper than ${MAX_SUBWORKFLOW_DEPTH} levels` });
    }
    const workflow = this.descriptors.get('workflow', executor.workflowId) ?? executor.workflow;
    const childRoles = new Set((workflow.descriptor.payload.definition.roles ?? []).map((role) => role.roleId));
    const roleAssignments: Record<string, string> = {};
    for (const [roleId, personaId] of Object.entries(run.fold.roleAssignments)) if (childRoles.has(roleId)) roleAssignments[roleId] = personaId;
    const conversationId = run.fold.conversationId;
    const { run: child } = await this.createRun(
      workflow,
      { input, runId: childRunIdOf(run, task, attempt), roleAssignments, ...(conversationId !== undefined ? { conversationId } : {}) },
      { run, index: task.index, attempt },
    );
    const state = await this.untilEnded(child);
    if (state.status === 'completed') return state.output;
    throw new TroupeError(
      'E_TASK_FAILED',
      { taskId: task.id, reason: `sub-workflow run ${state.runId} ${state.status}${state.error ? `: ${state.error.message}` : ''}` },
      state.error ? { cause: state.error } : {},
    );
  }

  /** The final state of a run this engine drives, once its terminal event is persisted. */
  private untilEnded(run: LiveRun): Promise<RunState> {
    if (TERMINAL.has(run.persistedStatus)) return Promise.resolve(run.fold.snapshot());
    return new Promise<RunState>((resolve, reject) => run.waiters.push({ untilTerminal: true, resolve, reject }));
  }

  private cancelChild(run: LiveRun, index: number, reason: string): void {
    const child = run.children.get(index);
    if (!child) return;
    run.children.delete(index);
    this.cancelRun(child, reason, undefined);
  }

  /** Stops whatever runs a task (executor, timers, child run) because it is settled some other way. */
  private interrupt(run: LiveRun, task: CompiledTask, reason: string): void {
    const index = task.index;
    const controller = run.controllers[index];
    if (controller) {
      this.endAttempt(run, index);
      controller.abort(new TroupeError('E_TASK_UPDATE_INVALID', { runId: run.runId, taskId: task.id, reason }));
    }
    const retryTimer = run.retryTimers[index];
    if (retryTimer !== undefined) {
      this.clock.clearTimeout(retryTimer);
      run.retryTimers[index] = undefined;
      run.retryWaiting--;
    }
    run.pendingApprovals.delete(index);
    this.cancelChild(run, index, reason);
  }

  // ── task outcomes ──────────────────────────────────────────────────────────

  private attemptFailed(run: LiveRun, task: CompiledTask, attempt: number, failure: unknown): void {
    if (failure instanceof ApprovalRequired) {
      run.pendingApprovals.set(task.index, { phase: failure.phase, attempt, payload: failure.payload });
      this.emit(run, 'task.awaiting_input', task.id, attempt, { mode: 'approval', guardrail: true, phase: failure.phase, reason: this.secrets.scrub(failure.reason) });
      if (task.executor.type === 'gmi') this.emitSeat(run, task.executor.roleId, { status: 'waiting', taskId: task.id });
      return;
    }
    const error = this.toTaskError(task, failure);
    if (isRetryable(task.retry, attempt, error.code)) {
      const delayMs = retryDelay(task.retry!, attempt, this.random);
      const nextAttemptAt = this.clock.now() + delayMs;
      this.emit(run, 'task.retry_scheduled', task.id, attempt, { error, nextAttemptAt, delayMs });
      if (task.executor.type === 'gmi') this.emitSeat(run, task.executor.roleId, { status: 'waiting', taskId: task.id });
      this.scheduleRetry(run, task, delayMs);
      return;
    }
    this.failTask(run, task, error, attempt);
  }

  private scheduleRetry(run: LiveRun, task: CompiledTask, delayMs: number): void {
    run.retryWaiting++;
    run.retryTimers[task.index] = this.clock.setTimeout(() => {
      run.retryTimers[task.index] = undefined;
      run.retryWaiting--;
      if (run.phase !== 'active' || run.fold.tasks[task.id]!.status !== 'retry_wait') return;
      this.enqueue(run, task.index);
      this.drain(run);
      this.afterChange(run);
    }, delayMs);
  }

  private toTaskError(task: CompiledTask, failure: unknown): ErrorInfo {
    let error: ErrorInfo;
    if (failure instanceof TroupeError) {
      error = failure.toJSON();
    } else if (failure instanceof Error) {
      const code = (failure as Error & { code?: unknown }).code;
      error =
        typeof code === 'string' && code.length > 0
          ? { code, message: failure.message }
          : new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: failure.message }).toJSON();
    } else {
      error = new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: String(failure) }).toJSON();
    }
    return this.secrets.scrubValue(error);
  }

  private completeTask(run: LiveRun, task: CompiledTask, output: unknown, extra: Readonly<Record<string, unknown>> | undefined): void {
    const attempt = run.fold.tasks[task.id]!.attempt;
    const handoff = run.handoffs.get(task.index);
    if (handoff) run.handoffs.delete(task.index);
    const data: Record<string, unknown> = { output };
    if (handoff) data.handoff = handoff;
    if (extra) Object.assign(data, extra);
    this.emit(run, 'task.completed', task.id, attempt, data);
    if (task.executor.type === 'gmi') {
      run.streams.delete(task.executor.roleId);
      this.emitSeat(run, task.executor.roleId, { status: 'done', taskId: task.id, preview: this.secrets.scrub(previewOf(output)) });
    }
    run.completionOrder.push(task.index);
    run.unfinished--;
    this.settled(run, task.index);
  }

  private failTask(run: LiveRun, task: CompiledTask, error: ErrorInfo, attempt: number | undefined): void {
    this.emit(run, 'task.failed', task.id, attempt, { error });
    if (task.executor.type === 'gmi' && attempt !== undefined) {
      run.streams.delete(task.executor.roleId);
      this.emitSeat(run, task.executor.roleId, { status: 'failed', taskId: task.id, preview: previewOf(error.message) });
    }
    run.unfinished--;
    if (!task.failureHandled) {
      // Nothing in the graph takes this failure over: the run fails now (fail fast, then compensate).
      this.failRun(run, new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: error.message }, { cause: error }).toJSON());
      return;
    }
    this.settled(run, task.index);
  }

  private skipTask(run: LiveRun, task: CompiledTask, reason: string): void {
    this.emit(run, 'task.skipped', task.id, undefined, { reason });
    run.unfinished--;
    this.settled(run, task.index);
  }

  /** Tells the dependants of an ended task, iteratively (long skip chains must not recurse). */
  private settled(run: LiveRun, index: number): void {
    run.propagation.push(index);
    if (run.propagating) return;
    run.propagating = true;
    try {
      const { tasks } = run.plan;
      while (run.propagation.length > 0) {
        if (run.phase !== 'active') {
          run.propagation.length = 0;
          break;
        }
        const ended = tasks[run.propagation.pop()!]!;
        const status = run.fold.tasks[ended.id]!.status;
        const completed = status === 'completed';
        const failed = status === 'failed' || status === 'cancelled';
        for (const d of ended.dependants) {
          if (completed) run.completedDeps[d]!++;
          else if (failed) run.failedDeps[d]!++;
          if (--run.remaining[d]! === 0) this.depsEnded(run, d);
          if (run.phase !== 'active') break;
        }
      }
    } finally {
      run.propagating = false;
    }
  }

  /** After any change: finish the run when every task ended, or give its slot back while it only waits. */
  private afterChange(run: LiveRun): void {
    if (run.phase !== 'active') return;
    if (run.unfinished === 0) {
      this.completeRun(run);
      return;
    }
    if (run.holdsSlot && run.running === 0 && run.retryWaiting === 0 && run.readyHead >= run.readyQueue.length) {
      // Waiting for a human or an external system holds no worker.
      this.releaseSlot(run);
    }
  }

  private completeRun(run: LiveRun): void {
    const plan = run.plan;
    let output: unknown;
    if (plan.output) {
      output = plan.output(run.scope);
    } else {
      const sinks: Record<string, unknown> = {};
      for (const index of plan.sinks) {
        const state = run.fold.tasks[plan.tasks[index]!.id]!;
        if (state.status === 'completed') sinks[state.id] = state.output;
      }
      output = sinks;
    }
    const problems = plan.checkFinalOutput?.(output);
    if (problems) {
      this.failRun(run, new TroupeError('E_OUTPUT_INVALID', { subject: `workflow ${plan.definition.id}`, problems }).toJSON());
      return;
    }
    this.emit(run, 'run.completed', undefined, undefined, { output });
    this.finishRun(run);
  }

  // ── failing, cancelling, compensating ──────────────────────────────────────

  private failRun(run: LiveRun, error: ErrorInfo): void {
    if (run.phase !== 'active' && run.phase !== 'queued') return;
    run.phase = 'ending';
    this.stopTasks(run, { reason: `run failed (${error.code})` });
    void this.compensate(run).then(
      () => {
        if (run.phase !== 'ending') return;
        this.emit(run, 'run.failed', undefined, undefined, { error });
        this.finishRun(run);
      },
      (unexpected: unknown) => this.logger.error({ err: unexpected, runId: run.runId }, 'compensation crashed'),
    );
  }

  private cancelRun(run: LiveRun, reason: string, actor: string | undefined): void {
    if (run.phase !== 'active' && run.phase !== 'queued') return;
    run.phase = 'ending';
    const error = new TroupeError('E_RUN_CANCELLED', { runId: run.runId, reason: this.secrets.scrub(reason) }).toJSON();
    this.stopTasks(run, { reason: 'run cancelled', error });
    this.emit(run, 'run.cancelled', undefined, undefined, { error, ...(actor !== undefined ? { actor } : {}) });
    this.finishRun(run);
  }

  /** Ends every unfinished task as cancelled, aborting executors and child runs. */
  private stopTasks(run: LiveRun, data: { readonly reason: string; readonly error?: ErrorInfo }): void {
    this.clearRunTimers(run);
    this.releaseSlot(run);
    const abortReason = new TroupeError('E_RUN_CANCELLED', { runId: run.runId, reason: data.reason });
    for (const index of run.plan.runnable) {
      const task = run.plan.tasks[index]!;
      const status = run.fold.tasks[task.id]!.status;
      if (status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled') continue;
      const controller = run.controllers[index];
      if (controller) {
        this.endAttempt(run, index);
        controller.abort(abortReason);
      }
      this.cancelChild(run, index, data.reason);
      this.emit(run, 'task.cancelled', task.id, undefined, data);
      if (task.executor.type === 'gmi' && (status === 'running' || status === 'retry_wait' || status === 'awaiting_input')) {
        run.streams.delete(task.executor.roleId);
        this.emitSeat(run, task.executor.roleId, { status: 'idle', taskId: task.id });
      }
      run.unfinished--;
    }
    run.running = 0;
    run.retryWaiting = 0;
    run.readyQueue.length = 0;
    run.readyHead = 0;
    run.propagation.length = 0;
    run.pendingApprovals.clear();
  }

  private clearRunTimers(run: LiveRun): void {
    if (run.runTimer !== undefined) {
      this.clock.clearTimeout(run.runTimer);
      run.runTimer = undefined;
    }
    for (let index = 0; index < run.retryTimers.length; index++) {
      const timer = run.retryTimers[index];
      if (timer !== undefined) {
        this.clock.clearTimeout(timer);
        run.retryTimers[index] = undefined;
      }
      const timeout = run.timeouts[index];
      if (timeout !== undefined) {
        this.clock.clearTimeout(timeout);
        run.timeouts[index] = undefined;
      }
    }
  }

  /** Saga: undo completed tasks in reverse completion order, one at a time, each recorded. */
  private async compensate(run: LiveRun): Promise<void> {
    for (let i = run.completionOrder.length - 1; i >= 0; i--) {
      const task = run.plan.tasks[run.completionOrder[i]!]!;
      const compensation = task.compensate;
      if (!compensation) continue;
      if (run.phase !== 'ending') return;
      const by = compensation.kind === 'code' ? `code:${compensation.codeId}` : run.plan.tasks[compensation.index]!.id;
      try {
        const output = await this.runCompensation(run, task);
        if (run.phase !== 'ending') return;
        this.emit(run, 'task.compensated', task.id, undefined, { ok: true, by, output });
      } catch (failure) {
        if (run.phase !== 'ending') return;
        this.emit(run, 'task.compensated', task.id, undefined, { ok: false, by, error: this.toTaskError(task, failure) });
      }
    }
  }

  private async runCompensation(run: LiveRun, task: CompiledTask): Promise<unknown> {
    const compensation = task.compensate!;
    const state = run.fold.tasks[task.id]!;
    const payload = { input: run.fold.input, taskId: task.id, taskInput: run.inputs[task.index], output: state.output };
    const controller = new AbortController();
    const key = `${run.runId}:${task.id}:compensate`;
    if (compensation.kind === 'code') {
      const ctx = new TaskExecutionContext(run.runId, task.id, 1, controller, run.secrets.get(`code:${compensation.codeId}`) ?? EMPTY_SECRETS, this.logger, key);
      return await compensation.code.descriptor.payload.run(payload, ctx);
    }
    const undo = run.plan.tasks[compensation.index]!;
    const input = undo.input ? undo.input({ ...run.scope, compensating: payload }) : payload;
    const timeoutMs = undo.timeoutMs ?? this.defaultTaskTimeoutMs;
    let timer: unknown;
    const timedOut = new Promise<never>((_, reject) => {
      if (timeoutMs === undefined) return;
      timer = this.clock.setTimeout(() => {
        const error = new TroupeError('E_TASK_TIMEOUT', { taskId: undo.id, timeoutMs });
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    });
    timedOut.catch(() => undefined);
    try {
      const executor = undo.executor;
      if (executor.type === 'tool') {
        const ctx = new TaskExecutionContext(run.runId, undo.id, 1, controller, run.secrets.get(`tool:${executor.toolId}`) ?? EMPTY_SECRETS, this.logger, key);
        const problems = executor.checkInput?.(input);
        if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${executor.toolId}` });
        return await Promise.race([Promise.resolve(executor.tool.descriptor.payload.execute(input, ctx)), timedOut]);
      }
      if (executor.type === 'code') {
        const ctx = new TaskExecutionContext(run.runId, undo.id, 1, controller, run.secrets.get(`code:${executor.codeId}`) ?? EMPTY_SECRETS, this.logger, key);
        return await Promise.race([Promise.resolve(executor.code.descriptor.payload.run(input, ctx)), timedOut]);
      }
      throw new TroupeError('E_TASK_COMPENSATION_INVALID', { taskId: task.id, ref: undo.id, reason: `a ${executor.type} task cannot compensate` });
    } finally {
      if (timer !== undefined) this.clock.clearTimeout(timer);
    }
  }

  private finishRun(run: LiveRun): void {
    run.phase = 'ended';
    this.clearRunTimers(run);
    this.releaseSlot(run);
    run.streams.clear();
    run.queuedStreams.length = 0;
  }

  // ── recovery ───────────────────────────────────────────────────────────────

  private revive(state: RunState, definition: WorkflowDefinition, paused: string[]): LiveRun | undefined {
    const pauseWith = (reason: string): undefined => {
      this.pauseStored(state, definition, reason);
      paused.push(state.runId);
      return undefined;
    };
    let plan: CompiledWorkflow;
    let roles: Record<string, ResolvedRole>;
    let providers: Record<string, ActiveDescriptor<'provider'>>;
    let secrets: Map<string, Readonly<Record<string, string>>>;
    try {
      plan = this.planFor(definition);
      roles = resolveRoles(definition, this.descriptors, state.roleAssignments);
      providers = this.resolveProviders(roles);
      secrets = this.resolveRunSecrets(plan, providers);
    } catch (error) {
      return pauseWith(error instanceof Error ? error.message : String(error));
    }
    for (const ref of plan.refs) {
      const pinned = state.pin.packVersions[ref.packId];
      if (pinned !== undefined && majorOf(pinned) !== majorOf(ref.packVersion)) {
        return pauseWith(`pack ${ref.packId} is now ${ref.packVersion}, the run started on ${pinned}`);
      }
    }
    const fold = RunFold.fromState(state);
    const run = new LiveRun(plan, fold, roles, providers, 0);
    for (const [key, values] of secrets) run.secrets.set(key, values);
    run.persistedSeq = state.seq;
    run.persistedStatus = state.status;
    // Rebuild the counters from the stored task states.
    const ended: { index: number; at: number }[] = [];
    for (const index of plan.runnable) {
      const task = plan.tasks[index]!;
      const current = fold.tasks[task.id];
      if (!current) continue;
      if (current.external) run.external[index] = 1;
      const status = current.status;
      if (status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled') {
        run.unfinished--;
        if (status === 'completed') ended.push({ index, at: current.endedAt ?? 0 });
        for (const d of task.dependants) {
          run.remaining[d]!--;
          if (status === 'completed') run.completedDeps[d]!++;
          else if (status !== 'skipped') run.failedDeps[d]!++;
        }
      }
    }
    ended.sort((a, b) => a.at - b.at);
    for (const { index } of ended) run.completionOrder.push(index);
    this.runs.set(state.runId, run);
    return run;
  }

  /** Records a pause on a run that cannot continue here, without driving it. */
  private pauseStored(state: RunState, definition: WorkflowDefinition, reason: string): void {
    const fold = RunFold.fromState(state);
    const plan = { definition, tasks: [], runnable: [], runnableIds: [], roots: [], sinks: [], byId: new Map(), roles: new Map(), requiredSecrets: [], roleTools: new Map(), refs: [], hash: state.pin.definitionHash } as CompiledWorkflow;
    const run = new LiveRun(plan, fold, {}, {}, 0);
    run.persistedSeq = state.seq;
    run.persistedStatus = state.status;
    run.phase = 'ended';
    const error = new TroupeError('E_PACK_INCOMPATIBLE', {
      runId: state.runId,
      pinned: `${state.pin.definitionId}@${state.pin.definitionVersion} (${Object.entries(state.pin.packVersions).map(([id, v]) => `${id}@${v}`).join(', ')})`,
      available: this.secrets.scrub(reason),
    }).toJSON();
    this.emit(run, 'run.paused', undefined, undefined, { error });
  }

  private resume(run: LiveRun): void {
    const { plan, fold } = run;
    if (fold.status === 'queued') {
      this.admit(run);
      return;
    }
    run.phase = 'active';
    if (!run.parent) this.requestSlot(run);
    const timeoutMs = plan.definition.timeoutMs;
    if (timeoutMs !== undefined) {
      const left = Math.max(0, fold.createdAt + timeoutMs - this.clock.now());
      run.runTimer = this.clock.setTimeout(() => {
        run.runTimer = undefined;
        this.failRun(run, new TroupeError('E_RUN_TIMEOUT', { runId: run.runId, timeoutMs }).toJSON());
      }, left);
    }
    for (const index of plan.runnable) {
      if (run.phase !== 'active') return;
      const task = plan.tasks[index]!;
      const state = fold.tasks[task.id]!;
      switch (state.status) {
        case 'pending':
          if (run.remaining[index] === 0) this.depsEnded(run, index);
          break;
        case 'ready':
          this.enqueue(run, index);
          break;
        case 'running':
          if (task.executor.type === 'workflow' && state.childRunId !== undefined && run.children.has(index)) {
            // The child run resumes on its own; wait for it again.
            void this.reattachChild(run, task, state.attempt);
          } else if (task.executor.type !== 'human' && !run.external[index]) {
            // In flight when the process died: a new attempt, same idempotency key.
            this.enqueue(run, index);
          }
          break;
        case 'retry_wait':
          this.scheduleRetry(run, task, Math.max(0, (state.nextAttemptAt ?? 0) - this.clock.now()));
          break;
        default:
          break; // awaiting_input stays waiting; terminal tasks keep their outputs
      }
    }
    this.drain(run);
    this.afterChange(run);
  }

  private async reattachChild(run: LiveRun, task: CompiledTask, attempt: number): Promise<void> {
    const child = run.children.get(task.index)!;
    const controller = new AbortController();
    run.controllers[task.index] = controller;
    run.running++;
    let output: unknown;
    let failure: unknown;
    let failed = false;
    try {
      const state = await this.untilEnded(child);
      if (state.status !== 'completed') {
        throw new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: `sub-workflow run ${state.runId} ${state.status}` }, state.error ? { cause: state.error } : {});
      }
      output = state.output;
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (run.controllers[task.index] !== controller) return;
    this.endAttempt(run, task.index);
    if (failed) this.attemptFailed(run, task, attempt, failure);
    else this.completeTask(run, task, output, undefined);
    this.drain(run);
    this.afterChange(run);
  }

  // ── events, group commit, notification ────────────────────────────────────

  private emit(run: LiveRun, type: RunEventType, taskId?: string, attempt?: number, data?: Record<string, unknown>): void {
    if (run.phase === 'detached') return;
    const fold = run.fold;
    // One literal shape for every event (absent fields are undefined keys, which JSON drops).
    const event: RunEvent = { runId: fold.runId, seq: fold.seq + 1, type, at: this.clock.now(), taskId, attempt, data };
    fold.apply(event);
    run.events.push(event);
    if (taskId !== undefined) run.changedTasks.add(taskId);
    if (this.listeners.size > 0) (run.updates ??= []).push({ event, progress: fold.progress() });
    this.markDirty(run);
  }

  private emitSeat(run: LiveRun, roleId: string, change: Omit<SeatUpdateData, 'roleId'> & { status?: SeatStatus }): void {
    if (run.phase === 'detached' || !run.fold.seats[roleId]) return;
    const data: SeatUpdateData = { roleId, ...change };
    this.emit(run, 'seat.updated', undefined, undefined, data as unknown as Record<string, unknown>);
    run.changedSeats.add(roleId);
    const last = run.updates?.[run.updates.length - 1];
    if (last && last.event.type === 'seat.updated') run.updates![run.updates!.length - 1] = { ...last, seat: run.fold.seats[roleId]! };
  }

  private markDirty(run: LiveRun): void {
    if (!run.dirty) {
      run.dirty = true;
      this.dirtyRuns.push(run);
    }
    if (!this.flushScheduled && !this.committing) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Resolves when everything emitted so far is committed. */
  private persisted(): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.storeError());
    if (this.dirtyRuns.length > 0) return (this.nextFlush ??= deferred()).promise;
    if (this.currentFlush) return this.currentFlush.promise;
    return Promise.resolve();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.committing || this.dirtyRuns.length === 0) return;
    void this.commitBatch();
  };

  private async commitBatch(): Promise<void> {
    this.committing = true;
    const done = this.nextFlush ?? deferred();
    this.nextFlush = undefined;
    this.currentFlush = done;
    // Token streams of this tick become one seat update per seat.
    for (const run of this.dirtyRuns) if (run.queuedStreams.length > 0) this.emitStreams(run);
    const runs = this.dirtyRuns;
    this.dirtyRuns = [];
    const batch: RunCommit[] = [];
    const updates: (RunUpdate[] | undefined)[] = [];
    const committed: LiveRun[] = [];
    for (const run of runs) {
      run.dirty = false;
      if (run.events.length === 0) continue;
      const tasks = [];
      for (const id of run.changedTasks) tasks.push(run.fold.tasks[id]!);
      const seats = [];
      for (const id of run.changedSeats) seats.push(run.fold.seats[id]!);
      batch.push({
        runId: run.runId,
        created: run.created ? { definition: run.created } : undefined,
        events: run.events,
        header: run.fold.headerSnapshot(),
        tasks,
        seats,
      });
      updates.push(run.updates);
      committed.push(run);
      run.created = undefined;
      run.events = [];
      run.changedTasks.clear();
      run.changedSeats.clear();
      run.updates = undefined;
    }
    try {
      await this.commitRefusingRuns(batch, committed, updates);
    } catch (error) {
      this.broken = error;
      this.committing = false;
      this.currentFlush = undefined;
      this.logger.error({ err: error }, 'the store refused a commit; the engine stops driving runs');
      const failure = this.storeError();
      done.reject(failure);
      (this.nextFlush as Deferred | undefined)?.reject(failure);
      for (const run of this.runs.values()) {
        run.phase = 'detached';
        this.clearRunTimers(run);
        for (const waiter of run.waiters.splice(0)) waiter.reject(failure);
      }
      return;
    }
    this.committing = false;
    this.currentFlush = undefined;
    this.notify(batch, committed, updates);
    done.resolve();
    if (this.dirtyRuns.length > 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /**
   * Commits the batch; when the store refuses one run's share (another process
   * wrote it: E_STORE_CONFLICT, E_RUN_EXISTS), that run is dropped from this
   * engine with the error and the rest is committed. Other failures stop the engine.
   */
  private async commitRefusingRuns(batch: RunCommit[], runs: LiveRun[], updates: (RunUpdate[] | undefined)[]): Promise<void> {
    while (batch.length > 0) {
      try {
        await this.commitWithRetry(batch);
        return;
      } catch (error) {
        const runId = error instanceof TroupeError ? error.details.runId : undefined;
        const index = runId === undefined ? -1 : batch.findIndex((commit) => commit.runId === runId);
        if (index < 0) throw error;
        const [run] = runs.splice(index, 1);
        batch.splice(index, 1);
        updates.splice(index, 1);
        this.logger.error({ err: error, runId }, 'the store refused a run; this engine stops driving it');
        this.dropRun(run!, error);
      }
    }
  }

  /** Stops driving a run without recording anything more, and tells everyone waiting for it why. */
  private dropRun(run: LiveRun, error: unknown): void {
    run.phase = 'detached';
    run.failure = error;
    this.clearRunTimers(run);
    this.releaseSlot(run);
    for (let index = 0; index < run.controllers.length; index++) {
      const controller = run.controllers[index];
      if (controller) {
        run.controllers[index] = undefined;
        controller.abort(error);
      }
    }
    for (const waiter of run.waiters.splice(0)) waiter.reject(error);
    if (this.runs.get(run.runId) === run) this.runs.delete(run.runId);
  }

  private async commitWithRetry(batch: readonly RunCommit[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.commit(batch);
        return;
      } catch (error) {
        const delay = COMMIT_RETRY_DELAYS_MS[attempt];
        // A conflict or a bad batch does not heal by waiting.
        if (delay === undefined || (error instanceof TroupeError && error.code !== 'E_STORE_UNAVAILABLE')) throw error;
        this.logger.warn({ err: error, attempt: attempt + 1 }, 'store commit failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private storeError(): TroupeError {
    const reason = this.broken instanceof Error ? this.broken.message : String(this.broken);
    return new TroupeError('E_STORE_UNAVAILABLE', { store: this.store.kind, reason }, { cause: this.broken });
  }

  private emitStreams(run: LiveRun): void {
    for (const roleId of run.queuedStreams) {
      const stream = run.streams.get(roleId);
      if (!stream || !stream.queued) continue;
      stream.queued = false;
      const task = run.plan.tasks[stream.index]!;
      const state = run.fold.tasks[task.id]!;
      if (run.phase !== 'active' || state.status !== 'running' || state.attempt !== stream.attempt) continue;
      this.emitSeat(run, roleId, { preview: this.secrets.scrub(previewOf(stream.text, true)) });
    }
    run.queuedStreams.length = 0;
  }

  private notify(batch: readonly RunCommit[], runs: readonly LiveRun[], updates: readonly (RunUpdate[] | undefined)[]): void {
    const listeners = this.listeners.size > 0 ? [...this.listeners] : undefined;
    for (let i = 0; i < runs.length; i++) {
      const run = runs[i]!;
      const header = batch[i]!.header;
      run.persistedSeq = header.seq;
      run.persistedStatus = header.status;
      if (!listeners) continue;
      const list = updates[i] ?? batch[i]!.events.map((event) => ({ event, progress: run.fold.progress() }));
      for (const update of list) {
        for (const listener of listeners) {
          try {
            listener(update);
          } catch (error) {
            this.logger.warn({ err: error, runId: run.runId }, 'a run listener threw; ignored');
          }
        }
      }
    }
    for (const run of runs) {
      if (run.waiters.length > 0) {
        const terminal = TERMINAL.has(run.persistedStatus);
        if (terminal || run.persistedStatus === 'awaiting_input' || run.persistedStatus === 'paused') {
          const state = run.fold.snapshot();
          const keep = run.waiters.filter((waiter) => !terminal && waiter.untilTerminal);
          const wake = run.waiters.filter((waiter) => terminal || !waiter.untilTerminal);
          run.waiters.length = 0;
          run.waiters.push(...keep);
          for (const waiter of wake) waiter.resolve(state);
        }
      }
      if (TERMINAL.has(run.persistedStatus) && run.phase === 'ended') this.runs.delete(run.runId);
      else if (run.persistedStatus === 'paused' && run.phase === 'ended') this.runs.delete(run.runId);
    }
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  private assertUsable(action: string): void {
    if (this.broken !== undefined) throw this.storeError();
    if (this.closed) throw new TroupeError('E_HOST_STATE', { action, state: 'stopped' });
  }

  /** A run this engine drives and that can still change. */
  private async liveRun(runId: string): Promise<LiveRun> {
    this.assertUsable('change a run');
    const run = this.runs.get(runId);
    if (run && (run.phase === 'active' || run.phase === 'queued')) return run;
    if (run) throw new TroupeError('E_RUN_TERMINAL', { runId, status: run.phase === 'ending' ? `${run.fold.status}, ending` : run.fold.status });
    const state = await this.store.getRun(runId);
    if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    if (TERMINAL.has(state.status)) throw new TroupeError('E_RUN_TERMINAL', { runId, status: state.status });
    if (state.status !== 'awaiting_input') throw new TroupeError('E_RUN_NOT_LIVE', { runId, status: state.status });
    return this.adopt(state);
  }

  /**
   * Takes over a stored run that only waits for an answer (nothing of it can be
   * in flight anywhere), so `troupe approve` in a new process can answer a run
   * that `troupe run` left waiting.
   */
  private adopt(state: RunState): Promise<LiveRun> {
    let pending = this.adopting.get(state.runId);
    if (!pending) {
      pending = (async () => {
        const definition = await this.store.getDefinition(state.runId);
        const existing = this.runs.get(state.runId);
        if (existing) return existing;
        const paused: string[] = [];
        const run = definition && this.revive(state, definition, paused);
        if (!run) {
          await this.persisted();
          throw new TroupeError('E_RUN_NOT_LIVE', { runId: state.runId, status: paused.length ? 'paused' : state.status });
        }
        this.resume(run);
        return run;
      })().finally(() => this.adopting.delete(state.runId));
      this.adopting.set(state.runId, pending);
    }
    return pending;
  }

  private taskOf(run: LiveRun, taskId: string): CompiledTask {
    const index = run.plan.byId.get(taskId);
    const task = index === undefined ? undefined : run.plan.tasks[index];
    if (!task || task.compensationOnly || !run.fold.tasks[taskId]) throw new TroupeError('E_TASK_NOT_FOUND', { runId: run.runId, taskId });
    return task;
  }
}

function childRunIdOf(run: LiveRun, task: CompiledTask, attempt: number): string {
  return `${run.runId}/${task.id}/${attempt}`;
}

function isSettled(status: RunStatus, untilTerminal: boolean): boolean {
  return TERMINAL.has(status) || (!untilTerminal && (status === 'awaiting_input' || status === 'paused'));
}

function majorOf(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '0', 10);
}

function satisfies(version: string, range: string): boolean {
  return semver.satisfies(version, range, { includePrerelease: true });
}

