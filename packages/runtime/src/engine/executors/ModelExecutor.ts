import { ERROR_CODES, TroupeError, type ModelResult, type ModelUsage, type ProviderContext, describeThrown, isInstanceSafely } from '@troupe/sdk';
import { buildModelMessages, PREVIEW_LIMIT, renderValue, type UpstreamHandoff } from '../buildModelMessages.js';
import type { CompiledTask } from '../CompiledWorkflow.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import type { TaskExecutor } from './TaskExecutor.js';
import { ChunkGuard } from './ChunkGuard.js';
import { executionContext } from './executionContext.js';
import { UsageMeter } from './UsageMeter.js';

/**
 * `gmi` tasks: an agent seat. The role's persona calls its provider with the
 * persona's instructions, the task's instructions, its input and the handoff
 * of upstream tasks; streamed chunks update the seat, tool calls are limited
 * to the role's tools.
 */
export class ModelExecutor implements TaskExecutor {
  constructor(private readonly ctx: EngineContext) {}

  async execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController): Promise<unknown> {
    const signal = controller.signal;
    const executor = task.executor;
    if (executor.type !== 'gmi') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a gmi task` });
    const role = run.roles[executor.roleId]!;
    const persona = role.persona.descriptor.payload;
    const provider = run.providers[executor.roleId]!;
    run.chunkApprovals.delete(task.index);
    const { messageInput, upstream } = this.conversationOf(run, task, input);
    const messages = buildModelMessages(persona.instructions, executor.instructions, messageInput, upstream);
    const tools = (run.plan.roleTools.get(executor.roleId) ?? []).map((tool) => ({
      id: tool.descriptor.id,
      ...(tool.descriptor.payload.description !== undefined ? { description: tool.descriptor.payload.description } : {}),
      ...(tool.descriptor.payload.inputSchema !== undefined ? { inputSchema: tool.descriptor.payload.inputSchema } : {}),
    }));
    const base = executionContext(this.ctx, run, task.id, attempt, controller, `provider:${provider.descriptor.id}`);
    const policy = this.ctx.policy;
    const guard = ChunkGuard.applies(policy, task)
      ? new ChunkGuard(this.ctx, policy, run, task, attempt, controller, (chunk) => this.streamChunk(run, task, attempt, chunk))
      : undefined;
    const meter = new UsageMeter(this.ctx, run, task, attempt, executor.roleId, controller);
    meter.checkBeforeCall();
    const context: ProviderContext = Object.assign(base, {
      roleId: executor.roleId,
      personaId: role.personaId,
      emit: guard ? (chunk: string) => guard.push(chunk) : (chunk: string) => this.streamChunk(run, task, attempt, chunk),
      callTool: (toolId: string, toolInput: unknown) => this.ctx.executors.tool.callForSeat(run, task, attempt, toolId, toolInput, controller),
      recordUsage: (usage: ModelUsage) => meter.record(usage),
    });
    let result: ModelResult;
    try {
      result = await provider.descriptor.payload.generate(
        {
          ...(persona.model !== undefined ? { model: persona.model } : {}),
          messages,
          tools,
          outputFormat: executor.outputFormat,
          ...(persona.settings !== undefined ? { settings: persona.settings } : {}),
        },
        context,
      );
    } catch (error) {
      if (guard) {
        await guard.settled();
        if (guard.blocked) throw guard.blocked;
      }
      if (meter.exceeded) throw meter.exceeded;
      // A coded error keeps its code, also from a pack built against another copy of the sdk.
      if (isInstanceSafely(error, TroupeError) || signal.aborted || hasKnownCode(error)) throw error;
      throw new TroupeError('E_PROVIDER_FAILED', { providerId: provider.descriptor.id, reason: describeThrown(error) }, { cause: error });
    }
    if (guard) {
      await guard.settled();
      if (guard.blocked) throw guard.blocked;
      const reason = guard.approvalReason;
      if (reason !== undefined) run.chunkApprovals.set(task.index, reason);
    }
    // A provider that reports usage only in its result: one call.
    if (meter.calls === 0 && result.usage !== undefined) meter.record(result.usage);
    if (meter.exceeded) throw meter.exceeded;
    let output = result.output;
    if (output === undefined) {
      if (executor.outputFormat === 'json') {
        try {
          output = JSON.parse(result.text) as unknown;
        } catch {
          throw new TroupeError('E_OUTPUT_INVALID', { subject: `task ${task.id}`, problems: ['the model reply is not valid JSON'] });
        }
      } else {
        output = result.text;
      }
    }
    const handoff = task.definition.handoff;
    if (handoff) {
      const available: Record<string, unknown> = { text: result.text, usage: result.usage, model: persona.model, personaId: role.personaId, roleId: executor.roleId };
      const extra: Record<string, unknown> = {};
      if (handoff.summary) extra.summary = result.text;
      for (const key of handoff.include ?? []) if (available[key] !== undefined) extra[key] = available[key];
      if (Object.keys(extra).length > 0) run.handoffs.set(task.index, this.ctx.secrets.scrubValue(extra));
    }
    return output;
  }

  /**
   * Output guardrails sanitized a gmi task's output: what its handoff repeats
   * of the reply (`summary`, `text`) is replaced by the sanitized output, so
   * downstream tasks never see what the guardrails removed.
   */
  handOnSanitized(run: LiveRun, task: CompiledTask, output: unknown): void {
    const handoff = run.handoffs.get(task.index);
    if (!handoff) return;
    const next: Record<string, unknown> = { ...handoff };
    if ('summary' in next) next.summary = renderValue(output);
    if ('text' in next) next.text = renderValue(output);
    run.handoffs.set(task.index, next);
  }

  /**
   * What the model is told besides the instructions: with input bindings, the
   * task input and the upstream outputs; by default the run input and upstream
   * outputs as the (possibly sanitized) default input `{ input, upstream }` holds them.
   */
  private conversationOf(run: LiveRun, task: CompiledTask, input: unknown): { messageInput: unknown; upstream: UpstreamHandoff[] } {
    const upstream: UpstreamHandoff[] = [];
    const checked = task.input ? undefined : (input as { input?: unknown; upstream?: unknown } | null);
    const outputs = checked && typeof checked.upstream === 'object' && checked.upstream !== null ? (checked.upstream as Record<string, unknown>) : undefined;
    for (const d of task.deps) {
      const dep = run.fold.tasks[run.plan.tasks[d]!.id]!;
      if (dep.status !== 'completed') continue;
      const output = task.input ? dep.output : outputs?.[dep.id];
      upstream.push({ taskId: dep.id, output, ...(dep.handoff ? { extra: dep.handoff } : {}) });
    }
    if (task.input) return { messageInput: input, upstream };
    // A sanitizer may have returned another shape: then the model sees it whole.
    if (outputs === undefined) return { messageInput: input, upstream: [] };
    return { messageInput: checked!.input, upstream };
  }

  /** A streamed chunk of the attempt in flight: chunks of one tick become a single seat.updated. */
  private streamChunk(run: LiveRun, task: CompiledTask, attempt: number, chunk: string): void {
    if (typeof chunk !== 'string' || run.phase !== 'active' || run.controllers[task.index] === undefined) return;
    if (run.fold.tasks[task.id]!.attempt !== attempt) return;
    const roleId = (task.executor as { roleId: string }).roleId;
    let stream = run.streams.get(roleId);
    if (!stream || stream.index !== task.index || stream.attempt !== attempt) {
      stream = { index: task.index, attempt, text: '', queued: false };
      run.streams.set(roleId, stream);
    }
    stream.text += chunk;
    if (stream.text.length > PREVIEW_LIMIT * 4) {
      // Scrubbed before it is cut: a cut must not leave the tail of a secret unrecognised.
      const text = this.ctx.secrets.scrub(stream.text);
      stream.text = text.slice(text.length - PREVIEW_LIMIT * 2);
    }
    if (!stream.queued) {
      stream.queued = true;
      run.queuedStreams.push(roleId);
      this.ctx.committer.markDirty(run);
    }
  }
}

function hasKnownCode(error: unknown): boolean {
  try {
    const code = isInstanceSafely(error, Error) ? (error as Error & { code?: unknown }).code : undefined;
    return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
  } catch {
    return false; // a throwing `code` getter is not a known code
  }
}
