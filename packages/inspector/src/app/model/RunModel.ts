import type { ErrorInfo, RunEvent, RunState, RunStatus, SeatSnapshot, TaskState, TaskStatus, WorkflowProgress } from '@troupe/sdk';
import type { SubscriptionMessage } from '@troupe/client';
import { addModelCall, seatUsageOf, type SeatUsage } from './seatUsage.js';

/** What a task waiting for a human asked (from its `task.awaiting_input` event). */
export interface HumanRequest {
  readonly mode: 'approval' | 'input';
  readonly prompt?: string;
  readonly assignee?: string;
  readonly input?: unknown;
}

export interface SeatView {
  readonly seat: SeatSnapshot;
  readonly usage?: SeatUsage;
}

const TASK_STATUS_OF: Partial<Record<RunEvent['type'], TaskStatus>> = {
  'task.ready': 'ready',
  'task.started': 'running',
  'task.awaiting_input': 'awaiting_input',
  'task.retry_scheduled': 'retry_wait',
  'task.completed': 'completed',
  'task.failed': 'failed',
  'task.skipped': 'skipped',
  'task.cancelled': 'cancelled',
};

const RUN_STATUS_OF: Partial<Record<RunEvent['type'], RunStatus>> = {
  'run.started': 'running',
  'run.resumed': 'running',
  'run.paused': 'paused',
  'run.completed': 'completed',
  'run.failed': 'failed',
  'run.cancelled': 'cancelled',
};

/**
 * One run as the page shows it: the REST snapshot, then the stream's events
 * folded on top (only those after the snapshot's seq), the event log in seq
 * order with nothing doubled, seats and progress. Mutable on purpose: with
 * 20,000 events per run the page re-renders from it at most once a frame.
 */
export class RunModel {
  status: RunStatus;
  output: unknown;
  error: ErrorInfo | undefined;
  endedAt: number | undefined;
  progress: WorkflowProgress | undefined;
  /** Model usage of the whole run, when the engine records it (the snapshot's, plus calls after it). */
  usage: SeatUsage | undefined;
  readonly tasks = new Map<string, TaskState>();
  readonly seats = new Map<string, SeatView>();
  readonly human = new Map<string, HumanRequest>();
  /** The event log, seq 1..lastSeq with no holes once gaps are filled. */
  readonly events: RunEvent[] = [];
  /** Events the server said it skipped (slow client); the page fetches them over REST. */
  readonly gaps: { fromSeq: number; toSeq: number }[] = [];
  /** Events that arrived twice (should stay 0: the client resumes without doubles). */
  duplicates = 0;
  live = false;
  /** Bumped on every change; views compare it. */
  version = 0;
  private readonly snapshotSeq: number;

  constructor(readonly run: RunState) {
    this.status = run.status;
    this.output = run.output;
    this.error = run.error;
    this.endedAt = run.endedAt;
    this.snapshotSeq = run.seq;
    this.usage = seatUsageOf(run);
    for (const [id, task] of Object.entries(run.tasks)) this.tasks.set(id, task);
    for (const [roleId, seat] of Object.entries(run.seats)) this.seats.set(roleId, { seat, ...usageEntry(seat) });
  }

  get lastSeq(): number {
    return this.events.length === 0 ? 0 : this.events[this.events.length - 1]!.seq;
  }

  /** Applies one message of the run's subscription. */
  apply(message: SubscriptionMessage): void {
    switch (message.type) {
      case 'event':
        this.applyEvent(message.event);
        break;
      case 'WORKFLOW_UPDATE':
        this.progress = message.progress;
        this.status = message.progress.status;
        this.applyInstances(message.progress.instances);
        break;
      case 'SEAT_UPDATE': {
        const previous = this.seats.get(message.seat.roleId);
        const usage = seatUsageOf(message.seat) ?? previous?.usage;
        this.seats.set(message.seat.roleId, { seat: message.seat, ...(usage ? { usage } : {}) });
        break;
      }
      case 'gap':
        this.gaps.push({ fromSeq: message.fromSeq, toSeq: message.toSeq });
        break;
      case 'live':
        this.live = true;
        break;
    }
    this.version += 1;
  }

