import {
  TroupeError,
  workflowDefinitionSchema,
  type DescriptorKind,
  type RoleDefinition,
  type TaskDefinition,
  type TaskInputBinding,
  type WorkflowDefinition, describeThrown } from '@troupe/sdk';
import satisfies from 'semver/functions/satisfies.js';
import validVersion from 'semver/functions/valid.js';
import { compileExpression, type CompiledExpression, type ExpressionScope } from '../expressions/compileExpression.js';
import type { PathNode } from '../expressions/ExpressionAst.js';
import type { ActiveDescriptor, DescriptorLookup } from '../registry/DescriptorRegistry.js';
import { resolveGuardrailStack, type StackedGuardrail } from '../policy/resolveGuardrailStack.js';
import type {
  CompiledBinding,
  CompiledCompensation,
  CompiledExecutor,
  CompiledForEach,
  CompiledLoop,
  CompiledRetry,
  CompiledTask,
  CompiledWorkflow,
  JoinPolicy,
} from './CompiledWorkflow.js';
import { hashDefinition } from './hashDefinition.js';
import { sharedSchemaValidators, type SchemaCheck, type SchemaValidators } from './SchemaValidators.js';
import { WorkflowInvalidError } from './WorkflowInvalidError.js';

export interface CompileOptions {
  readonly validators?: SchemaValidators;
  /**
   * Policy tag → guardrail ids. When given, every tag of the workflow and its
   * tasks must have a stack (E_POLICY_UNKNOWN) of active guardrails
   * (E_GUARDRAIL_NOT_FOUND), and each task carries its resolved stack.
   */
  readonly policies?: Readonly<Record<string, readonly string[]>>;
}

/** Names expressions may read: the run input, task states and the start context. */
export const EXPRESSION_ROOTS = ['input', 'tasks', 'context'] as const;
/** A forEach task's input may also read its element; a loop task's input and `until` its round. */
export const FOREACH_ROOTS = [...EXPRESSION_ROOTS, 'item'] as const;
export const LOOP_ROOTS = [...EXPRESSION_ROOTS, 'round'] as const;

export const DEFAULT_RETRY_INITIAL_DELAY_MS = 1000;
export const DEFAULT_RETRY_MAX_DELAY_MS = 60_000;

const COMPENSATION_CODE_PREFIX = 'code:';

/**
 * Checks a definition against the active descriptors and turns it into an
 * immutable plan. Every problem is collected (duplicate ids, unknown
 * dependencies, cycles, unknown roles and executor references, bad
 * expressions, bad schemas) and thrown together as E_WORKFLOW_INVALID.
 */
export function compileWorkflow(definition: WorkflowDefinition, lookup: DescriptorLookup, options: CompileOptions = {}): CompiledWorkflow {
  return new WorkflowCompiler(definition, lookup, options.validators ?? sharedSchemaValidators, options.policies).compile();
}

class WorkflowCompiler {
  private readonly problems: TroupeError[] = [];
  private readonly refs = new Map<string, ActiveDescriptor>();
  private readonly secrets = new Set<string>();
  /** Per tag, the guardrails of its stack (problems are reported once per tag). */
  private readonly tagStacks = new Map<string, readonly StackedGuardrail[]>();
  /** A lookup that records what it resolves, so the plan is dropped when a guardrail changes. */
  private readonly recordingLookup: DescriptorLookup = {
    get: (kind, id) => this.resolve(kind, id),
    list: (kind) => this.lookup.list(kind),
  };

  constructor(
    private readonly definition: WorkflowDefinition,
    private readonly lookup: DescriptorLookup,
    private readonly validators: SchemaValidators,
    private readonly policies: Readonly<Record<string, readonly string[]>> | undefined,
  ) {}

