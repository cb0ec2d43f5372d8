import {
  TERMINAL_RUN_STATUSES,
  TroupeError,
  type HumanAnswer,
  type RunEvent,
  type RunEventType,
  type RunFilter,
  type RunPage,
  type RunState,
  type RunStatus,
  type SeatSnapshot,
  type TaskState,
  type TaskStatus,
  type TaskUpdate,
  type WorkflowDefinition,
} from '@troupe/sdk';
import type { RunUpdate as ServerRunUpdate, StartWorkflowOptions as ServerStartOptions } from '@troupe/runtime';
import type { ServerRunsApi } from '@troupe/server';
// The fake reports progress exactly as the server computes it for stored runs.
import { progressOfRun } from '../../packages/server/src/stream/progressOfRun.js';

interface FakeRun {
  state: RunState;
  readonly events: RunEvent[];
  readonly definition: WorkflowDefinition;
}

/**
 * A small in-memory runs API for server tests that need exact control over
 * when events happen (floods, slow clients). Each change is "persisted"
 * (appended) before it is announced, like the engine's contract.
 */
export class FakeRuns implements ServerRunsApi {
  readonly runs = new Map<string, FakeRun>();
  private readonly listeners = new Set<(update: ServerRunUpdate) => void>();
  private nextRun = 1;
  /** Set to make readEvents slow, to widen the replay seam in tests. */
  readDelay: (() => Promise<void>) | undefined;

  readonly definitions: WorkflowDefinition[] = [
    {
      id: 'review',
      version: '1.0.0',
      roles: [
        { roleId: 'writer', personaId: 'ada' },
        { roleId: 'reviewer', personaId: 'bob' },
      ],
      tasks: [
        { id: 'draft', executor: { type: 'gmi', roleId: 'writer' } },
        { id: 'approve', dependsOn: ['draft'], executor: { type: 'human', mode: 'approval' } },
      ],
      goalSchema: { type: 'object', required: ['topic'], properties: { topic: { type: 'string' } } },
    },
  ];

  async startWorkflow(definitionId: string, options: ServerStartOptions = {}): Promise<RunState> {
    const definition = this.definitions.find((candidate) => candidate.id === definitionId);
    if (!definition) throw new TroupeError('E_WORKFLOW_NOT_FOUND', { workflowId: definitionId });
    const input = options.input as { topic?: unknown } | undefined;
    if (typeof input?.topic !== 'string') throw new TroupeError('E_INPUT_INVALID', { problems: ['/topic: required string'], schemaOf: definitionId });
    const runId = options.runId ?? `run-${this.nextRun++}`;
    if (this.runs.has(runId)) throw new TroupeError('E_RUN_EXISTS', { runId });
    const tasks: Record<string, TaskState> = {};
    for (const task of definition.tasks) tasks[task.id] = { id: task.id, status: 'pending', attempt: 0 };
    const seats: Record<string, SeatSnapshot> = {};
    for (const role of definition.roles ?? []) seats[role.roleId] = { roleId: role.roleId, personaId: role.personaId!, status: 'idle', history: [], seq: 0 };
    const now = Date.now();
    const state: RunState = {
      runId,
      pin: { definitionId, definitionVersion: definition.version, definitionHash: 'sha256:fake', packVersions: {} },
      status: 'running',
      input: options.input,
      ...(options.conversationId !== undefined ? { conversationId: options.conversationId } : {}),
      roleAssignments: {},
      createdAt: now,
      updatedAt: now,
      seq: 0,
      tasks,
      seats,
    };
    this.runs.set(runId, { state, events: [], definition });
    this.append(runId, 'run.created');
    this.append(runId, 'run.started');
    this.append(runId, 'task.started', { taskId: 'draft', taskStatus: 'running', seat: { roleId: 'writer', status: 'working', taskId: 'draft' } });
    return this.get(runId).state;
  }

  /** Writes a draft output (a seat update) and puts the approval task in front of a human. */
  finishDraft(runId: string, preview = 'first draft'): void {
    this.append(runId, 'task.completed', { taskId: 'draft', taskStatus: 'completed', seat: { roleId: 'writer', status: 'done', taskId: 'draft', preview } });
    this.append(runId, 'task.awaiting_input', { taskId: 'approve', taskStatus: 'awaiting_input', runStatus: 'awaiting_input' });
  }

  /** `count` progress events on the writer seat, each with a preview of `previewBytes`. */
  flood(runId: string, count: number, previewBytes = 200): void {
    const filler = 'x'.repeat(previewBytes);
    for (let index = 0; index < count; index += 1) {
      this.append(runId, 'task.progress', { taskId: 'draft', seat: { roleId: 'writer', status: 'working', taskId: 'draft', preview: `${index} ${filler}` } });
    }
  }

  async getRun(runId: string): Promise<RunState> {
    return this.get(runId).state;
  }

