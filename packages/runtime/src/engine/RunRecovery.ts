import { TroupeError, type RunEvent, type RunState, type WorkflowDefinition, describeThrown, isInstanceSafely } from '@troupe/sdk';
import type { ActiveDescriptor } from '../registry/DescriptorRegistry.js';
import type { CompiledTask, CompiledWorkflow } from './CompiledWorkflow.js';
import type { EngineContext } from './EngineContext.js';
import { LiveRun, type PendingApproval } from './LiveRun.js';
import { prepareRun, type PreparedRun } from './prepareRun.js';
import { RunFold } from './RunFold.js';
import { isTerminalRunStatus } from './runStatus.js';

/**
 * Runs this engine did not start: resuming every unfinished run of the store
 * after a restart (on its stored definition; a run whose definition no longer
 * compiles or whose packs changed major version is paused instead), and
 * adopting a stored run that only waits for a human.
 */
export class RunRecovery {
  private readonly adopting = new Map<string, Promise<LiveRun>>();
  /** Unfinished runs recover() left as stored (a secret missing here): only a cancel may take them. */
  private readonly leftAside = new Set<string>();

  constructor(private readonly ctx: EngineContext) {}

  async recover(): Promise<{ readonly resumed: readonly string[]; readonly paused: readonly string[] }> {
    const ctx = this.ctx;
    ctx.assertUsable('recover runs');
    const states = await ctx.store.listUnfinishedRuns();
    const resumed: string[] = [];
    const paused: string[] = [];
    const revived = new Map<string, LiveRun>();
    for (const state of states) {
      if (ctx.runs.has(state.runId)) continue;
      const definition = await ctx.store.getDefinition(state.runId);
      if (!definition) continue;
      const approvals = await this.storedApprovals(state, definition);
      const run = this.revive(state, definition, approvals);
      if (run instanceof TroupeError) {
        // A paused run whose cause remains stays as it is (no second run.paused); a missing secret changes nothing: it is this shell's.
        if (run.code === 'E_SECRET_MISSING') this.leaveAside(state, run);
        else if (state.status !== 'paused') {
          this.pauseStored(state, definition, run);
          paused.push(state.runId);
        }
        continue;
      }
      // Its cause has gone away (the pack is back, the secret is set): it goes on.
      if (state.status === 'paused') ctx.committer.emit(run, 'run.resumed', undefined, undefined, { reason: 'its packs and secrets are available again' });
      revived.set(state.runId, run);
    }
    // Children first link to their parents, then every run continues.
    for (const run of revived.values()) {
      const { parentRunId, parentTaskId } = run.fold;
      if (parentRunId === undefined || parentTaskId === undefined) continue;
      const parent = revived.get(parentRunId) ?? ctx.runs.get(parentRunId);
      const index = parent?.plan.byId.get(parentTaskId);
      if (!parent || index === undefined || parent.fold.tasks[parentTaskId]?.childRunId !== run.runId) continue;
      run.parent = { run: parent, index, attempt: parent.fold.tasks[parentTaskId]!.attempt };
      parent.children.set(index, run);
    }
    for (const run of revived.values()) {
      this.resume(run);
      resumed.push(run.runId);
    }
    await ctx.committer.persisted();
    return { resumed, paused };
  }

  /**
   * Resumes a paused run whose cause has gone away (`troupe resume`), or
   * adopts a stored one waiting for a human; refuses with the reason it still
   * cannot go on (E_SECRET_MISSING, E_PACK_INCOMPATIBLE), changing nothing.
   */
  async resumeStored(runId: string): Promise<void> {
    const ctx = this.ctx;
    ctx.assertUsable('resume a run');
    const live = ctx.runs.get(runId);
    if (live && (live.phase === 'active' || live.phase === 'queued')) return;
    const state = await ctx.store.getRun(runId);
    if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    if (isTerminalRunStatus(state.status)) throw new TroupeError('E_RUN_TERMINAL', { runId, status: state.status });
    // Paused, or left aside by recover() (a secret was missing); anything else is another driver's or adopted.
    if (state.status !== 'paused' && !this.leftAside.has(runId)) {
      await this.liveRun(runId);
      return;
    }
    const definition = await ctx.store.getDefinition(runId);
    if (!definition) throw new TroupeError('E_RUN_NOT_LIVE', { runId, status: state.status });
    const approvals = await this.storedApprovals(state, definition);
    // Checked after the last await: another call may have taken it meanwhile.
    if (ctx.runs.has(runId)) return;
    const run = this.revive(state, definition, approvals);
    if (run instanceof TroupeError) throw run;
    this.leftAside.delete(runId);
    if (state.status === 'paused') ctx.committer.emit(run, 'run.resumed', undefined, undefined, { reason: 'resumed on request' });
    this.resume(run);
    await ctx.committer.persisted();
  }

