import { TroupeError, type ModelUsage, type UsageBudget } from '@troupe/sdk';
import type { CompiledTask } from '../CompiledWorkflow.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import { usageData } from '../usageTotals.js';

/**
 * The model usage of one gmi attempt: each call a provider reports becomes a
 * `model.usage` event, and the task's budget (this attempt) and the run's
 * budget (every call of the run) are checked after it. Exceeding one aborts
 * the attempt with E_BUDGET_EXCEEDED: a seat looping on tools stops at once.
 */
export class UsageMeter {
  /** Calls recorded through the provider context. */
  calls = 0;
  /** Set once a budget is exceeded; the attempt fails with it. */
  exceeded: TroupeError | undefined;
  private tokens = 0;
  private cost = 0;

  constructor(
    private readonly ctx: EngineContext,
    private readonly run: LiveRun,
    private readonly task: CompiledTask,
    private readonly attempt: number,
    private readonly roleId: string,
    private readonly controller: AbortController,
  ) {}

  /** A run whose budget is already spent makes no further model call. */
  checkBeforeCall(): void {
    const budget = this.run.plan.definition.budget;
    const used = this.run.fold.usage;
    if (!budget || !used) return;
    const error = overBudget('run', budget, used.inputTokens + used.outputTokens, used.costUsd ?? 0, this.task.id, true);
    if (error) throw error;
  }

  record(usage: ModelUsage): void {
    const run = this.run;
    if (run.phase === 'ended' || run.phase === 'detached' || typeof usage !== 'object' || usage === null) return;
    const data = usageData(this.roleId, usage);
    this.ctx.committer.emitUsage(run, this.task.id, this.attempt, data);
    this.calls++;
    this.tokens += data.inputTokens + data.outputTokens;
    this.cost += data.costUsd ?? 0;
    if (this.exceeded) return;
    const taskBudget = this.task.definition.budget;
    const runBudget = run.plan.definition.budget;
    const runUsed = run.fold.usage;
    this.exceeded =
      (taskBudget ? overBudget('task', taskBudget, this.tokens, this.cost, this.task.id, false) : undefined) ??
      (runBudget && runUsed ? overBudget('run', runBudget, runUsed.inputTokens + runUsed.outputTokens, runUsed.costUsd ?? 0, this.task.id, false) : undefined);
    if (this.exceeded && run.controllers[this.task.index] === this.controller) this.controller.abort(this.exceeded);
  }
}

/** The error when `used` is over the budget (or, before a call, has reached it). */
function overBudget(scope: 'task' | 'run', budget: UsageBudget, tokens: number, cost: number, taskId: string, reached: boolean): TroupeError | undefined {
  const over = (used: number, limit: number): boolean => (reached ? used >= limit : used > limit);
  if (budget.maxTokens !== undefined && over(tokens, budget.maxTokens)) {
    return new TroupeError('E_BUDGET_EXCEEDED', { scope, limit: budget.maxTokens, unit: 'tokens', used: tokens, taskId });
  }
  if (budget.maxCostUsd !== undefined && over(cost, budget.maxCostUsd)) {
    return new TroupeError('E_BUDGET_EXCEEDED', { scope, limit: budget.maxCostUsd, unit: 'USD', used: Number(cost.toFixed(6)), taskId });
  }
  return undefined;
}