  async listRuns(filter: RunFilter = {}): Promise<RunPage> {
    const statuses = filter.status === undefined ? undefined : Array.isArray(filter.status) ? filter.status : [filter.status];
    const all = [...this.runs.values()]
      .map((run) => run.state)
      .filter((state) => (statuses ? statuses.includes(state.status) : true))
      .filter((state) => (filter.definitionId ? state.pin.definitionId === filter.definitionId : true))
      .filter((state) => (filter.conversationId ? state.conversationId === filter.conversationId : true));
    const start = filter.cursor ? Number(filter.cursor) : 0;
    const limit = filter.limit ?? 50;
    const page = all.slice(start, start + limit);
    return {
      runs: page.map((state) => ({
        runId: state.runId,
        definitionId: state.pin.definitionId,
        definitionVersion: state.pin.definitionVersion,
        status: state.status,
        ...(state.conversationId !== undefined ? { conversationId: state.conversationId } : {}),
        createdAt: state.createdAt,
        updatedAt: state.updatedAt,
        seq: state.seq,
      })),
      ...(start + limit < all.length ? { nextCursor: String(start + limit) } : {}),
    };
  }

  async cancel(runId: string, reason?: string): Promise<RunState> {
    const run = this.get(runId);
    this.assertActive(run);
    this.append(runId, 'run.cancelled', { runStatus: 'cancelled', data: { reason: reason ?? null } });
    return run.state;
  }

  async resume(runId: string): Promise<RunState> {
    return this.get(runId).state;
  }

  async answerHumanTask(runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    const run = this.get(runId);
    this.assertActive(run);
    const task = run.state.tasks[taskId];
    if (!task) throw new TroupeError('E_TASK_NOT_FOUND', { runId, taskId });
    if (task.status !== 'awaiting_input') throw new TroupeError('E_TASK_NOT_AWAITING', { runId, taskId, status: task.status });
    this.append(runId, 'task.answered', { taskId, data: { actor: answer.actor ?? null } });
    const approved = 'approved' in answer ? answer.approved : true;
    this.append(runId, approved ? 'task.completed' : 'task.failed', { taskId, taskStatus: approved ? 'completed' : 'failed', runStatus: 'running' });
    this.append(runId, approved ? 'run.completed' : 'run.failed', { runStatus: approved ? 'completed' : 'failed' });
    return run.state;
  }

  async applyTaskUpdates(runId: string, updates: readonly TaskUpdate[]): Promise<RunState> {
    const run = this.get(runId);
    this.assertActive(run);
    for (const update of updates) {
      if (!run.state.tasks[update.taskId]) throw new TroupeError('E_TASK_NOT_FOUND', { runId, taskId: update.taskId });
    }
    for (const update of updates) {
      const type: RunEventType = update.status === 'running' ? 'task.started' : update.status === 'completed' ? 'task.completed' : 'task.failed';
      this.append(runId, type, { taskId: update.taskId, taskStatus: update.status });
    }
    return run.state;
  }

  async readEvents(runId: string, afterSeq = 0, limit = 1000): Promise<readonly RunEvent[]> {
    const run = this.get(runId);
    await this.readDelay?.();
    return run.events.slice(afterSeq, afterSeq + limit);
  }

  listDefinitions(): readonly WorkflowDefinition[] {
    return this.definitions;
  }

  subscribe(listener: (update: ServerRunUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends one event (persisted first), folds it into the state, then announces it. */
  append(
    runId: string,
    type: RunEventType,
    change: {
      taskId?: string;
      taskStatus?: TaskStatus;
      runStatus?: RunStatus;
      data?: Record<string, unknown>;
      seat?: { roleId: string; status: SeatSnapshot['status']; taskId?: string; preview?: string };
    } = {},
  ): RunEvent {
    const run = this.get(runId);
    const seq = run.state.seq + 1;
    const event: RunEvent = {
      runId,
      seq,
      type,
      at: Date.now(),
      ...(change.taskId !== undefined ? { taskId: change.taskId } : {}),
      ...(change.data !== undefined ? { data: change.data } : {}),
    };
    run.events.push(event);
    let tasks = run.state.tasks;
    if (change.taskId !== undefined && change.taskStatus !== undefined) {
      tasks = { ...tasks, [change.taskId]: { ...tasks[change.taskId]!, status: change.taskStatus } };
    }
    let seat: SeatSnapshot | undefined;
    let seats = run.state.seats;
    if (change.seat) {
      const previous = seats[change.seat.roleId]!;
      seat = {
        roleId: change.seat.roleId,
        personaId: previous.personaId,
        status: change.seat.status,
        ...(change.seat.taskId !== undefined ? { taskId: change.seat.taskId } : {}),
        ...(change.seat.preview !== undefined ? { lastOutputPreview: change.seat.preview } : {}),
        history: [],
        seq,
      };
      seats = { ...seats, [seat.roleId]: seat };
    }
    const status = change.runStatus ?? run.state.status;
    run.state = {
      ...run.state,
      status,
      seq,
      tasks,
      seats,
      updatedAt: event.at,
      ...(TERMINAL_RUN_STATUSES.includes(status) ? { endedAt: event.at } : {}),
    };
    const progress = progressOfRun(run.state);
    for (const listener of this.listeners) listener({ event, progress, ...(seat ? { seat } : {}) });
    return event;
  }

  private get(runId: string): FakeRun {
    const run = this.runs.get(runId);
    if (!run) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
    return run;
  }

  private assertActive(run: FakeRun): void {
    if (TERMINAL_RUN_STATUSES.includes(run.state.status)) throw new TroupeError('E_RUN_TERMINAL', { runId: run.state.runId, status: run.state.status });
  }
}