  compile(): CompiledWorkflow {
    const definition = this.definition;
    const workflowId = typeof definition?.id === 'string' ? definition.id : '<unnamed>';
    const shapeProblems = this.validators.compile(workflowDefinitionSchema)(definition);
    if (shapeProblems) {
      throw new WorkflowInvalidError(
        workflowId,
        shapeProblems.map((problem) => {
          const [path = '/', ...rest] = problem.split(' ');
          return new TroupeError('E_WORKFLOW_SCHEMA_INVALID', { workflowId, path, problem: rest.join(' ') });
        }),
      );
    }
    if (!validVersion(definition.version)) {
      this.problems.push(new TroupeError('E_WORKFLOW_SCHEMA_INVALID', { workflowId, path: '/version', problem: `"${definition.version}" is not a semver version` }));
    }

    const defs = definition.tasks;
    const byId = new Map<string, number>();
    defs.forEach((task, index) => {
      if (byId.has(task.id)) this.problems.push(new TroupeError('E_TASK_DUPLICATE_ID', { taskId: task.id }));
      else byId.set(task.id, index);
    });

    const roles = new Map<string, RoleDefinition>();
    for (const role of definition.roles ?? []) roles.set(role.roleId, role);
    const roleTools = this.compileRoles(roles);
    for (const id of definition.requiredSecrets ?? []) this.secrets.add(id);

    // Dependencies as indices; unknown ids are reported and dropped.
    const deps: number[][] = defs.map((task) => {
      const found = new Set<number>();
      for (const dependency of task.dependsOn ?? []) {
        const index = byId.get(dependency);
        if (index === undefined) this.problems.push(new TroupeError('E_TASK_UNKNOWN_DEPENDENCY', { taskId: task.id, dependency }));
        else found.add(index);
      }
      return [...found];
    });
    const dependants: number[][] = defs.map(() => []);
    deps.forEach((list, index) => {
      for (const dep of list) dependants[dep]!.push(index);
    });
    const acyclic = this.checkCycles(defs, deps);

    const compensationOnly = this.findCompensationTasks(defs, byId, deps, dependants);
    const workflowTags = definition.policyTags ?? [];
    this.guardrailsOf(workflowTags, 'the workflow');

    const tasks: CompiledTask[] = defs.map((task, index) => {
      const expressionCheck = { task, index, deps, byId, acyclic, compensation: compensationOnly.has(index) };
      const when = task.when === undefined ? undefined : this.expression(task.when, `tasks.${task.id}.when`, expressionCheck);
      const dynamic = this.dynamic(task, expressionCheck);
      const input = task.input === undefined ? undefined : this.bindings(task.input, { ...expressionCheck, roots: dynamic.roots });
      const executor = this.executor(task, roles);
      const join: JoinPolicy = task.joinPolicy ?? 'any_completed';
      const policyTags = task.policyTags?.length ? [...new Set([...workflowTags, ...task.policyTags])] : workflowTags;
      const guardrails = this.guardrailsOf(policyTags, `task ${task.id}`);
      const checkInput = this.optionalCheck('checkInput', task.inputSchema, `/tasks/${index}/inputSchema`);
      const checkOutput = this.optionalCheck('checkOutput', task.outputSchema, `/tasks/${index}/outputSchema`);
      const direct =
        !dynamic.forEach &&
        !dynamic.loop &&
        policyTags.length === 0 &&
        !checkInput.checkInput &&
        !checkOutput.checkOutput &&
        (executor.type === 'code' || (executor.type === 'tool' && !executor.checkInput && !executor.checkOutput));
      const compiled: CompiledTask = {
        index,
        id: task.id,
        definition: task,
        deps: deps[index]!,
        dependants: dependants[index]!,
        join,
        ...(when ? { when } : {}),
        ...(input ? { input } : {}),
        executor,
        ...checkInput,
        ...checkOutput,
        ...(task.retry ? { retry: compileRetry(task.retry) } : {}),
        ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
        policyTags,
        ...(guardrails ? { guardrails } : {}),
        ...this.compensation(task, byId),
        requiredSecrets: this.executorSecrets(executor),
        failureHandled: dependants[index]!.some((d) => (defs[d]!.joinPolicy ?? 'any_completed') === 'all_settled'),
        compensationOnly: compensationOnly.has(index),
        direct,
        ...(dynamic.forEach ? { forEach: dynamic.forEach } : {}),
        ...(dynamic.loop ? { loop: dynamic.loop } : {}),
      };
      return compiled;
    });

    const runnable = tasks.filter((task) => !task.compensationOnly).map((task) => task.index);
    const roots = runnable.filter((index) => tasks[index]!.deps.length === 0);
    const sinks = runnable.filter((index) => tasks[index]!.dependants.every((d) => tasks[d]!.compensationOnly));

    let output: CompiledBinding | undefined;
    if (definition.output !== undefined) {
      const check = { task: undefined, index: -1, deps, byId, acyclic, compensation: false };
      output = isBinding(definition.output)
        ? this.binding(definition.output, 'output', check)
        : this.bindings(definition.output as Record<string, TaskInputBinding>, check);
    }
    const checkGoal = this.schema(definition.goalSchema, '/goalSchema');
    const checkFinalOutput = this.schema(definition.finalOutputSchema, '/finalOutputSchema');

    if (this.problems.length > 0) throw new WorkflowInvalidError(workflowId, this.problems);
    let hash: string | undefined;
    return {
      definition,
      // Hashed when a run first pins it, not at start (a host with many workflows compiles them all there), then kept.
      get hash() {
        return (hash ??= hashDefinition(definition));
      },
      tasks,
      byId,
      runnable,
      runnableIds: runnable.map((index) => tasks[index]!.id),
      roots,
      sinks,
      roles,
      ...(checkGoal ? { checkGoal } : {}),
      ...(checkFinalOutput ? { checkFinalOutput } : {}),
      ...(output ? { output } : {}),
      requiredSecrets: [...this.secrets],
      roleTools,
      refs: [...this.refs.values()],
      ...(this.policies ? { policies: this.policies } : {}),
    };
  }

