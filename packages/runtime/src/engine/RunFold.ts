import {
  CURRENT_TASKS_LIMIT,
  isCurrentTaskStatus,
  workflowProgress,
  type ErrorInfo,
  type RunEvent,
  type RunHeader,
  type RunPin,
  type RunState,
  type RunStatus,
  type SeatHistoryEntry,
  type SeatSnapshot,
  type SeatStatus,
  type DynamicTaskProgress,
  type TaskInstanceState,
  type TaskState,
  type TaskStatus,
  type UsageTotals,
  type WorkflowProgress,
} from '@troupe/sdk';
import { addUsage, type ModelUsageData } from './usageTotals.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Data of `run.created`: everything the fold needs to build the initial state. */
export interface RunCreatedData {
  readonly pin: RunPin;
  readonly input: unknown;
  /** Role id → persona id, as resolved at start. */
  readonly roleAssignments: Readonly<Record<string, string>>;
  /** Ids of the tasks that take part in the run, in definition order. */
  readonly taskIds: readonly string[];
  readonly conversationId?: string | undefined;
  readonly parentRunId?: string | undefined;
  readonly parentTaskId?: string | undefined;
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}

/** Data of `seat.updated`: only the fields that changed. */
export interface SeatUpdateData {
  readonly roleId: string;
  readonly status?: SeatStatus;
  readonly taskId?: string;
  readonly attempt?: number;
  readonly preview?: string;
}

export const SEAT_HISTORY_LIMIT = 20;

const TERMINAL_RUN = new Set<RunStatus>(['completed', 'failed', 'cancelled']);

/**
 * The fold of a run's event log, applied one event at a time. The engine
 * keeps one per live run and applies each event as it emits it; tests and
 * stores rebuild the same state from a stored log with foldRunEvents.
 *
 * Task and seat objects are immutable and replaced on change (never copied
 * as a whole map), so applying an event costs O(1) and a commit can carry
 * the changed rows by reference.
 */
export class RunFold {
  private header: Mutable<RunHeader>;
  /** Null-prototype maps: a task named "constructor" is just a task. */
  readonly tasks: Record<string, TaskState> = Object.create(null) as Record<string, TaskState>;
  readonly seats: Record<string, SeatSnapshot> = Object.create(null) as Record<string, SeatSnapshot>;
  private readonly counts: Record<TaskStatus, number> = {
    pending: 0,
    ready: 0,
    running: 0,
    retry_wait: 0,
    awaiting_input: 0,
    completed: 0,
    failed: 0,
    skipped: 0,
    cancelled: 0,
  };
  /** Running, retry-waiting or awaiting tasks (CURRENT_TASK_STATUSES). */
  private readonly current = new Set<string>();
  /** Task id → definition position, built on first use: currentTaskIds go out in definition order. */
  private positions: Map<string, number> | undefined;
  /** No current task sits before this position in `ids` (see currentInOrder). */
  private firstCurrentHint = 0;
  private total = 0;
  /** Task ids in definition order, for fast copies. */
  private ids: readonly string[] = [];
  /** Progress of dynamic tasks (forEach, loop) by task id; empty for static graphs. */
  private readonly dynamic: Record<string, DynamicTaskProgress> = Object.create(null) as Record<string, DynamicTaskProgress>;

  private constructor(header: RunHeader) {
    // Every key in one fixed order: one object shape for all headers keeps reads monomorphic.
    this.header = {
      runId: header.runId,
      pin: header.pin,
      status: header.status,
      input: header.input,
      output: header.output,
      error: header.error,
      conversationId: header.conversationId,
      parentRunId: header.parentRunId,
      parentTaskId: header.parentTaskId,
      roleAssignments: header.roleAssignments,
      context: header.context,
      createdAt: header.createdAt,
      updatedAt: header.updatedAt,
      endedAt: header.endedAt,
      seq: header.seq,
      usage: header.usage,
    };
  }

