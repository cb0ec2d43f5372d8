import { TERMINAL_RUN_STATUSES, type RunEvent, type RunStatus, type SeatSnapshot } from '@troupe/sdk';
import type { SubscriptionMessage } from '../StreamSubscription.js';

/** One run as the watcher shows it. */
export interface WatchRun {
  readonly runId: string;
  definitionId: string;
  conversationId: string | undefined;
  status: RunStatus;
  percent: number;
  seq: number;
  currentTaskIds: readonly string[];
  /** By role id, in first-seen order. */
  readonly seats: Map<string, SeatSnapshot>;
  /** The latest event, for the line view. */
  lastEvent: RunEvent | undefined;
  updatedAt: number;
}

const terminal = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/** What changed, for the line-by-line view over a pipe. */
export type WatchChange =
  | { readonly kind: 'run'; readonly run: WatchRun }
  | { readonly kind: 'seat'; readonly run: WatchRun; readonly seat: SeatSnapshot }
  | { readonly kind: 'event'; readonly run: WatchRun; readonly event: RunEvent }
  | { readonly kind: 'gap'; readonly run: WatchRun; readonly fromSeq: number; readonly toSeq: number };

/** The runs and seats a watcher has seen, folded from stream messages. */
export class WatchModel {
  readonly runs = new Map<string, WatchRun>();

  /** Folds one message in; returns what changed (undefined when nothing visible did). */
  apply(message: SubscriptionMessage): WatchChange | undefined {
    if (message.type === 'live') return undefined;
    const run = this.runOf(message.runId, message.definitionId, message.conversationId);
    run.updatedAt = Date.now();
    switch (message.type) {
      case 'WORKFLOW_UPDATE': {
        const { progress } = message;
        if (progress.seq < run.seq && run.status === progress.status) return undefined;
        const changed = run.status !== progress.status || run.percent !== progress.percent;
        run.status = progress.status;
        run.percent = progress.percent;
        run.seq = Math.max(run.seq, progress.seq);
        run.currentTaskIds = progress.currentTaskIds;
        return changed ? { kind: 'run', run } : undefined;
      }
      case 'SEAT_UPDATE': {
        const previous = run.seats.get(message.seat.roleId);
        if (previous && previous.seq > message.seat.seq) return undefined;
        run.seats.set(message.seat.roleId, message.seat);
        return { kind: 'seat', run, seat: message.seat };
      }
      case 'event':
        run.seq = Math.max(run.seq, message.seq);
        run.lastEvent = message.event;
        return { kind: 'event', run, event: message.event };
      case 'gap':
        run.seq = Math.max(run.seq, message.toSeq);
        return { kind: 'gap', run, fromSeq: message.fromSeq, toSeq: message.toSeq };
    }
  }

  /** True when every run the model holds has ended. */
  allEnded(): boolean {
    for (const run of this.runs.values()) if (!terminal.has(run.status)) return false;
    return this.runs.size > 0;
  }

  private runOf(runId: string, definitionId: string, conversationId: string | undefined): WatchRun {
    let run = this.runs.get(runId);
    if (!run) {
      run = {
        runId,
        definitionId,
        conversationId,
        status: 'queued',
        percent: 0,
        seq: 0,
        currentTaskIds: [],
        seats: new Map(),
        lastEvent: undefined,
        updatedAt: Date.now(),
      };
      this.runs.set(runId, run);
    }
    return run;
  }
}
