import { describeThrown, isTroupeError, TroupeError, type AuditEntry, type RunCommit, type RunEvent, type RunEventType, type SeatStatus } from '@troupe/sdk';
import { previewOf } from './buildModelMessages.js';
import { deferred, type Deferred } from './deferred.js';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';
import type { SeatUpdateData } from './RunFold.js';
import type { RunListener, RunUpdate } from './RunsApi.js';
import { isTerminalRunStatus } from './runStatus.js';
import type { ModelUsageData } from './usageTotals.js';

/** A trailing run of printable ASCII without spaces: maybe the first part of a secret still streaming. */
const OPEN_TOKEN = /[\x21-\x7e]{1,256}$/;

/**
 * A streaming preview holds back its last word until it ends: the scrubber
 * only recognises whole secret values, and a secret split over two chunks
 * must not show its first half in the meantime.
 */
function withoutOpenToken(text: string): string {
  return text.replace(OPEN_TOKEN, '');
}

/** No ended tasks waiting for a commit (never pushed to: `released` collects, `releasing` is only replaced). */
const NO_ENDINGS: readonly number[] = Object.freeze([]);

/**
 * Backoff between commit attempts (real time: a store outage is not simulated
 * time). A store that cannot write (E_STORE_WRITE_FAILED: disk full, I/O
 * error; E_STORE_UNAVAILABLE) is retried at the last delay until it can: the
 * engine goes on by itself once the disk is freed. Other errors stop the
 * engine after the first three retries.
 */
const COMMIT_RETRY_DELAYS_MS = [20, 100, 500, 1000, 2000, 5000];
const OTHER_ERROR_RETRIES = 3;
/** Codes of a store that cannot write now and may later. */
const TRANSIENT_STORE_CODES: ReadonlySet<string> = new Set(['E_STORE_WRITE_FAILED', 'E_STORE_UNAVAILABLE']);

/**
 * The way out of the engine: records events (applied to the run's fold at
 * once), collects the transitions of one tick per run, writes them in one
 * `store.commit` (group commit, one commit in flight at a time) together
 * with the tick's audit entries when the store writes them in the same
 * transaction (`auditInCommit`), else appends those in one
 * `store.appendAudit` right after (only when there are any), and only then
 * tells listeners and waiters, in seq order per run. Event data and audit
 * entries pass the secret scrubber on their way in, so the fold, the store
 * and every listener see the same clean values.
 */
export class RunCommitter {
  private readonly listeners = new Set<RunListener>();
  private dirtyRuns: LiveRun[] = [];
  private flushScheduled = false;
  /** 'asked': the queued flush waits one more microtask turn (letStartsJoin); 'used': it did already. */
  private flushWait: 'none' | 'asked' | 'used' = 'none';
  private committing = false;
  private nextFlush: Deferred | undefined;
  private currentFlush: Deferred | undefined;
  /** Why the store stopped the engine; set once. */
  broken: unknown;
  /** Set while the store refuses writes the engine keeps retrying; cleared by the first commit that succeeds. */
  storeFailure: TroupeError | undefined;

  constructor(private readonly ctx: EngineContext) {}

  /** Whether anyone listens: updates are collected only then. */
  get listening(): boolean {
    return this.listeners.size > 0;
  }