  /** Starts a fold from a `run.created` event. */
  static created(event: RunEvent): RunFold {
    if (event.type !== 'run.created' || event.seq !== 1) throw new Error(`a run's log starts with run.created at seq 1, not ${event.type} at seq ${event.seq}`);
    const data = event.data as unknown as RunCreatedData;
    const fold = new RunFold({
      runId: event.runId,
      pin: data.pin,
      status: 'queued',
      input: data.input,
      conversationId: data.conversationId,
      parentRunId: data.parentRunId,
      parentTaskId: data.parentTaskId,
      roleAssignments: data.roleAssignments,
      context: data.context,
      createdAt: event.at,
      updatedAt: event.at,
      seq: event.seq,
    });
    for (const id of data.taskIds) fold.tasks[id] = pendingTask(id);
    fold.ids = data.taskIds;
    fold.total = data.taskIds.length;
    fold.counts.pending = data.taskIds.length;
    for (const [roleId, personaId] of Object.entries(data.roleAssignments)) {
      fold.seats[roleId] = { roleId, personaId, status: 'idle', history: [], seq: event.seq };
    }
    return fold;
  }

  /** Continues a fold from a stored state (recovery). */
  static fromState(state: RunState): RunFold {
    const { tasks, seats, ...header } = state;
    const fold = new RunFold(header);
    fold.ids = Object.keys(tasks);
    for (const task of Object.values(tasks)) {
      fold.tasks[task.id] = task;
      fold.counts[task.status]++;
      fold.total++;
      if (isCurrentTaskStatus(task.status)) fold.current.add(task.id);
      if (task.dynamic) fold.dynamic[task.id] = task.dynamic;
    }
    for (const seat of Object.values(seats)) fold.seats[seat.roleId] = seat;
    return fold;
  }

  get runId(): string {
    return this.header.runId;
  }

  get seq(): number {
    return this.header.seq;
  }

  get status(): RunStatus {
    return this.header.status;
  }

  get input(): unknown {
    return this.header.input;
  }

  get context(): Readonly<Record<string, unknown>> | undefined {
    return this.header.context;
  }

  get roleAssignments(): Readonly<Record<string, string>> {
    return this.header.roleAssignments;
  }

  get conversationId(): string | undefined {
    return this.header.conversationId;
  }

  get parentRunId(): string | undefined {
    return this.header.parentRunId;
  }

  get parentTaskId(): string | undefined {
    return this.header.parentTaskId;
  }

  get createdAt(): number {
    return this.header.createdAt;
  }

  /** Model usage of the run so far (`model.usage` events). */
  get usage(): UsageTotals | undefined {
    return this.header.usage;
  }

  countOf(status: TaskStatus): number {
    return this.counts[status];
  }

  /** Applies the next event of the log; throws if its seq does not continue the log. */
  apply(event: RunEvent): void {
    const header = this.header;
    if (event.seq !== header.seq + 1) throw new Error(`event seq ${event.seq} does not follow ${header.seq} in run ${header.runId}`);
    header.seq = event.seq;
    header.updatedAt = event.at;
    const data = event.data;
    switch (event.type) {
      case 'run.created':
        throw new Error(`run ${header.runId} was created twice`);
      case 'run.started':
      case 'run.resumed':
        header.status = 'running';
        header.error = undefined;
        this.settleStatus();
        return;
      case 'run.paused':
        header.status = 'paused';
        if (data?.error !== undefined) header.error = data.error as ErrorInfo;
        return;
      case 'run.completed':
        header.status = 'completed';
        header.output = data?.output;
        header.endedAt = event.at;
        return;
      case 'run.failed':
      case 'run.cancelled':
        header.status = event.type === 'run.failed' ? 'failed' : 'cancelled';
        if (data?.error !== undefined) header.error = data.error as ErrorInfo;
        header.endedAt = event.at;
        return;
      case 'seat.updated':
        this.applySeat(event, data as unknown as SeatUpdateData);
        return;
      case 'model.usage':
        this.applyUsage(event, data as unknown as ModelUsageData);
        return;
      case 'guardrail.decision':
      case 'task.progress':
        return;
      default:
        this.applyTask(event);
    }
  }