  /** Events fetched over REST for a gap: merged in seq order, doubles dropped. */
  fillGap(gap: { fromSeq: number; toSeq: number }, events: readonly RunEvent[]): void {
    const index = this.gaps.indexOf(gap);
    if (index !== -1) this.gaps.splice(index, 1);
    const have = new Set(this.events.map((event) => event.seq));
    for (const event of events) if (!have.has(event.seq)) this.events.push(event);
    this.events.sort((a, b) => a.seq - b.seq);
    this.version += 1;
  }

  /** How far forEach and loop tasks got: only updates carry it live (instance events have no total). */
  private applyInstances(instances: WorkflowProgress['instances']): void {
    for (const [taskId, dynamic] of Object.entries(instances ?? {})) {
      const previous = this.tasks.get(taskId);
      if (previous?.dynamic?.completed === dynamic.completed && previous.dynamic.total === dynamic.total) continue;
      // A new object, so the task's box re-renders.
      this.tasks.set(taskId, { ...(previous ?? { id: taskId, status: 'running', attempt: 1 }), dynamic });
    }
  }

  private applyEvent(event: RunEvent): void {
    if (event.seq <= this.lastSeq) {
      this.duplicates += 1;
      return;
    }
    this.events.push(event);
    if (event.taskId !== undefined) {
      // What a waiting task asked is only in its event, so this part folds the whole log.
      if (event.type === 'task.awaiting_input') this.human.set(event.taskId, humanRequestOf(event.data));
      else if (event.type.startsWith('task.') && event.type !== 'task.progress') this.human.delete(event.taskId);
    }
    if (event.type === 'seat.updated') {
      const roleId = event.data?.roleId;
      const usage = seatUsageOf(event.data);
      const seat = typeof roleId === 'string' ? this.seats.get(roleId) : undefined;
      if (seat && usage) this.seats.set(roleId as string, { ...seat, usage });
    }
    // The snapshot already holds everything up to its seq.
    if (event.seq <= this.snapshotSeq) return;
    // One model call (engines that record usage): the run's totals grow; seats get theirs with SEAT_UPDATE.
    if ((event.type as string) === 'model.usage') {
      this.usage = addModelCall(this.usage, event.data);
      return;
    }
    const runStatus = RUN_STATUS_OF[event.type];
    if (runStatus) {
      this.status = runStatus;
      if (event.data?.error !== undefined) this.error = event.data.error as ErrorInfo;
      if (event.type === 'run.completed') this.output = event.data?.output;
      if (runStatus === 'completed' || runStatus === 'failed' || runStatus === 'cancelled') this.endedAt = event.at;
      return;
    }
    if (event.taskId === undefined) return;
    const previous = this.tasks.get(event.taskId) ?? { id: event.taskId, status: 'pending' as TaskStatus, attempt: 0 };
    const status = TASK_STATUS_OF[event.type];
    if (status) {
      const data = event.data ?? {};
      this.tasks.set(event.taskId, {
        ...previous,
        status,
        attempt: status === 'running' || status === 'awaiting_input' ? (event.attempt ?? previous.attempt + 1) : previous.attempt,
        ...(status === 'completed' ? { output: data.output, endedAt: event.at } : {}),
        ...(data.error !== undefined ? { error: data.error as ErrorInfo } : status === 'completed' ? { error: undefined } : {}),
        ...(typeof data.childRunId === 'string' ? { childRunId: data.childRunId } : {}),
      });
    } else if (event.type === 'task.answered') {
      this.tasks.set(event.taskId, { ...previous, ...(typeof event.data?.actor === 'string' ? { answeredBy: event.data.actor } : {}) });
    } else if (event.type === 'task.instance_started' && typeof event.data?.childRunId === 'string') {
      // A loop round over a sub-workflow: the task links to the round's child run.
      this.tasks.set(event.taskId, { ...previous, childRunId: event.data.childRunId });
    } else if (event.type === 'task.compensated') {
      this.tasks.set(event.taskId, { ...previous, compensated: event.data?.ok !== false });
    }
  }
}

function usageEntry(seat: SeatSnapshot): { usage?: SeatUsage } {
  const usage = seatUsageOf(seat);
  return usage ? { usage } : {};
}

function humanRequestOf(data: Readonly<Record<string, unknown>> | undefined): HumanRequest {
  return {
    mode: data?.mode === 'input' ? 'input' : 'approval',
    ...(typeof data?.prompt === 'string' ? { prompt: data.prompt } : {}),
    ...(typeof data?.assignee === 'string' ? { assignee: data.assignee } : {}),
    ...(data && 'input' in data ? { input: data.input } : {}),
  };
}
