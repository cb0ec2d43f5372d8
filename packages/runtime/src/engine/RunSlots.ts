import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';

/**
 * Run admission: at most `maxConcurrentRuns` top-level runs hold a slot;
 * the rest wait in FIFO order on a counter (nothing polls). Child runs use
 * their parent's slot, and a run that only waits gives its slot back.
 */
export class RunSlots {
  private active = 0;
  private queue: LiveRun[] = [];
  private head = 0;

  constructor(private readonly ctx: EngineContext) {}

  /** Starts a freshly created run: at once inside its parent, else when it gets a slot. */
  admit(run: LiveRun): void {
    if (run.parent) this.ctx.scheduler.activate(run);
    else this.request(run);
  }

  request(run: LiveRun): void {
    if (run.holdsSlot || run.waitingForSlot || run.parent) return;
    if (this.active < this.ctx.maxConcurrentRuns) {
      this.grant(run);
    } else {
      run.waitingForSlot = true;
      this.queue.push(run);
    }
  }

  release(run: LiveRun): void {
    if (run.waitingForSlot) run.waitingForSlot = false;
    if (!run.holdsSlot) return;
    run.holdsSlot = false;
    this.active--;
    let granted = false;
    while (this.active < this.ctx.maxConcurrentRuns && this.head < this.queue.length) {
      const next = this.queue[this.head++]!;
      if (next.waitingForSlot && (next.phase === 'queued' || next.phase === 'active')) {
        this.grant(next);
        granted = true;
      }
    }
    // A run handed a slot by one that just ended joins the commit of that ending with its first quick steps.
    if (granted) this.ctx.committer.letStartsJoin();
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  /** Forgets every waiting run (the engine closed). */
  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  private grant(run: LiveRun): void {
    this.active++;
    run.holdsSlot = true;
    run.waitingForSlot = false;
    const scheduler = this.ctx.scheduler;
    if (run.phase === 'queued') {
      scheduler.activate(run);
    } else {
      scheduler.drain(run);
      scheduler.afterChange(run);
    }
  }
}