  private resolve<K extends DescriptorKind>(kind: K, id: string): ActiveDescriptor<K> | undefined {
    const found = this.lookup.get(kind, id);
    if (found) this.refs.set(`${kind}:${id}`, found);
    return found;
  }

  /**
   * With policies: the guardrails the tags put a task under, in stack order
   * (each guardrail once). A tag without a stack (E_POLICY_UNKNOWN) or naming an
   * inactive guardrail (E_GUARDRAIL_NOT_FOUND) is a problem: never silently unguarded.
   */
  private guardrailsOf(tags: readonly string[], usedBy: string): readonly StackedGuardrail[] | undefined {
    const policies = this.policies;
    if (!policies || tags.length === 0) return undefined;
    const result: StackedGuardrail[] = [];
    const seen = new Set<string>();
    for (const tag of tags) {
      let stack = this.tagStacks.get(tag);
      if (!stack) {
        const resolved = resolveGuardrailStack([tag], policies, this.recordingLookup);
        for (const problem of resolved.problems) this.problems.push(new TroupeError(problem.code, { ...problem.details, usedBy }));
        stack = resolved.guardrails;
        this.tagStacks.set(tag, stack);
      }
      for (const stacked of stack) {
        if (seen.has(stacked.guardrail.descriptor.id)) continue;
        seen.add(stacked.guardrail.descriptor.id);
        result.push(stacked);
      }
    }
    return result;
  }

  private compileRoles(roles: ReadonlyMap<string, RoleDefinition>): Map<string, readonly ActiveDescriptor<'tool'>[]> {
    const result = new Map<string, readonly ActiveDescriptor<'tool'>[]>();
    for (const role of roles.values()) {
      // A named persona is checked now; capability matches are resolved at start.
      if (role.personaId !== undefined && !role.capabilities?.length && !this.resolve('persona', role.personaId)) {
        this.problems.push(new TroupeError('E_TASK_UNKNOWN_EXECUTOR_REF', { taskId: `role:${role.roleId}`, kind: 'persona', ref: role.personaId }));
      }
      const tools: ActiveDescriptor<'tool'>[] = [];
      for (const toolId of role.tools ?? []) {
        const tool = this.resolve('tool', toolId);
        if (!tool) {
          this.problems.push(new TroupeError('E_TASK_UNKNOWN_EXECUTOR_REF', { taskId: `role:${role.roleId}`, kind: 'tool', ref: toolId }));
          continue;
        }
        tools.push(tool);
        for (const id of tool.descriptor.payload.requiredSecrets ?? []) this.secrets.add(id);
      }
      result.set(role.roleId, tools);
    }
    return result;
  }