  /** A run this engine drives and that can still change; a stored run waiting for a human is adopted. */
  async liveRun(runId: string): Promise<LiveRun> {
    const ctx = this.ctx;
    ctx.assertUsable('change a run');
    const run = ctx.runs.get(runId);
    if (run && (run.phase === 'active' || run.phase === 'queued')) return run;
    if (run) throw new TroupeError('E_RUN_TERMINAL', { runId, status: run.phase === 'ending' ? `${run.fold.status}, ending` : run.fold.status });
    const state = await ctx.store.getRun(runId);
    if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    if (isTerminalRunStatus(state.status)) throw new TroupeError('E_RUN_TERMINAL', { runId, status: state.status });
    if (state.status !== 'awaiting_input') throw new TroupeError('E_RUN_NOT_LIVE', { runId, status: state.status });
    return this.adopt(state);
  }

  /**
   * The run a cancel applies to: one this engine drives or can adopt, or a
   * stored run nobody can drive (paused, e.g. E_PACK_INCOMPATIBLE), which is
   * taken over only to record its end. A run that is running elsewhere stays
   * E_RUN_NOT_LIVE: its driver would race the cancellation.
   */
  async cancellable(runId: string): Promise<{ readonly run: LiveRun; readonly stored: boolean }> {
    try {
      return { run: await this.liveRun(runId), stored: false };
    } catch (error) {
      if (!(error instanceof TroupeError) || (error.code !== 'E_RUN_NOT_LIVE' && error.code !== 'E_SECRET_MISSING')) throw error;
      // Adopting it may just have paused it: read what is stored now. A run left aside for a missing secret can be cancelled too.
      const state = await this.ctx.store.getRun(runId);
      if (!state || (state.status !== 'paused' && !this.leftAside.has(runId) && error.code !== 'E_SECRET_MISSING')) throw error;
      if (isTerminalRunStatus(state.status)) throw new TroupeError('E_RUN_TERMINAL', { runId, status: state.status });
      const definition = (await this.ctx.store.getDefinition(runId)) ?? { id: state.pin.definitionId, version: state.pin.definitionVersion, tasks: [] };
      // Checked after the last await: a concurrent cancel may hold it by now.
      const live = this.ctx.runs.get(runId);
      if (live) throw new TroupeError('E_RUN_TERMINAL', { runId, status: live.fold.status });
      return { run: this.holdStored(state, definition), stored: true };
    }
  }