  private applyTask(event: RunEvent): void {
    const id = event.taskId!;
    const prev = this.tasks[id];
    if (prev === undefined) throw new Error(`event ${event.type} names unknown task ${id} of run ${this.header.runId}`);
    const data = event.data;
    let next: TaskState;
    // Every TaskState is built by taskState() with the same keys: one object shape, no spreads (both are slow at this rate).
    switch (event.type) {
      case 'task.ready':
        next = taskState(prev, 'ready', prev.attempt, prev.startedAt, prev.endedAt, prev.output, prev.error, undefined, prev.childRunId, prev.handoff);
        break;
      case 'task.started':
      case 'task.awaiting_input':
        next = taskState(
          data?.external === true && prev.external !== true ? withExternal(prev) : prev,
          event.type === 'task.started' ? 'running' : 'awaiting_input',
          event.attempt ?? prev.attempt + 1,
          prev.startedAt ?? event.at,
          undefined,
          undefined,
          prev.error,
          undefined,
          (data?.childRunId as string | undefined) ?? prev.childRunId,
          undefined,
        );
        break;
      case 'task.retry_scheduled':
        next = taskState(prev, 'retry_wait', prev.attempt, prev.startedAt, undefined, undefined, data!.error as ErrorInfo, data!.nextAttemptAt as number, prev.childRunId, undefined);
        break;
      case 'task.completed':
        next = taskState(
          prev,
          'completed',
          prev.attempt,
          prev.startedAt,
          event.at,
          data?.output,
          undefined,
          undefined,
          prev.childRunId,
          data?.handoff as Readonly<Record<string, unknown>> | undefined,
        );
        break;
      case 'task.failed':
        next = taskState(prev, 'failed', prev.attempt, prev.startedAt, event.at, undefined, data!.error as ErrorInfo, undefined, prev.childRunId, undefined);
        break;
      case 'task.skipped':
        next = taskState(prev, 'skipped', prev.attempt, prev.startedAt, event.at, undefined, undefined, undefined, prev.childRunId, undefined);
        break;
      case 'task.cancelled':
        next = taskState(prev, 'cancelled', prev.attempt, prev.startedAt, event.at, undefined, data?.error as ErrorInfo | undefined, undefined, prev.childRunId, undefined);
        break;
      case 'task.answered':
        next = withAnswer(prev, (data?.actor as string | undefined) ?? prev.answeredBy);
        break;
      case 'task.compensated':
        next = withCompensated(prev, data?.ok !== false);
        break;
      case 'task.instance_started':
      case 'task.instance_completed':
      case 'task.instance_retry_scheduled':
      case 'task.instance_failed':
        next = this.withInstance(prev, event);
        break;
      default:
        throw new Error(`unknown event type ${event.type}`);
    }
    this.tasks[id] = next;
    if (next.status !== prev.status) {
      this.counts[prev.status]--;
      this.counts[next.status]++;
      if (isCurrentTaskStatus(next.status)) this.markCurrent(id);
      else this.current.delete(id);
      this.settleStatus();
    }
  }

