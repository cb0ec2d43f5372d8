import { TroupeError, type ErrorInfo, type HumanAnswer, type JsonValue, type RunEvent, type RunPage, type RunState, type RunStatus, type TaskInputOf, type TaskUpdate, type WorkflowDefinition } from '@troupe/sdk';
import { hashDefinition, taskInputOf } from '@troupe/runtime';
import type { ListRunsQuery, StartRunRequest } from '@troupe/client';
import type { Principal } from './auth/Principal.js';
import type { ServerRunsApi } from './ServerRunsApi.js';

/** Fires a named event at the host's event triggers; resolves with the runs it started. */
export type EmitEvent = (name: string, payload: JsonValue | undefined, actor: string) => Promise<readonly (string | { readonly runId: string })[] | void>;

/**
 * What REST and websocket callers may do with runs, each action checked
 * against the caller's scopes and conversation restriction before it reaches
 * the engine. Scopes: read (look), start (start, cancel, fire events),
 * answer (answer human tasks, apply task updates); admin implies all.
 */
export class RunActions {
  constructor(
    readonly runs: ServerRunsApi,
    private readonly emitEvent?: EmitEvent,
  ) {}

  /** Whether the engine can write (a runs API without `health` always can). No principal: /healthz needs no token. */
  health(): { readonly ok: true } | { readonly ok: false; readonly error: ErrorInfo } {
    return this.runs.health?.() ?? { ok: true };
  }

  async start(principal: Principal, request: StartRunRequest): Promise<RunState> {
    principal.require('start', 'start runs');
    if (principal.restricted) principal.requireConversation(request.conversationId, 'start runs outside its conversations');
    return this.runs.startWorkflow(request.definitionId, {
      ...(request.input !== undefined ? { input: request.input } : {}),
      ...(request.versionRange !== undefined ? { versionRange: request.versionRange } : {}),
      ...(request.runId !== undefined ? { runId: request.runId } : {}),
      ...(request.conversationId !== undefined ? { conversationId: request.conversationId } : {}),
      ...(request.roleAssignments !== undefined ? { roleAssignments: request.roleAssignments } : {}),
      ...(request.context !== undefined ? { context: request.context } : {}),
      actor: principal.name,
    });
  }

  /** A run the principal may see (E_RUN_NOT_FOUND, E_FORBIDDEN). */
  async getRun(principal: Principal, runId: string, action = 'read this run'): Promise<RunState> {
    principal.require('read', action);
    const run = await this.runs.getRun(runId);
    principal.requireConversation(run.conversationId, action);
    return run;
  }

  async listRuns(principal: Principal, query: ListRunsQuery): Promise<RunPage> {
    principal.require('read', 'list runs');
    let conversationId = query.conversationId;
    if (principal.conversationIds !== undefined) {
      // A token bound to one conversation lists it by default; with several it must say which.
      if (conversationId === undefined && principal.conversationIds.size === 1) conversationId = [...principal.conversationIds][0];
      principal.requireConversation(conversationId, 'list runs outside its conversations (pass conversationId)');
    }
    const status: RunStatus | readonly RunStatus[] | undefined = query.status;
    return this.runs.listRuns({
      ...(status !== undefined ? { status } : {}),
      ...(query.definitionId !== undefined ? { definitionId: query.definitionId } : {}),
      ...(conversationId !== undefined ? { conversationId } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      // Newest first unless asked, as `troupe runs` lists them: the same store query, so the same cursors.
      order: query.order ?? 'desc',
    });
  }

  async readEvents(principal: Principal, runId: string, since: number, limit: number): Promise<readonly RunEvent[]> {
    await this.getRun(principal, runId, 'read the events of this run');
    return this.runs.readEvents(runId, since, limit);
  }

  /**
   * The workflow definition the run was started with: the store's copy, else a registered one with the
   * run's pinned hash (E_RUN_DEFINITION_GONE when neither is there).
   */
  async runDefinition(principal: Principal, runId: string): Promise<WorkflowDefinition> {
    const run = await this.getRun(principal, runId, 'read the definition of this run');
    return this.pinnedDefinition(run);
  }

  /**
   * A task's input rebuilt from the run's definition, its input and the stored upstream outputs
   * (which the engine scrubbed of secrets); `instance` picks a forEach element or a loop round.
   */
  async taskInput(principal: Principal, runId: string, taskId: string, instance: number | undefined): Promise<TaskInputOf> {
    const run = await this.getRun(principal, runId, 'read the task inputs of this run');
    return taskInputOf(await this.pinnedDefinition(run), run, taskId, instance);
  }

  listDefinitions(principal: Principal): readonly WorkflowDefinition[] {
    principal.require('read', 'list workflow definitions');
    return this.runs.listDefinitions();
  }

  async answer(principal: Principal, runId: string, taskId: string, answer: HumanAnswer): Promise<RunState> {
    principal.require('answer', 'answer human tasks');
    await this.checkRunConversation(principal, runId, 'answer tasks of this run');
    // The audit log names the token, never what the body claims.
    return this.runs.answerHumanTask(runId, taskId, { ...answer, actor: principal.name });
  }

  async applyTaskUpdates(principal: Principal, runId: string, updates: readonly TaskUpdate[]): Promise<RunState> {
    principal.require('answer', 'update tasks');
    await this.checkRunConversation(principal, runId, 'update tasks of this run');
    return this.runs.applyTaskUpdates(runId, updates, principal.name);
  }

  async cancel(principal: Principal, runId: string, reason: string | undefined): Promise<RunState> {
    principal.require('start', 'cancel runs');
    await this.checkRunConversation(principal, runId, 'cancel this run');
    return this.runs.cancel(runId, reason, principal.name);
  }

  async emit(principal: Principal, name: string, payload: JsonValue | undefined): Promise<string[]> {
    principal.require('start', 'fire events');
    // Triggers may start runs in any conversation, so restricted tokens may not fire them.
    if (principal.restricted) throw new TroupeError('E_FORBIDDEN', { action: 'fire events (it is restricted to conversations)', scope: 'an unrestricted token' });
    if (!this.emitEvent) return [];
    const started = (await this.emitEvent(name, payload, principal.name)) ?? [];
    return started.map((entry) => (typeof entry === 'string' ? entry : entry.runId));
  }

  private async pinnedDefinition(run: RunState): Promise<WorkflowDefinition> {
    const { pin } = run;
    const stored = await this.runs.getDefinition?.(run.runId);
    if (stored) return stored;
    const registered = this.runs.listDefinitions().filter((definition) => definition.id === pin.definitionId && definition.version === pin.definitionVersion);
    const same = registered.find((definition) => hashDefinition(definition) === pin.definitionHash);
    if (same) return same;
    throw new TroupeError('E_RUN_DEFINITION_GONE', {
      runId: run.runId,
      definitionId: pin.definitionId,
      definitionVersion: pin.definitionVersion,
      reason: registered.length > 0 ? ' (a definition with that version is registered, but its content differs)' : '',
    });
  }

  private async checkRunConversation(principal: Principal, runId: string, action: string): Promise<void> {
    if (!principal.restricted) return;
    const run = await this.runs.getRun(runId);
    principal.requireConversation(run.conversationId, action);
  }
}