  /** Reports each cycle once, naming its tasks in order; true when there is none. */
  private checkCycles(defs: readonly TaskDefinition[], deps: readonly number[][]): boolean {
    const state = new Uint8Array(defs.length); // 0 new, 1 on the stack, 2 done
    const reported = new Uint8Array(defs.length);
    let acyclic = true;
    for (let start = 0; start < defs.length; start++) {
      if (state[start] !== 0) continue;
      // Iterative DFS: a definition with thousands of chained tasks must not overflow the stack.
      const stack: number[] = [start];
      const edge: number[] = [0];
      state[start] = 1;
      while (stack.length > 0) {
        const top = stack.length - 1;
        const node = stack[top]!;
        const next = deps[node]![edge[top]!++];
        if (next === undefined) {
          state[node] = 2;
          stack.pop();
          edge.pop();
          continue;
        }
        if (state[next] === 0) {
          state[next] = 1;
          stack.push(next);
          edge.push(0);
        } else if (state[next] === 1) {
          acyclic = false;
          const cycle = stack.slice(stack.indexOf(next));
          if (cycle.some((index) => reported[index])) continue;
          for (const index of cycle) reported[index] = 1;
          // The stack runs from dependant to dependency: reverse it to execution order, and
          // start at the task defined first so the same cycle always reads the same.
          const order = cycle.reverse();
          const first = order.indexOf(Math.min(...order));
          const names = [...order.slice(first), ...order.slice(0, first)].map((index) => defs[index]!.id);
          this.problems.push(new TroupeError('E_TASK_CYCLE', { cycle: [...names, names[0]!].join(' → '), tasks: names }));
        }
      }
    }
    return acyclic;
  }

  private findCompensationTasks(
    defs: readonly TaskDefinition[],
    byId: ReadonlyMap<string, number>,
    deps: readonly number[][],
    dependants: readonly number[][],
  ): Set<number> {
    const found = new Set<number>();
    for (const task of defs) {
      const ref = task.compensate;
      if (ref === undefined || ref.startsWith(COMPENSATION_CODE_PREFIX)) continue;
      const index = byId.get(ref);
      if (index === undefined) continue;
      if (index === byId.get(task.id)) {
        this.problems.push(new TroupeError('E_TASK_COMPENSATION_INVALID', { taskId: task.id, ref, reason: 'a task cannot compensate itself' }));
      } else if (defs[index]!.executor.type !== 'tool' && defs[index]!.executor.type !== 'code') {
        this.problems.push(
          new TroupeError('E_TASK_COMPENSATION_INVALID', { taskId: task.id, ref, reason: `task ${ref} is a ${defs[index]!.executor.type} task; only tool and code tasks can compensate` }),
        );
      } else if (deps[index]!.length > 0 || dependants[index]!.length > 0) {
        this.problems.push(
          new TroupeError('E_TASK_COMPENSATION_INVALID', { taskId: task.id, ref, reason: `task ${ref} takes part in the graph (it has dependencies or dependants)` }),
        );
      } else {
        found.add(index);
      }
    }
    return found;
  }

  private compensation(task: TaskDefinition, byId: ReadonlyMap<string, number>): { compensate?: CompiledCompensation } {
    const ref = task.compensate;
    if (ref === undefined) return {};
    if (ref.startsWith(COMPENSATION_CODE_PREFIX)) {
      const codeId = ref.slice(COMPENSATION_CODE_PREFIX.length);
      const code = this.resolve('code', codeId);
      if (!code) {
        this.problems.push(new TroupeError('E_TASK_UNKNOWN_EXECUTOR_REF', { taskId: task.id, kind: 'code', ref: codeId }));
        return {};
      }
      for (const id of code.descriptor.payload.requiredSecrets ?? []) this.secrets.add(id);
      return { compensate: { kind: 'code', codeId, code } };
    }
    const index = byId.get(ref);
    if (index === undefined) {
      this.problems.push(new TroupeError('E_TASK_UNKNOWN_EXECUTOR_REF', { taskId: task.id, kind: 'compensation task', ref }));
      return {};
    }
    return { compensate: { kind: 'task', index } };
  }

