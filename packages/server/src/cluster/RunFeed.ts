import { describeThrown, progressOfRunState, TERMINAL_RUN_STATUSES, type Logger, type RunEvent, type RunFilter, type RunPage, type RunState, type SeatSnapshot, type WorkflowProgress } from '@troupe/sdk';
import type { RunListener, RunUpdate } from '@troupe/runtime';

/** What the feed reads from the store to fill gaps: a WorkflowStore has all three. */
export interface RunFeedReader {
  getRun(runId: string): Promise<RunState | undefined>;
  readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]>;
  listRuns(filter?: RunFilter): Promise<RunPage>;
}

export interface RunFeedOptions {
  readonly logger?: Logger;
  /** Runs that ended, remembered so a late duplicate of their updates is dropped (default 10,000). */
  readonly endedMemory?: number;
  /** Events read per store round trip while filling a gap (default 500). */
  readonly pageSize?: number;
}

/** Per run: the last seq passed on, and the updates waiting while a gap is filled from the store. */
interface Tracked {
  last: number;
  waiting: RunUpdate[] | undefined;
}

const ACTIVE: RunFilter['status'] = ['queued', 'running', 'awaiting_input', 'paused'];
const TERMINAL_EVENTS = new Set(['run.completed', 'run.failed', 'run.cancelled']);
const terminalStatuses = new Set<string>(TERMINAL_RUN_STATUSES);
/** Store reads that fail (the database restarting) are tried again after these delays, then every 5 s. */
const RETRY_DELAYS_MS = [100, 500, 1000, 2000, 5000];

/**
 * The live updates of every run as a server of a scale-out deployment passes
 * them to its websocket hub: from whatever sources push them (another
 * node's engine through Redis pub/sub, this process's engine after it took
 * over) — in seq order per run, each once, with no gap. An update whose seq
 * is not the next one is held while the missing events are read from the
 * store (they are committed before they are announced); one already passed
 * on is dropped. `resync()` catches up with the store after a source may have
 * lost updates (a reconnect), without waiting for the next update.
 */
export class RunFeed {
  readonly #reader: RunFeedReader;
  readonly #options: RunFeedOptions;
  readonly #runs = new Map<string, Tracked>();
  readonly #ended = new Set<string>();
  readonly #listeners = new Set<RunListener>();
  /** Updates pushed while start() reads the baseline. */
  #early: RunUpdate[] | undefined;
  #closed = false;

  constructor(reader: RunFeedReader, options: RunFeedOptions = {}) {
    this.#reader = reader;
    this.#options = options;
  }