  /** A forEach element or loop round changed: the task's instances row is replaced, the task's own status stays. */
  private withInstance(prev: TaskState, event: RunEvent): TaskState {
    const data = event.data!;
    const index = data.instance as number;
    const instances = prev.instances ? prev.instances.slice() : [];
    const before = instances[index];
    let instance: Mutable<TaskInstanceState>;
    switch (event.type) {
      case 'task.instance_started':
        instance = { index, status: 'running', attempt: event.attempt ?? (before?.attempt ?? 0) + 1 };
        if (data.childRunId !== undefined) instance.childRunId = data.childRunId as string;
        break;
      case 'task.instance_completed':
        instance = { ...before!, status: 'completed', output: data.output };
        delete instance.error;
        break;
      case 'task.instance_retry_scheduled':
        instance = { ...before!, status: 'retry_wait', error: data.error as ErrorInfo };
        break;
      default:
        instance = { ...before!, status: 'failed', error: data.error as ErrorInfo };
    }
    instances[index] = instance;
    const completed = (prev.dynamic?.completed ?? 0) + (event.type === 'task.instance_completed' ? 1 : 0);
    const kind = (data.kind as DynamicTaskProgress['kind'] | undefined) ?? prev.dynamic?.kind ?? 'forEach';
    const total = (data.total as number | undefined) ?? prev.dynamic?.total ?? instances.length;
    const dynamic: DynamicTaskProgress = { kind, completed, total };
    this.dynamic[prev.id] = dynamic;
    return { ...prev, instances, dynamic, childRunId: instance.childRunId ?? prev.childRunId };
  }

  /** A live run waits for input when a task does and nothing else can move. */
  private settleStatus(): void {
    const header = this.header;
    if (header.status !== 'running' && header.status !== 'awaiting_input') return;
    const c = this.counts;
    header.status = c.awaiting_input > 0 && c.running === 0 && c.ready === 0 && c.retry_wait === 0 ? 'awaiting_input' : 'running';
  }

  private applySeat(event: RunEvent, data: SeatUpdateData): void {
    const prev = this.seats[data.roleId];
    if (prev === undefined) throw new Error(`event seat.updated names unknown role ${data.roleId} of run ${this.header.runId}`);
    const next: Mutable<SeatSnapshot> = { ...prev, seq: event.seq };
    if (data.status !== undefined) next.status = data.status;
    if (data.taskId !== undefined) next.taskId = data.taskId;
    if (data.attempt !== undefined) next.attempt = data.attempt;
    if (data.preview !== undefined) next.lastOutputPreview = data.preview;
    if (next.status !== prev.status || next.taskId !== prev.taskId) {
      const entry: Mutable<SeatHistoryEntry> = { seq: event.seq, at: event.at, status: next.status };
      if (next.taskId !== undefined) entry.taskId = next.taskId;
      if (data.preview !== undefined) entry.preview = data.preview;
      const history = prev.history.length >= SEAT_HISTORY_LIMIT ? prev.history.slice(prev.history.length - SEAT_HISTORY_LIMIT + 1) : prev.history.slice();
      history.push(entry);
      next.history = history;
    }
    this.seats[data.roleId] = next;
  }

  /** One model call: its usage joins the run's totals and its seat's. */
  private applyUsage(event: RunEvent, data: ModelUsageData): void {
    this.header.usage = addUsage(this.header.usage, data);
    const seat = this.seats[data.roleId];
    if (seat !== undefined) this.seats[data.roleId] = { ...seat, usage: addUsage(seat.usage, data), seq: event.seq };
  }

  /** The run-level fields, as a commit carries them. */
  headerSnapshot(): RunHeader {
    const h = this.header;
    return {
      runId: h.runId,
      pin: h.pin,
      status: h.status,
      input: h.input,
      output: h.output,
      error: h.error,
      conversationId: h.conversationId,
      parentRunId: h.parentRunId,
      parentTaskId: h.parentTaskId,
      roleAssignments: h.roleAssignments,
      context: h.context,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
      endedAt: h.endedAt,
      seq: h.seq,
      usage: h.usage,
    };
  }

