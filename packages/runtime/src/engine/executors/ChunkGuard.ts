import { TroupeError, describeThrown } from '@troupe/sdk';
import type { ChunkCheck, ChunkVerdict, PolicyEnforcer } from '../../policy/PolicyEnforcer.js';
import type { CompiledTask } from '../CompiledWorkflow.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';

/**
 * Streamed model chunks of one guarded attempt, checked one at a time in
 * order (`checkChunk`): an allowed chunk (or its sanitized text) goes on to
 * the seat preview; a block stops the model call and fails the task; a
 * require_approval withholds the chunk and makes the output wait for a human.
 */
export class ChunkGuard {
  private chain: Promise<void> = Promise.resolve();
  /** The error of a block: the attempt fails with it. */
  blocked: TroupeError | undefined;
  private readonly approvalReasons = new Set<string>();

  constructor(
    private readonly ctx: EngineContext,
    private readonly policy: PolicyEnforcer & Required<Pick<PolicyEnforcer, 'checkChunk'>>,
    private readonly run: LiveRun,
    private readonly task: CompiledTask,
    private readonly attempt: number,
    private readonly controller: AbortController,
    private readonly deliver: (chunk: string) => void,
  ) {}

  /** Whether the task's chunks must be checked: it is tagged and a guardrail of its stack reads chunks. */
  static applies(policy: PolicyEnforcer, task: CompiledTask): policy is PolicyEnforcer & Required<Pick<PolicyEnforcer, 'checkChunk'>> {
    if (task.policyTags.length === 0 || typeof policy.checkChunk !== 'function') return false;
    return task.guardrails === undefined || task.guardrails.some((stacked) => typeof stacked.guardrail.descriptor.payload.evaluateChunk === 'function');
  }

  push(chunk: string): void {
    if (typeof chunk !== 'string' || this.blocked) return;
    this.chain = this.chain.then(() => this.check(chunk));
  }

  /** Resolves once every chunk pushed so far was checked. */
  settled(): Promise<void> {
    return this.chain;
  }

  /** Why guardrails want the output approved (each reason once), if any did. */
  get approvalReason(): string | undefined {
    return this.approvalReasons.size === 0 ? undefined : [...this.approvalReasons].join('; ');
  }

  private async check(chunk: string): Promise<void> {
    if (this.blocked) return;
    const { run, task, attempt } = this;
    const check: ChunkCheck = {
      runId: run.runId,
      taskId: task.id,
      attempt,
      phase: 'chunk',
      policyTags: task.policyTags,
      signal: this.controller.signal,
      ...(task.guardrails ? { guardrails: task.guardrails } : {}),
    };
    let verdict: ChunkVerdict;
    try {
      verdict = await this.policy.checkChunk(check, chunk);
    } catch (error) {
      verdict = { action: 'block', error: new TroupeError('E_GUARDRAIL_FAILED', { guardrailId: 'policy', reason: describeThrown(error), phase: 'chunk', taskId: task.id }) };
    }
    const current = run.phase === 'active' && run.controllers[task.index] === this.controller;
    // Allowed chunks are not recorded one by one: a stream has thousands.
    const notable = verdict.decisions?.filter((decision) => decision.action !== 'allow');
    if (current && notable?.length) this.ctx.taskPolicy.recordDecisions(run, task, attempt, 'chunk', notable);
    if (verdict.action === 'block') {
      this.blocked = verdict.error;
      this.controller.abort(verdict.error);
    } else if (verdict.action === 'require_approval') {
      this.approvalReasons.add(verdict.reason);
    } else if (current) {
      this.deliver(verdict.chunk);
    }
  }
}