  private executor(task: TaskDefinition, roles: ReadonlyMap<string, RoleDefinition>): CompiledExecutor {
    const spec = task.executor;
    const missing = (kind: string, ref: string): void => {
      this.problems.push(new TroupeError('E_TASK_UNKNOWN_EXECUTOR_REF', { taskId: task.id, kind, ref }));
    };
    switch (spec.type) {
      case 'tool': {
        const tool = this.resolve('tool', spec.toolId);
        if (!tool) missing('tool', spec.toolId);
        const payload = tool?.descriptor.payload;
        return {
          type: 'tool',
          toolId: spec.toolId,
          tool: tool as ActiveDescriptor<'tool'>,
          ...this.optionalCheck('checkInput', payload?.inputSchema, `tool:${spec.toolId} inputSchema`),
          ...this.optionalCheck('checkOutput', payload?.outputSchema, `tool:${spec.toolId} outputSchema`),
        };
      }
      case 'code': {
        const code = this.resolve('code', spec.codeId);
        if (!code) missing('code', spec.codeId);
        return { type: 'code', codeId: spec.codeId, code: code as ActiveDescriptor<'code'> };
      }
      case 'gmi':
        if (!roles.has(spec.roleId)) this.problems.push(new TroupeError('E_TASK_UNKNOWN_ROLE', { taskId: task.id, roleId: spec.roleId }));
        return {
          type: 'gmi',
          roleId: spec.roleId,
          ...(spec.instructions !== undefined ? { instructions: spec.instructions } : {}),
          outputFormat: spec.outputFormat ?? 'text',
        };
      case 'human':
        return {
          type: 'human',
          mode: spec.mode,
          ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
          ...(spec.assignee !== undefined ? { assignee: spec.assignee } : {}),
        };
      case 'workflow': {
        const workflow = this.resolve('workflow', spec.workflowId);
        const version = workflow?.descriptor.payload.definition.version;
        const fits = workflow && (spec.versionRange === undefined || (version !== undefined && satisfies(version, spec.versionRange)));
        if (!fits) missing('workflow', spec.versionRange ? `${spec.workflowId}@${spec.versionRange}` : spec.workflowId);
        if (spec.workflowId === this.definition.id) {
          this.problems.push(new TroupeError('E_TASK_CYCLE', { cycle: `${this.definition.id} → ${this.definition.id} (task ${task.id} starts its own workflow)`, tasks: [task.id] }));
        }
        return {
          type: 'workflow',
          workflowId: spec.workflowId,
          ...(spec.versionRange !== undefined ? { versionRange: spec.versionRange } : {}),
          workflow: workflow as ActiveDescriptor<'workflow'>,
        };
      }
    }
  }

  private executorSecrets(executor: CompiledExecutor): readonly string[] {
    let ids: readonly string[] | undefined;
    if (executor.type === 'tool') ids = executor.tool?.descriptor.payload.requiredSecrets;
    else if (executor.type === 'code') ids = executor.code?.descriptor.payload.requiredSecrets;
    for (const id of ids ?? []) this.secrets.add(id);
    return ids ?? [];
  }

  private schema(schema: unknown, where: string): SchemaCheck | undefined {
    if (schema === undefined) return undefined;
    try {
      return this.validators.compile(schema as Exclude<TaskDefinition['inputSchema'], undefined>);
    } catch (error) {
      this.problems.push(
        new TroupeError('E_WORKFLOW_SCHEMA_INVALID', {
          workflowId: this.definition.id,
          path: where,
          problem: `the JSON Schema is invalid: ${describeThrown(error)}`,
        }),
      );
      return undefined;
    }
  }

  private optionalCheck<K extends string>(key: K, schema: unknown, where: string): { [P in K]?: SchemaCheck } {
    const check = this.schema(schema, where);
    return (check ? { [key]: check } : {}) as { [P in K]?: SchemaCheck };
  }

  /**
   * A forEach or loop: one of them at most, with an executor it can repeat and
   * its bound; its expressions compiled (the items over upstream tasks, the
   * stop condition over the round too). Returns the roots the task's input may read.
   */
  private dynamic(task: TaskDefinition, check: ExpressionCheck): { roots: readonly string[]; forEach?: CompiledForEach; loop?: CompiledLoop } {
    const { forEach, loop } = task;
    if (forEach === undefined && loop === undefined) return { roots: EXPRESSION_ROOTS };
    const invalid = (reason: string): void => {
      this.problems.push(new TroupeError('E_TASK_DYNAMIC_INVALID', { taskId: task.id, reason }));
    };
    const type = task.executor.type;
    if (forEach !== undefined && loop !== undefined) invalid('it has both forEach and loop; split it into two tasks');
    if (check.compensation) invalid('a compensation task runs once, it cannot be a forEach or a loop');
    if (forEach !== undefined) {
      if (type !== 'tool' && type !== 'code' && type !== 'gmi') invalid(`forEach runs tool, code and gmi executors, not ${type}`);
      const items = this.expression(forEach.items, `tasks.${task.id}.forEach.items`, check);
      if (items === undefined) return { roots: FOREACH_ROOTS };
      return { roots: FOREACH_ROOTS, forEach: { items, maxItems: forEach.maxItems, concurrency: Math.min(forEach.concurrency ?? 1, forEach.maxItems) } };
    }
    const spec = loop!;
    if (type === 'human') invalid('loop runs tool, code, gmi and workflow executors, not human');
    const until = this.expression(spec.until, `tasks.${task.id}.loop.until`, { ...check, roots: LOOP_ROOTS });
    if (until === undefined) return { roots: LOOP_ROOTS };
    return { roots: LOOP_ROOTS, loop: { maxRounds: spec.maxRounds, until, onMaxRounds: spec.onMaxRounds ?? 'fail' } };
  }