  subscribe(listener: RunListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Appends an event to the run's log: folded now, persisted with the tick's commit, announced after it. */
  emit(run: LiveRun, type: RunEventType, taskId?: string, attempt?: number, data?: Record<string, unknown>): void {
    if (run.phase === 'detached') return;
    if (data !== undefined) data = this.ctx.secrets.scrubValue(data);
    const fold = run.fold;
    // One literal shape for every event (absent fields are undefined keys, which JSON drops).
    const event: RunEvent = { runId: fold.runId, seq: fold.seq + 1, type, at: this.ctx.clock.now(), taskId, attempt, data };
    fold.apply(event);
    run.events.push(event);
    if (taskId !== undefined) run.changedTasks.add(taskId);
    if (this.listeners.size > 0) (run.updates ??= []).push({ event, progress: fold.progress() });
    this.markDirty(run);
  }

  emitSeat(run: LiveRun, roleId: string, change: Omit<SeatUpdateData, 'roleId'> & { status?: SeatStatus }): void {
    if (run.phase === 'detached' || !run.fold.seats[roleId]) return;
    const data: SeatUpdateData = { roleId, ...change };
    this.emit(run, 'seat.updated', undefined, undefined, data as unknown as Record<string, unknown>);
    run.changedSeats.add(roleId);
    const last = run.updates?.[run.updates.length - 1];
    if (last && last.event.type === 'seat.updated') run.updates![run.updates!.length - 1] = { ...last, seat: run.fold.seats[roleId]! };
  }

  /** One model call of a gmi task: a `model.usage` event, announced with the seat whose totals it changed. */
  emitUsage(run: LiveRun, taskId: string, attempt: number, data: ModelUsageData): void {
    if (run.phase === 'detached') return;
    this.emit(run, 'model.usage', taskId, attempt, data as unknown as Record<string, unknown>);
    if (!run.fold.seats[data.roleId]) return;
    run.changedSeats.add(data.roleId);
    const last = run.updates?.[run.updates.length - 1];
    if (last && last.event.type === 'model.usage') run.updates![run.updates!.length - 1] = { ...last, seat: run.fold.seats[data.roleId]! };
  }

  /** The run has something to commit: it joins the next flush (whatever is emitted while a commit is in flight joins the one after). */
  markDirty(run: LiveRun): void {
    if (!run.dirty) {
      run.dirty = true;
      this.dirtyRuns.push(run);
    }
    if (!this.flushScheduled && !this.committing) this.scheduleFlush();
  }

  /**
   * Strict durability flushes in a microtask (a macrotask could be starved
   * while ready work keeps the microtask queue busy, and every step waits for
   * its commit anyway). Batched durability lets the steps that microtasks can
   * reach run first (nothing waits for the commit) and commits them together
   * in the next macrotask.
   */
  private scheduleFlush(): void {
    this.flushScheduled = true;
    if (this.ctx.durability === 'batched') setImmediate(this.flush);
    else queueMicrotask(this.flush);
  }

  /**
   * Records an audit entry about a run (stamped now, scrubbed). It is appended
   * right after the run's next commit, and only if the store took that commit.
   */
  audit(run: LiveRun, entry: Omit<AuditEntry, 'at' | 'runId'>): void {
    if (run.phase === 'detached') return;
    const scrubbed = this.ctx.secrets.scrubValue(entry);
    run.audit.push({ at: this.ctx.clock.now(), runId: run.runId, ...scrubbed });
    this.markDirty(run);
  }

  /** Resolves when everything emitted so far is committed. */
  persisted(): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.storeError());
    if (this.dirtyRuns.length > 0) return (this.nextFlush ??= deferred()).promise;
    if (this.currentFlush) return this.currentFlush.promise;
    return Promise.resolve();
  }

  storeError(): TroupeError {
    // The store's own coded error says best what is wrong (E_STORE_CORRUPT, E_STORE_WRITE_FAILED).
    if (isTroupeError(this.broken) && this.broken.code.startsWith('E_STORE_')) return this.broken;
    const reason = describeThrown(this.broken);
    return new TroupeError('E_STORE_UNAVAILABLE', { store: this.ctx.store.kind, reason }, { cause: this.broken });
  }

  /**
   * Runs were started while a flush is queued but before it ran, by a run
   * that ended and handed its slot over: their first steps' quick results
   * come after that flush, and would take a commit of their own. The flush
   * waits one microtask turn, behind those results, and takes them along
   * (once per flush: a handover their steps cause in turn does not delay it
   * again).
   */
  letStartsJoin(): void {
    if (this.flushScheduled && this.flushWait === 'none' && this.ctx.durability === 'strict') this.flushWait = 'asked';
  }

  private readonly flush = (): void => {
    if (this.flushWait === 'asked') {
      this.flushWait = 'used';
      queueMicrotask(this.flush);
      return;
    }
    this.flushWait = 'none';
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
    const audit: AuditEntry[] = [];
    // A store that writes audit entries in the commit's transaction gets them with their run's commit.
    const auditInCommit = this.ctx.store.auditInCommit === true;
    for (const run of runs) {
      run.dirty = false;
      if (run.events.length === 0) {
        if (run.audit.length > 0) audit.push(...run.audit.splice(0));
        continue;
      }
      let commitAudit: AuditEntry[] | undefined;
      if (!auditInCommit) run.auditInFlight = run.audit;
      else if (run.audit.length > 0) commitAudit = run.audit;
      run.audit = [];
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
        audit: commitAudit,
      });
      updates.push(run.updates);
      committed.push(run);
      run.created = undefined;
      // Batched durability releases endings by itself (RunScheduler.settled), before their commit.
      if (run.released.length > 0 && this.ctx.durability === 'strict') {
        run.releasing = run.released;
        run.released = [];
      }
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
      this.ctx.logger.error({ err: error }, 'the store refused a commit; the engine stops driving runs');
      const failure = this.storeError();
      done.reject(failure);
      (this.nextFlush as Deferred | undefined)?.reject(failure);
      for (const run of this.ctx.runs.values()) {
        run.phase = 'detached';
        run.clearTimers(this.ctx.clock);
        for (const waiter of run.waiters.splice(0)) waiter.reject(failure);
      }
      return;
    }
    // Audit entries of runs the store refused are not appended: what they describe did not happen.
    // (With auditInCommit they rode in the commit: `auditInFlight` stays empty.)
    for (const run of committed) {
      if (run.auditInFlight.length > 0) audit.push(...run.auditInFlight);
      run.auditInFlight = [];
    }
    if (audit.length > 0) await this.appendAudit(audit);
    this.currentFlush = undefined;
    try {
      this.notify(batch, committed, updates);
      done.resolve();
      // After a long burst of synchronous tools, their dependants start once timers and I/O had a turn
      // (before their start is recorded: a crash meanwhile loses no attempt a tool never saw).
      for (let turn = this.ctx.turns.check(); turn; turn = this.ctx.turns.check()) await turn;
      this.releaseEnded(committed);
    } finally {
      // Only now may the next flush be scheduled: queued after the continuations of the tasks the
      // release started, it takes their quick results along (one commit per step of a chain, not two).
      this.committing = false;
    }
    if (this.dirtyRuns.length > 0 && !this.flushScheduled) this.scheduleFlush();
  }

  /** The endings of the batch are durable: their dependants may start, in one pass per run (their events join the next commit). */
  private releaseEnded(committed: readonly LiveRun[]): void {
    const scheduler = this.ctx.scheduler;
    for (const run of committed) {
      const ended = run.releasing;
      if (ended.length === 0) continue;
      // Taken before the pass: once these are told, the run's completion waits for nothing more.
      run.releasing = NO_ENDINGS;
      scheduler.releaseEnded(run, ended);
      // Nothing moved (e.g. a sink ended while a human is asked): the committed status is where the run stops.
      if (!run.dirty) this.wakeWaiters(run);
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
        this.ctx.logger.error({ err: error, runId }, 'the store refused a run; this engine stops driving it');
        this.dropRun(run!, error);
      }
    }
  }

  /** Stops driving a run without recording anything more, and tells everyone waiting for it why. */
  private dropRun(run: LiveRun, error: unknown): void {
    run.phase = 'detached';
    run.failure = error;
    run.clearTimers(this.ctx.clock);
    this.ctx.slots.release(run);
    run.abortExecutors(error);
    for (const waiter of run.waiters.splice(0)) waiter.reject(error);
    if (this.ctx.runs.get(run.runId) === run) this.ctx.runs.delete(run.runId);
  }

  private async commitWithRetry(batch: readonly RunCommit[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ctx.store.commit(batch);
        if (this.storeFailure !== undefined) {
          this.ctx.logger.warn({ attempts: attempt + 1 }, 'the store writes again; the engine goes on');
          this.storeFailure = undefined;
        }
        return;
      } catch (error) {
        const transient = isTroupeError(error) && TRANSIENT_STORE_CODES.has(error.code);
        // A conflict, a damaged file or a bad batch does not heal by waiting; a closing engine stops waiting.
        if (this.ctx.closed || (isTroupeError(error) && !transient) || (!transient && attempt >= OTHER_ERROR_RETRIES)) throw error;
        if (transient) this.storeFailure = error;
        const delay = COMMIT_RETRY_DELAYS_MS[Math.min(attempt, COMMIT_RETRY_DELAYS_MS.length - 1)]!;
        // Logged at the first failure and then about once a minute, not at every retry.
        if (attempt < 3 || attempt % 12 === 0) this.ctx.logger.warn({ err: error, attempt: attempt + 1, retryInMs: delay }, 'store commit failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Audit entries are appended after the commit they describe; a failure is logged, never fatal to runs. */
  private async appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.ctx.store.appendAudit(entries);
        return;
      } catch (error) {
        const delay = COMMIT_RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.ctx.logger.error({ err: error, entries: entries.length }, 'the store refused audit entries; they are lost');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private emitStreams(run: LiveRun): void {
    for (const roleId of run.queuedStreams) {
      const stream = run.streams.get(roleId);
      if (!stream || !stream.queued) continue;
      stream.queued = false;
      const task = run.plan.tasks[stream.index]!;
      const state = run.fold.tasks[task.id]!;
      if (run.phase !== 'active' || state.status !== 'running' || state.attempt !== stream.attempt) continue;
      // Scrubbed whole before it is cut: a cut must not leave half a secret unrecognised.
      const preview = previewOf(withoutOpenToken(this.ctx.secrets.scrub(stream.text)), true);
      // A flush between chunks that only grew the held-back last word has nothing new to show.
      if (preview === run.fold.seats[roleId]?.lastOutputPreview) continue;
      this.emitSeat(run, roleId, { preview });
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
            this.ctx.logger.warn({ err: error, runId: run.runId }, 'a run listener threw; ignored');
          }
        }
      }
    }
    for (const run of runs) {
      // Endings about to be released move the run on: its waiters hear of where it stops then.
      if (run.releasing.length === 0 || isTerminalRunStatus(run.persistedStatus)) this.wakeWaiters(run);
      if (isTerminalRunStatus(run.persistedStatus) && run.phase === 'ended') this.ctx.runs.delete(run.runId);
      else if (run.persistedStatus === 'paused' && run.phase === 'ended') this.ctx.runs.delete(run.runId);
    }
  }

  /** Resolves the waiters a run's persisted status satisfies: terminal, or (unless they wait for the end) awaiting input or paused. */
  private wakeWaiters(run: LiveRun): void {
    if (run.waiters.length === 0) return;
    const terminal = isTerminalRunStatus(run.persistedStatus);
    if (!terminal && run.persistedStatus !== 'awaiting_input' && run.persistedStatus !== 'paused') return;
    const state = run.fold.snapshot();
    const keep = run.waiters.filter((waiter) => !terminal && waiter.untilTerminal);
    const wake = run.waiters.filter((waiter) => terminal || !waiter.untilTerminal);
    run.waiters.length = 0;
    run.waiters.push(...keep);
    for (const waiter of wake) waiter.resolve(state);
  }
}
