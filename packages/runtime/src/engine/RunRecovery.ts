import { TroupeError, type RunState, type WorkflowDefinition } from '@troupe/sdk';
import type { ActiveDescriptor } from '../registry/DescriptorRegistry.js';
import type { CompiledTask, CompiledWorkflow } from './CompiledWorkflow.js';
import type { EngineContext } from './EngineContext.js';
import { LiveRun } from './LiveRun.js';
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

  constructor(private readonly ctx: EngineContext) {}

  async recover(): Promise<{ readonly resumed: readonly string[]; readonly paused: readonly string[] }> {
    const ctx = this.ctx;
    ctx.assertUsable('recover runs');
    const states = await ctx.store.listUnfinishedRuns();
    const resumed: string[] = [];
    const paused: string[] = [];
    const revived = new Map<string, LiveRun>();
    for (const state of states) {
      if (ctx.runs.has(state.runId) || state.status === 'paused') continue;
      const definition = await ctx.store.getDefinition(state.runId);
      const run = definition && this.revive(state, definition, paused);
      if (run) revived.set(state.runId, run);
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
      if (!(error instanceof TroupeError) || error.code !== 'E_RUN_NOT_LIVE') throw error;
      // Adopting it may just have paused it: read what is stored now.
      const state = await this.ctx.store.getRun(runId);
      if (!state || state.status !== 'paused') throw error;
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
        const existing = this.ctx.runs.get(state.runId);
        if (existing) return existing;
        const paused: string[] = [];
        const run = definition && this.revive(state, definition, paused);
        if (!run) {
          await this.ctx.committer.persisted();
          throw new TroupeError('E_RUN_NOT_LIVE', { runId: state.runId, status: paused.length ? 'paused' : state.status });
        }
        this.resume(run);
        return run;
      })().finally(() => this.adopting.delete(state.runId));
      this.adopting.set(state.runId, pending);
    }
    return pending;
  }

  /** Rebuilds a live run from its stored state, or pauses it when it cannot continue here. */
  private revive(state: RunState, definition: WorkflowDefinition, paused: string[]): LiveRun | undefined {
    const pauseWith = (reason: string): undefined => {
      this.pauseStored(state, definition, reason);
      paused.push(state.runId);
      return undefined;
    };
    let prepared: PreparedRun;
    try {
      prepared = prepareRun(this.ctx, definition, state.roleAssignments);
    } catch (error) {
      return pauseWith(error instanceof Error ? error.message : String(error));
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
    ended.sort((a, b) => a.at - b.at);
    for (const { index } of ended) run.completionOrder.push(index);
    this.ctx.runs.set(state.runId, run);
    return run;
  }

  /** Records a pause on a run that cannot continue here, without driving it. */
  private pauseStored(state: RunState, definition: WorkflowDefinition, reason: string): void {
    const run = this.stubRun(state, definition);
    const error = new TroupeError('E_PACK_INCOMPATIBLE', {
      runId: state.runId,
      pinned: `${state.pin.definitionId}@${state.pin.definitionVersion} (${Object.entries(state.pin.packVersions).map(([id, v]) => `${id}@${v}`).join(', ')})`,
      available: this.ctx.secrets.scrub(reason),
    }).toJSON();
    this.ctx.committer.emit(run, 'run.paused', undefined, undefined, { error });
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