  private expression(source: string, where: string, check: ExpressionCheck): CompiledExpression | undefined {
    try {
      const expression = compileExpression(source, { roots: check.roots ?? EXPRESSION_ROOTS });
      for (const path of expression.paths) this.checkTaskPath(source, path, check);
      return expression;
    } catch (error) {
      if (error instanceof TroupeError) {
        this.problems.push(new TroupeError(error.code, { ...error.details, where }));
        return undefined;
      }
      throw error;
    }
  }

  /** `tasks.<id>` must name a task, and (inside a task) one that ends before it starts. */
  private checkTaskPath(source: string, path: PathNode, check: ExpressionCheck): void {
    if (path.root !== 'tasks') return;
    const target = path.segments[0];
    if (target === undefined) return;
    const index = check.byId.get(String(target));
    const fail = (reason: string): void => {
      throw new TroupeError('E_EXPRESSION_INVALID', { expression: source, position: path.position, reason });
    };
    if (index === undefined) return fail(`unknown task "${target}"`);
    // A compensation task runs after the graph: every task is behind it.
    if (check.task === undefined || !check.acyclic || check.compensation) return;
    if (!isUpstream(index, check.index, check.deps)) {
      fail(`task "${target}" is not upstream of "${check.task.id}"; add it to dependsOn (directly or through another task)`);
    }
  }

  private binding(binding: TaskInputBinding, where: string, check: ExpressionCheck): CompiledBinding | undefined {
    if ('value' in binding) {
      const { value } = binding;
      return () => value;
    }
    const expression = this.expression(binding.from, where, check);
    return expression && ((scope: ExpressionScope) => expression.evaluate(scope));
  }

  private bindings(bindings: Readonly<Record<string, TaskInputBinding>>, check: ExpressionCheck): CompiledBinding | undefined {
    const where = check.task ? `tasks.${check.task.id}.input` : 'output';
    const entries: [string, CompiledBinding][] = [];
    let complete = true;
    for (const [key, binding] of Object.entries(bindings)) {
      const compiled = this.binding(binding, `${where}.${key}`, check);
      if (compiled) entries.push([key, compiled]);
      else complete = false;
    }
    if (!complete) return undefined;
    return (scope) => {
      const value: Record<string, unknown> = {};
      for (const [key, build] of entries) value[key] = build(scope);
      return value;
    };
  }
}

interface ExpressionCheck {
  readonly task: TaskDefinition | undefined;
  /** Root names the expression may read; default EXPRESSION_ROOTS. */
  readonly roots?: readonly string[];
  readonly index: number;
  readonly deps: readonly number[][];
  readonly byId: ReadonlyMap<string, number>;
  readonly acyclic: boolean;
  readonly compensation: boolean;
}

function isBinding(value: unknown): value is TaskInputBinding {
  return typeof value === 'object' && value !== null && ('from' in value || 'value' in value);
}

/** Whether `ancestor` is reachable from `task` through dependsOn. */
function isUpstream(ancestor: number, task: number, deps: readonly number[][]): boolean {
  const seen = new Set<number>();
  const stack = [...deps[task]!];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === ancestor) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...deps[next]!);
  }
  return false;
}

function compileRetry(retry: NonNullable<TaskDefinition['retry']>): CompiledRetry {
  return {
    maxAttempts: retry.maxAttempts,
    backoff: retry.backoff ?? 'exponential',
    initialDelayMs: retry.initialDelayMs ?? DEFAULT_RETRY_INITIAL_DELAY_MS,
    maxDelayMs: retry.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS,
    jitter: retry.jitter ?? true,
    ...(retry.retryOn ? { retryOn: new Set(retry.retryOn) } : {}),
  };
}
