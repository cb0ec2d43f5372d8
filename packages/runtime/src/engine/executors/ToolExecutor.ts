import { TroupeError } from '@troupe/sdk';
import type { CompiledTask } from '../CompiledWorkflow.js';
import type { EngineContext } from '../EngineContext.js';
import type { LiveRun } from '../LiveRun.js';
import type { TaskExecutor, TaskInstanceRef } from './TaskExecutor.js';
import { executionContext } from './executionContext.js';

/**
 * `tool` tasks, and tool calls a gmi seat makes: the tool's input and output
 * schemas are enforced, and a seat's calls pass the task's guardrails.
 */
export class ToolExecutor implements TaskExecutor {
  constructor(private readonly ctx: EngineContext) {}

  execute(run: LiveRun, task: CompiledTask, attempt: number, input: unknown, controller: AbortController, instance?: TaskInstanceRef): unknown {
    const executor = task.executor;
    if (executor.type !== 'tool') throw new TroupeError('E_INTERNAL', { reason: `task ${task.id} is not a tool task` });
    if (executor.checkInput) {
      const problems = executor.checkInput(input);
      if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${executor.toolId}` });
    }
    const context = executionContext(this.ctx, run, task.id, attempt, controller, `tool:${executor.toolId}`, undefined, instance);
    const output = executor.tool.descriptor.payload.execute(input, context);
    const checkOutput = executor.checkOutput;
    if (!checkOutput) return output;
    return Promise.resolve(output).then((value) => {
      const problems = checkOutput(value);
      if (problems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `tool ${executor.toolId}`, problems });
      return value;
    });
  }

  /**
   * A tool call of a gmi seat (`ctx.callTool`): only tools of the role's list,
   * else E_TOOL_FORBIDDEN. In a task with policy tags the arguments pass the
   * task's guardrails before the tool runs and the result before the seat sees it.
   */
  async callForSeat(run: LiveRun, task: CompiledTask, attempt: number, toolId: string, input: unknown, controller: AbortController): Promise<unknown> {
    const roleId = (task.executor as { roleId: string }).roleId;
    const tool = (run.plan.roleTools.get(roleId) ?? []).find((candidate) => candidate.descriptor.id === toolId);
    if (!tool) {
      const personaId = run.fold.roleAssignments[roleId];
      this.ctx.committer.audit(run, { actor: `role:${roleId}`, action: 'tool.forbidden', taskId: task.id, data: { roleId, personaId, toolId, attempt } });
      throw new TroupeError('E_TOOL_FORBIDDEN', { roleId, toolId, taskId: task.id });
    }
    controller.signal.throwIfAborted();
    const payload = tool.descriptor.payload;
    const validators = this.ctx.validators;
    // In the order of a tool task: guardrails, then the schema, on the way in; the other way round on the way out.
    const guarded = task.policyTags.length > 0;
    const policy = this.ctx.taskPolicy;
    const args = guarded ? await policy.checkToolCall(run, task, attempt, { toolId, part: 'arguments' }, input, controller.signal) : input;
    controller.signal.throwIfAborted();
    const problems = payload.inputSchema === undefined ? undefined : validators.compile(payload.inputSchema)(args);
    if (problems) throw new TroupeError('E_INPUT_INVALID', { problems, schemaOf: `the inputSchema of tool ${toolId}` });
    const context = executionContext(this.ctx, run, task.id, attempt, controller, `tool:${toolId}`);
    const output = await payload.execute(args, context);
    const outProblems = payload.outputSchema === undefined ? undefined : validators.compile(payload.outputSchema)(output);
    if (outProblems) throw new TroupeError('E_OUTPUT_INVALID', { subject: `tool ${toolId}`, problems: outProblems });
    return guarded ? policy.checkToolCall(run, task, attempt, { toolId, part: 'result' }, output, controller.signal) : output;
  }
}
