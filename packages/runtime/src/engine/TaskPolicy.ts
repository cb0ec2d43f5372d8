import { TroupeError, type ToolCallTarget, describeThrown } from '@troupe/sdk';
import type { PolicyDecisionRecord, PolicyVerdict } from '../policy/PolicyEnforcer.js';
import { ApprovalRequired } from './ApprovalRequired.js';
import type { CompiledTask } from './CompiledWorkflow.js';
import type { EngineContext } from './EngineContext.js';
import type { LiveRun } from './LiveRun.js';

type Phase = 'input' | 'output';

/**
 * The policy applied to a tagged task's payloads: asks the enforcer (with the
 * stack the run's plan resolved), records every decision as a
 * `guardrail.decision` event and an audit entry, and turns the verdict into
 * what the engine does next. An enforcer that throws fails closed (E_GUARDRAIL_FAILED).
 */
export class TaskPolicy {
  constructor(private readonly ctx: EngineContext) {}

  /**
   * Around an attempt: sanitized input is kept as the task's input, a
   * sanitized output replaces what a gmi handoff repeats; block throws its
   * error; require_approval (also one asked by a chunk guardrail while the
   * output streamed) throws ApprovalRequired.
   */
  async check(run: LiveRun, task: CompiledTask, attempt: number, phase: Phase, payload: unknown, signal: AbortSignal): Promise<unknown> {
    const verdict = await this.ask(run, task, attempt, phase, payload, signal);
    const current = run.phase === 'active' && run.controllers[task.index] !== undefined && run.fold.tasks[task.id]!.attempt === attempt;
    if (current && verdict.decisions?.length) this.recordDecisions(run, task, attempt, phase, verdict.decisions);
    let approval = verdict.action === 'require_approval' ? verdict.reason : undefined;
    if (phase === 'output') {
      const streamed = run.chunkApprovals.get(task.index);
      if (streamed !== undefined) {
        run.chunkApprovals.delete(task.index);
        approval = approval === undefined ? streamed : `${approval}; ${streamed}`;
      }
    }
    if (verdict.action === 'block') throw verdict.error;
    if (phase === 'input' && verdict.payload !== payload) run.inputs[task.index] = verdict.payload;
    if (phase === 'output' && verdict.payload !== payload) this.ctx.executors.gmi.handOnSanitized(run, task, verdict.payload);
    if (approval !== undefined) throw new ApprovalRequired(phase, verdict.payload, approval, approvers(verdict.decisions));
    return verdict.payload;
  }

  /**
   * Around a compensation of a failing run, under the tags of the task that
   * compensates (or, for `code:` compensations, of the compensated task).
   * Decisions are recorded on the compensated task. Nobody can approve inside
   * a failing run, so require_approval counts as a block there.
   */
  async checkCompensation(run: LiveRun, guarded: CompiledTask, compensated: CompiledTask, phase: Phase, payload: unknown, signal: AbortSignal): Promise<unknown> {
    const attempt = run.fold.tasks[compensated.id]!.attempt;
    const verdict = await this.ask(run, guarded, attempt, phase, payload, signal);
    if (run.phase === 'ending' && verdict.decisions?.length) this.recordDecisions(run, compensated, attempt, phase, verdict.decisions);
    if (verdict.action === 'block') throw verdict.error;
    if (verdict.action === 'require_approval') {
      throw new TroupeError('E_GUARDRAIL_BLOCKED', {
        guardrailId: approvers(verdict.decisions).join(', ') || 'policy',
        phase,
        taskId: guarded.id,
        reason: `${verdict.reason} (a compensation cannot wait for an approval)`,
        tags: guarded.policyTags,
      });
    }
    return verdict.payload;
  }

  /**
   * Around a tool call of the task's gmi seat: its arguments before the tool
   * runs (as `output`), its result before the seat sees it (as `input`).
   * Decisions are recorded on the task with the tool's id. A sanitized payload
   * goes on in place of the original; block throws its error; nobody can
   * approve in the middle of a model call, so require_approval blocks too.
   */
  async checkToolCall(run: LiveRun, task: CompiledTask, attempt: number, toolCall: ToolCallTarget, payload: unknown, signal: AbortSignal): Promise<unknown> {
    const phase = toolCall.part === 'arguments' ? 'output' : 'input';
    const verdict = await this.ask(run, task, attempt, phase, payload, signal, toolCall);
    const current = run.phase === 'active' && run.controllers[task.index] !== undefined && run.fold.tasks[task.id]!.attempt === attempt;
    if (current && verdict.decisions?.length) this.recordDecisions(run, task, attempt, phase, verdict.decisions, toolCall);
    if (verdict.action === 'block') throw verdict.error;
    if (verdict.action === 'require_approval') {
      throw new TroupeError('E_GUARDRAIL_TOOL_CALL_BLOCKED', {
        guardrailId: approvers(verdict.decisions).join(', ') || 'policy',
        toolId: toolCall.toolId,
        part: toolCall.part,
        taskId: task.id,
        reason: `${verdict.reason} (a tool call cannot wait for an approval)`,
        tags: task.policyTags,
      });
    }
    return verdict.payload;
  }

  /** Each decision becomes a `guardrail.decision` event and an audit entry: ids, tag, action, reason, never the payload. */
  recordDecisions(run: LiveRun, task: CompiledTask, attempt: number, phase: Phase | 'chunk', decisions: readonly PolicyDecisionRecord[], toolCall?: ToolCallTarget): void {
    const committer = this.ctx.committer;
    for (const decision of decisions) {
      const data: Record<string, unknown> = { phase, guardrailId: decision.guardrailId, action: decision.action };
      if (toolCall) {
        data.toolId = toolCall.toolId;
        data.part = toolCall.part;
      }
      if (decision.tag !== undefined) data.tag = decision.tag;
      if (decision.reasonCode !== undefined) data.reasonCode = decision.reasonCode;
      if (decision.message !== undefined) data.message = decision.message;
      committer.emit(run, 'guardrail.decision', task.id, attempt, data);
      committer.audit(run, { actor: `guardrail:${decision.guardrailId}`, action: 'guardrail.decision', taskId: task.id, data: { ...data, attempt } });
    }
  }

  private async ask(run: LiveRun, task: CompiledTask, attempt: number, phase: Phase, payload: unknown, signal: AbortSignal, toolCall?: ToolCallTarget): Promise<PolicyVerdict> {
    try {
      return await this.ctx.policy.check(
        {
          runId: run.runId,
          taskId: task.id,
          attempt,
          phase,
          policyTags: task.policyTags,
          signal,
          ...(task.guardrails ? { guardrails: task.guardrails } : {}),
          ...(toolCall ? { toolCall } : {}),
        },
        payload,
      );
    } catch (error) {
      const reason = describeThrown(error);
      return { action: 'block', error: new TroupeError('E_GUARDRAIL_FAILED', { guardrailId: 'policy', reason, phase, taskId: task.id }, { cause: error }) };
    }
  }
}

function approvers(decisions: readonly PolicyDecisionRecord[] | undefined): string[] {
  return (decisions ?? []).filter((decision) => decision.action === 'require_approval').map((decision) => decision.guardrailId);
}
