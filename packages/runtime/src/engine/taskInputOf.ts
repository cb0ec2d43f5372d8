import { TroupeError, type RunState, type TaskDefinition, type TaskInputBinding, type TaskInputOf, type WorkflowDefinition } from '@troupe/sdk';
import { compileExpression, type ExpressionScope } from '../expressions/compileExpression.js';
import { EXPRESSION_ROOTS, FOREACH_ROOTS, LOOP_ROOTS } from './compileWorkflow.js';

/**
 * The input a task of a stored run was given, rebuilt as the engine builds it
 * (RunScheduler.taskInput, DynamicTasks): the task's bindings evaluated over
 * the run input, the task states and the start context, or `{ input, upstream }`
 * without bindings; a forEach element adds `item`, a loop round `round`.
 * Pure: it reads only the definition the run was pinned to and the stored run
 * state, whose input and outputs the engine scrubbed of secrets, so nothing
 * here sees a secret. What guardrails made of the input afterwards is not in it.
 * E_TASK_NOT_FOUND for an unknown task, E_TASK_INPUT_UNAVAILABLE for one that
 * never started or an element or round that does not exist.
 */
export function taskInputOf(definition: WorkflowDefinition, run: RunState, taskId: string, instance?: number): TaskInputOf {
  const task = definition.tasks.find((candidate) => candidate.id === taskId);
  const state = run.tasks[taskId];
  if (!task || !state) throw new TroupeError('E_TASK_NOT_FOUND', { runId: run.runId, taskId });
  const unavailable = (reason: string): TroupeError => new TroupeError('E_TASK_INPUT_UNAVAILABLE', { runId: run.runId, taskId, reason });
  if (state.status === 'pending' || (state.attempt === 0 && state.status !== 'ready')) {
    throw unavailable(state.status === 'pending' ? 'it has not started yet' : `it never started (it is ${state.status})`);
  }
  const scope: ExpressionScope = { input: run.input, tasks: run.tasks, context: run.context ?? null };
  if (task.forEach) {
    const items = compileExpression(task.forEach.items, { roots: EXPRESSION_ROOTS }).evaluate(scope);
    if (!Array.isArray(items)) throw unavailable(`its forEach items ("${task.forEach.items}") are not an array`);
    const index = instanceIndex(instance, items.length, 'element', unavailable);
    const item = { value: items[index] as unknown, index };
    const input = task.input ? bind(task.input, FOREACH_ROOTS, { ...scope, item }) : { ...defaultInput(task, run), item: item.value, index };
    return { taskId, input, instance: { kind: 'forEach', index, total: items.length } };
  }
  if (task.loop) {
    const rounds = state.instances ?? [];
    const index = instanceIndex(instance, rounds.length, 'round', unavailable);
    const history = rounds.slice(0, index).map((round) => round.output);
    const round = { index, previous: index === 0 ? null : history[index - 1], history };
    const input = task.input ? bind(task.input, LOOP_ROOTS, { ...scope, round }) : { ...defaultInput(task, run), round };
    return { taskId, input, instance: { kind: 'loop', index, total: rounds.length } };
  }
  return { taskId, input: task.input ? bind(task.input, EXPRESSION_ROOTS, scope) : defaultInput(task, run) };
}

function instanceIndex(asked: number | undefined, total: number, noun: string, unavailable: (reason: string) => TroupeError): number {
  const index = asked ?? 0;
  if (!Number.isInteger(index) || index < 0 || index >= total) {
    throw unavailable(total === 0 ? `it has no ${noun} yet` : `it has ${total} ${noun}${total === 1 ? '' : 's'}, numbered from 0; there is no ${noun} ${index}`);
  }
  return index;
}

/** The bindings as the workflow compiler binds them: a literal, or an expression over the scope. */
function bind(bindings: Readonly<Record<string, TaskInputBinding>>, roots: readonly string[], scope: ExpressionScope): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, binding] of Object.entries(bindings)) value[key] = 'value' in binding ? binding.value : compileExpression(binding.from, { roots }).evaluate(scope);
  return value;
}

/** `{ input, upstream }`: the run input and the output of every completed dependency (RunScheduler.defaultInput). */
function defaultInput(task: TaskDefinition, run: RunState): { input: unknown; upstream: Record<string, unknown> } {
  const upstream: Record<string, unknown> = {};
  for (const id of task.dependsOn ?? []) {
    const dependency = run.tasks[id];
    if (dependency?.status === 'completed') upstream[id] = dependency.output;
  }
  return { input: run.input, upstream };
}