  /**
   * Records the cancellation of a stored run this engine holds but cannot
   * drive: every task that has not ended is cancelled, working seats go idle,
   * then `run.cancelled`; all through the normal commit path.
   */
  cancelStored(run: LiveRun, reason: string, actor: string | undefined): void {
    const ctx = this.ctx;
    const committer = ctx.committer;
    const error = new TroupeError('E_RUN_CANCELLED', { runId: run.runId, reason: ctx.secrets.scrub(reason) }).toJSON();
    const data = { reason: 'run cancelled', error };
    for (const task of Object.values(run.fold.tasks)) {
      const status = task.status;
      if (status === 'completed' || status === 'failed' || status === 'skipped' || status === 'cancelled') continue;
      committer.emit(run, 'task.cancelled', task.id, undefined, data);
    }
    for (const seat of Object.values(run.fold.seats)) {
      if (seat.status === 'working' || seat.status === 'waiting') committer.emitSeat(run, seat.roleId, { status: 'idle', taskId: seat.taskId });
    }
    committer.emit(run, 'run.cancelled', undefined, undefined, { error, ...(actor !== undefined ? { actor } : {}) });
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
        const definition = await this.ctx.store.getDefinition(state.runId);
        const approvals = await this.storedApprovals(state, definition);
        const existing = this.ctx.runs.get(state.runId);
        if (existing) return existing;
        if (!definition) throw new TroupeError('E_RUN_NOT_LIVE', { runId: state.runId, status: state.status });
        const run = this.revive(state, definition, approvals);
        if (run instanceof TroupeError) {
          // Refused up front, nothing recorded: the secret is missing in this process only.
          if (run.code === 'E_SECRET_MISSING') throw run;
          this.pauseStored(state, definition, run);
          await this.ctx.committer.persisted();
          throw new TroupeError('E_RUN_NOT_LIVE', { runId: state.runId, status: 'paused' });
        }
        this.resume(run);
        return run;
      })().finally(() => this.adopting.delete(state.runId));
      this.adopting.set(state.runId, pending);
    }
    return pending;
  }

  /**
   * Rebuilds a live run from its stored state (and registers it), or says why
   * it cannot continue here: E_SECRET_MISSING as is, anything else as
   * E_PACK_INCOMPATIBLE. Records nothing either way.
   */
  private revive(state: RunState, definition: WorkflowDefinition, approvals: ReadonlyMap<string, PendingApproval> = new Map()): LiveRun | TroupeError {
    const pauseWith = (reason: string): TroupeError => this.incompatible(state, reason);
    let prepared: PreparedRun;
    try {
      prepared = prepareRun(this.ctx, definition, state.roleAssignments);
    } catch (error) {
      if (isInstanceSafely(error, TroupeError) && error.code === 'E_SECRET_MISSING') return error;
      return pauseWith(describeThrown(error));
    }
    const { plan } = prepared;
    // Everything the pin recorded: the pack of the workflow itself, then what its tasks, roles and providers use.
    const used: (ActiveDescriptor | undefined)[] = [this.ctx.descriptors.get('workflow', definition.id), ...plan.refs];
    for (const role of Object.values(prepared.roles)) used.push(role.persona);
    for (const provider of Object.values(prepared.providers)) used.push(provider);
    for (const active of used) {
      if (!active) continue;
      const pinned = state.pin.packVersions[active.packId];
      if (pinned !== undefined && majorOf(pinned) !== majorOf(active.packVersion)) {
        return pauseWith(`pack ${active.packId} is now ${active.packVersion}, the run started on ${pinned}`);
      }
    }
    const fold = RunFold.fromState(state);
    const run = new LiveRun(plan, fold, prepared.roles, prepared.providers, 0);
    for (const [key, values] of prepared.secrets) run.secrets.set(key, values);
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
    // Guardrail approvals still waiting, with what the task goes on with (see storedApprovals).
    for (const [taskId, approval] of approvals) {
      const index = plan.byId.get(taskId);
      if (index !== undefined && fold.tasks[taskId]?.status === 'awaiting_input') run.pendingApprovals.set(index, approval);
    }
    ended.sort((a, b) => a.at - b.at);
    for (const { index } of ended) run.completionOrder.push(index);
    this.ctx.runs.set(state.runId, run);
    return run;
  }

  private incompatible(state: RunState, reason: string): TroupeError {
    return new TroupeError('E_PACK_INCOMPATIBLE', {
      runId: state.runId,
      pinned: `${state.pin.definitionId}@${state.pin.definitionVersion} (${Object.entries(state.pin.packVersions).map(([id, v]) => `${id}@${v}`).join(', ')})`,
      available: this.ctx.secrets.scrub(reason),
    });
  }

  /** Records a pause on a run that cannot continue here, without driving it. */
  private pauseStored(state: RunState, definition: WorkflowDefinition, error: TroupeError): void {
    const run = this.stubRun(state, definition);
    this.ctx.committer.emit(run, 'run.paused', undefined, undefined, { error: error.toJSON() });
  }

  /** A run recovery could not resume because a secret is missing in this process: left exactly as stored, and logged. */
  private leaveAside(state: RunState, error: TroupeError): void {
    this.leftAside.add(state.runId);
    this.ctx.logger.warn({ runId: state.runId, code: error.code, missing: error.details.missing }, `run ${state.runId} was not resumed: ${error.message}`);
  }

  /**
   * A guardrail's require_approval waits with what the task goes on with once
   * approved, stored on its task.awaiting_input event: read back (before the
   * run is rebuilt) so an approval in this process neither runs the executor
   * again nor asks again. Only runs with a waiting task read their log.
   */
  private async storedApprovals(state: RunState, definition: WorkflowDefinition | undefined): Promise<Map<string, PendingApproval>> {
    const approvals = new Map<string, PendingApproval>();
    // Only a task with policy tags can wait for a guardrail (a tool task waiting for a human always does).
    const workflowTagged = (definition?.policyTags?.length ?? 0) > 0;
    const guarded = (definition?.tasks ?? []).filter((task) => workflowTagged || (task.policyTags?.length ?? 0) > 0 || task.executor.type !== 'human');
    const waiting = new Set(guarded.filter((task) => state.tasks[task.id]?.status === 'awaiting_input').map((task) => task.id));
    if (waiting.size === 0) return approvals;
    for (let after = 0; ; ) {
      const page = await this.ctx.store.readEvents(state.runId, after, 1000);
      for (const event of page) {
        if (event.type !== 'task.awaiting_input' || event.taskId === undefined || !waiting.has(event.taskId)) continue;
        const data = event.data;
        // The latest question of the task wins: a human task asks without a payload.
        approvals.delete(event.taskId);
        if (data?.guardrail !== true || (data.phase !== 'input' && data.phase !== 'output') || !('payload' in data)) continue;
        approvals.set(event.taskId, { phase: data.phase, attempt: event.attempt ?? state.tasks[event.taskId]!.attempt, payload: data.payload });
      }
      if (page.length < 1000) break;
      after = page[page.length - 1]!.seq;
    }
    return approvals;
  }

  /** A stored run held only to record events on it (it ends with them): registered so nobody else takes it meanwhile. */
  private holdStored(state: RunState, definition: WorkflowDefinition): LiveRun {
    const run = this.stubRun(state, definition);
    this.ctx.runs.set(state.runId, run);
    return run;
  }

  /** A run record without a plan: it records events on the stored fold but never schedules anything. */
  private stubRun(state: RunState, definition: WorkflowDefinition): LiveRun {
    const fold = RunFold.fromState(state);
    const plan = {
      definition,
      tasks: [],
      runnable: [],
      runnableIds: [],
      roots: [],
      sinks: [],
      byId: new Map(),
      roles: new Map(),
      requiredSecrets: [],
      roleTools: new Map(),
      refs: [],
      hash: state.pin.definitionHash,
    } as unknown as CompiledWorkflow;
    const run = new LiveRun(plan, fold, {}, {}, 0);
    run.persistedSeq = state.seq;
    run.persistedStatus = state.status;
    run.phase = 'ended';
    return run;
  }

  private resume(run: LiveRun): void {
    const { plan, fold } = run;
    const ctx = this.ctx;
    const scheduler = ctx.scheduler;
    if (fold.status === 'queued') {
      ctx.slots.admit(run);
      return;
    }
    run.phase = 'active';
    if (!run.parent) ctx.slots.request(run);
    const timeoutMs = plan.definition.timeoutMs;
    if (timeoutMs !== undefined) scheduler.armRunTimeout(run, timeoutMs, Math.max(0, fold.createdAt + timeoutMs - ctx.clock.now()));
    for (const index of plan.runnable) {
      if (run.phase !== 'active') return;
      const task = plan.tasks[index]!;
      const state = fold.tasks[task.id]!;
      switch (state.status) {
        case 'pending':
          if (run.remaining[index] === 0) scheduler.depsEnded(run, index);
          break;
        case 'ready':
          scheduler.enqueue(run, index);
          break;
        case 'running':
          // A loop's new attempt finds its round's child run itself (DynamicTasks); a plain sub-workflow task waits for its child here.
          if (task.executor.type === 'workflow' && !task.loop && state.childRunId !== undefined && run.children.has(index)) {
            // The child run resumes on its own; wait for it again.
            void this.reattachChild(run, task, state.attempt);
          } else if (task.executor.type !== 'human' && !run.external[index]) {
            // In flight when the process died: a new attempt, same idempotency key.
            scheduler.enqueue(run, index);
          }
          break;
        case 'retry_wait':
          ctx.attempts.scheduleRetry(run, task, Math.max(0, (state.nextAttemptAt ?? 0) - ctx.clock.now()));
          break;
        default:
          break; // awaiting_input stays waiting; terminal tasks keep their outputs
      }
    }
    scheduler.drain(run);
    scheduler.afterChange(run);
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
      const state = await child.untilEnded();
      if (state.status !== 'completed') {
        throw new TroupeError('E_TASK_FAILED', { taskId: task.id, reason: `sub-workflow run ${state.runId} ${state.status}` }, state.error ? { cause: state.error } : {});
      }
      output = state.output;
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (run.controllers[task.index] !== controller) return;
    const ctx = this.ctx;
    ctx.attempts.end(run, task.index);
    if (failed) ctx.attempts.failed(run, task, attempt, failure);
    else ctx.scheduler.completeTask(run, task, output, undefined);
    ctx.scheduler.drain(run);
    ctx.scheduler.afterChange(run);
  }
}

function majorOf(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '0', 10);
}