  /** A copy of the whole state; task and seat objects are shared (they are immutable). */
  snapshot(): RunState {
    const tasks = Object.create(null) as Record<string, TaskState>;
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) tasks[ids[i]!] = this.tasks[ids[i]!]!;
    const seats = Object.create(null) as Record<string, SeatSnapshot>;
    for (const roleId in this.seats) seats[roleId] = this.seats[roleId]!;
    return { ...this.headerSnapshot(), tasks, seats };
  }

  isTerminal(): boolean {
    return TERMINAL_RUN.has(this.header.status);
  }

  /** WORKFLOW_UPDATE of this run: the sdk's workflowProgress over the incremental counts. */
  progress(): WorkflowProgress {
    const header = this.header;
    return workflowProgress({
      runId: header.runId,
      definitionId: header.pin.definitionId,
      conversationId: header.conversationId,
      status: header.status,
      seq: header.seq,
      counts: this.counts,
      total: this.total,
      currentTaskIds: this.currentInOrder(),
      instances: this.dynamic,
    });
  }

  private markCurrent(id: string): void {
    this.current.add(id);
    const position = this.positions?.get(id);
    if (position !== undefined && position < this.firstCurrentHint) this.firstCurrentHint = position;
  }

  /**
   * The current tasks in definition order, at most CURRENT_TASKS_LIMIT (all a
   * progress message shows): a few are sorted; when many run at once (a wide
   * fan-out) the definition order is walked from the first current task until
   * the limit is reached, so an event never costs a sort of every running task.
   */
  private currentInOrder(): string[] {
    const current = this.current;
    if (current.size === 0) return [];
    if (current.size === 1) return [...current];
    const positions = (this.positions ??= new Map(this.ids.map((id, index) => [id, index])));
    if (current.size <= CURRENT_TASKS_LIMIT) return [...current].sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
    const ids = this.ids;
    let i = this.firstCurrentHint;
    while (i < ids.length && !current.has(ids[i]!)) i++;
    this.firstCurrentHint = i;
    const picked: string[] = [];
    for (; i < ids.length && picked.length < CURRENT_TASKS_LIMIT; i++) if (current.has(ids[i]!)) picked.push(ids[i]!);
    return picked;
  }
}

/** A new task row; answeredBy and compensated carry over. Undefined fields stay as keys so every row has one shape. */
function taskState(
  prev: TaskState,
  status: TaskStatus,
  attempt: number,
  startedAt: number | undefined,
  endedAt: number | undefined,
  output: unknown,
  error: ErrorInfo | undefined,
  nextAttemptAt: number | undefined,
  childRunId: string | undefined,
  handoff: Readonly<Record<string, unknown>> | undefined,
): TaskState {
  return {
    id: prev.id,
    status,
    attempt,
    startedAt,
    endedAt,
    output,
    error,
    nextAttemptAt,
    answeredBy: prev.answeredBy,
    childRunId,
    compensated: prev.compensated,
    external: prev.external,
    handoff,
    instances: prev.instances,
    dynamic: prev.dynamic,
  };
}

/** The first row of a task. */
export function pendingTask(id: string): TaskState {
  return {
    id,
    status: 'pending',
    attempt: 0,
    startedAt: undefined,
    endedAt: undefined,
    output: undefined,
    error: undefined,
    nextAttemptAt: undefined,
    answeredBy: undefined,
    childRunId: undefined,
    compensated: undefined,
    external: undefined,
    handoff: undefined,
    instances: undefined,
    dynamic: undefined,
  };
}

function withAnswer(prev: TaskState, answeredBy: string | undefined): TaskState {
  return { ...taskState(prev, prev.status, prev.attempt, prev.startedAt, prev.endedAt, prev.output, prev.error, prev.nextAttemptAt, prev.childRunId, prev.handoff), answeredBy };
}

function withExternal(prev: TaskState): TaskState {
  return { ...taskState(prev, prev.status, prev.attempt, prev.startedAt, prev.endedAt, prev.output, prev.error, prev.nextAttemptAt, prev.childRunId, prev.handoff), external: true };
}

function withCompensated(prev: TaskState, compensated: boolean): TaskState {
  return { ...taskState(prev, prev.status, prev.attempt, prev.startedAt, prev.endedAt, prev.output, prev.error, prev.nextAttemptAt, prev.childRunId, prev.handoff), compensated };
}