  subscribe(listener: RunListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /**
   * Reads the seq every unfinished run has reached: the feed passes on what
   * comes after (a run it does not know yet started later, so it is passed on
   * from its first event). Subscribe the sources first: updates pushed
   * meanwhile wait for the baseline.
   */
  async start(): Promise<void> {
    this.#early = [];
    try {
      for (const [runId, seq] of await this.#activeRuns()) if (!this.#runs.has(runId)) this.#runs.set(runId, { last: seq, waiting: undefined });
    } finally {
      const early = this.#early;
      this.#early = undefined;
      for (const update of early) this.push(update);
    }
  }

  /** Stops filling gaps; listeners get nothing more. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
  }

  /** Runs whose updates the feed follows (unfinished ones it knows of). */
  get tracked(): number {
    return this.#runs.size;
  }

  /** Takes one update from a source, in any order and any number of times. */
  push(update: RunUpdate): void {
    if (this.#closed) return;
    if (this.#early) {
      this.#early.push(update);
      return;
    }
    const runId = update.event.runId;
    if (this.#ended.has(runId)) return;
    let run = this.#runs.get(runId);
    if (!run) {
      run = { last: 0, waiting: undefined };
      this.#runs.set(runId, run);
    }
    if (run.waiting) run.waiting.push(update);
    else this.#take(runId, run, update);
  }

  /**
   * Catches every unfinished run (and every run it follows) up with the
   * store: after a source reconnected, or this process took the runs over.
   */
  async resync(): Promise<void> {
    if (this.#closed) return;
    const active = await this.#activeRuns();
    const behind: [string, Tracked][] = [];
    for (const [runId, seq] of active) {
      if (this.#ended.has(runId)) continue;
      let run = this.#runs.get(runId);
      if (!run) {
        // Started while this feed heard nothing: every event of it is new here.
        run = { last: 0, waiting: undefined };
        this.#runs.set(runId, run);
      }
      if (run.last < seq) behind.push([runId, run]);
    }
    // Followed runs that are no longer active ended meanwhile: their last events are in the store.
    for (const [runId, run] of this.#runs) if (!active.has(runId)) behind.push([runId, run]);
    for (const [runId, run] of behind) {
      if (run.waiting) continue;
      run.waiting = [];
      void this.#catchUp(runId, run, undefined, undefined);
    }
  }

  #take(runId: string, run: Tracked, update: RunUpdate): void {
    const seq = update.event.seq;
    if (seq <= run.last) return;
    if (seq === run.last + 1) {
      this.#deliver(runId, run, update);
      return;
    }
    run.waiting = [update];
    void this.#catchUp(runId, run, seq - 1, update.progress);
  }

  /**
   * Reads the events after `run.last` up to `upTo` (the store's seq when
   * undefined) and passes them on, then the updates that waited meanwhile.
   * Filled events carry the progress of the update that revealed the gap (or
   * the stored run's), and the stored seat of the role they changed.
   */
  async #catchUp(runId: string, run: Tracked, upTo: number | undefined, progress: WorkflowProgress | undefined): Promise<void> {
    try {
      for (let attempt = 0; !this.#closed; attempt++) {
        try {
          await this.#fill(runId, run, upTo, progress);
          break;
        } catch (error) {
          const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
          if (attempt === 0 || attempt % 12 === 0) this.#options.logger?.warn({ runId, err: describeThrown(error), retryInMs: delay }, 'could not read missed run events from the store; retrying');
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    } finally {
      const waiting = run.waiting ?? [];
      run.waiting = undefined;
      for (const update of waiting) {
        // Taking one may reveal another gap: the rest then waits for that catch-up.
        const again = run.waiting as RunUpdate[] | undefined;
        if (again) again.push(update);
        else this.#take(runId, run, update);
      }
    }
  }

  async #fill(runId: string, run: Tracked, upTo: number | undefined, progress: WorkflowProgress | undefined): Promise<void> {
    const state = await this.#reader.getRun(runId);
    const target = upTo ?? state?.seq ?? run.last;
    if (state) {
      const progressOfFilled = progress ?? progressOfRunState(state);
      const pageSize = this.#options.pageSize ?? 500;
      while (run.last < target && !this.#closed) {
        const page = await this.#reader.readEvents(runId, run.last, pageSize);
        for (const event of page) {
          if (event.seq <= run.last || event.seq > target) continue;
          const seat = seatOf(event, state);
          this.#deliver(runId, run, { event, progress: progressOfFilled, ...(seat ? { seat } : {}) });
        }
        if (page.length < pageSize) break;
      }
    }
    if (run.last < target) {
      // Gone from the store (pruned): nothing to pass on; do not wait for it again.
      this.#options.logger?.warn({ runId, from: run.last + 1, to: target }, 'announced run events are not in the store; skipped');
      run.last = target;
    }
    if (!state || (terminalStatuses.has(state.status) && run.last >= state.seq)) this.#end(runId);
  }

  #deliver(runId: string, run: Tracked, update: RunUpdate): void {
    run.last = update.event.seq;
    for (const listener of this.#listeners) {
      try {
        listener(update);
      } catch (error) {
        this.#options.logger?.warn({ runId, err: describeThrown(error) }, 'a run feed listener threw; ignored');
      }
    }
    if (TERMINAL_EVENTS.has(update.event.type)) this.#end(runId);
  }

  #end(runId: string): void {
    this.#runs.delete(runId);
    this.#ended.add(runId);
    const memory = this.#options.endedMemory ?? 10_000;
    // A Set iterates in insertion order: the oldest ended run goes first.
    if (this.#ended.size > memory) this.#ended.delete(this.#ended.values().next().value!);
  }

  /** The seq of every unfinished run in the store. */
  async #activeRuns(): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    let cursor: string | undefined;
    do {
      const page = await this.#reader.listRuns({ status: ACTIVE, limit: 500, ...(cursor ? { cursor } : {}) });
      for (const run of page.runs) seqs.set(run.runId, run.seq);
      cursor = page.nextCursor;
    } while (cursor);
    return seqs;
  }
}

/** The stored seat of the role a `seat.updated` or `model.usage` event changed. */
function seatOf(event: RunEvent, state: RunState | undefined): SeatSnapshot | undefined {
  if (!state || (event.type !== 'seat.updated' && event.type !== 'model.usage')) return undefined;
  const roleId = (event.data as { roleId?: unknown } | undefined)?.roleId;
  return typeof roleId === 'string' ? state.seats[roleId] : undefined;
}
