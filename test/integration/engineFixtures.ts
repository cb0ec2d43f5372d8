import {
  defineCode,
  defineGuardrail,
  defineTool,
  defineWorkflow,
  isTroupeError,
  type ExecutionContext,
  type GuardrailContext,
  type GuardrailDecision,
  type TaskDefinition,
  type WorkflowDefinition,
} from '@troupe/sdk';
import { foldRunEvents } from '@troupe/runtime';
import type { TestEngine } from '@troupe/testing';
import { expect } from 'vitest';

/** A workflow descriptor with version 1.0.0 unless `extra` says otherwise. */
export function workflow(id: string, tasks: readonly TaskDefinition[], extra: Partial<WorkflowDefinition> = {}) {
  return defineWorkflow({ id, version: '1.0.0', tasks, ...extra });
}

/** A tool task that depends on `dependsOn`. */
export function toolTask(id: string, toolId: string, dependsOn: readonly string[] = [], extra: Partial<TaskDefinition> = {}): TaskDefinition {
  return { id, executor: { type: 'tool', toolId }, ...(dependsOn.length ? { dependsOn } : {}), ...extra };
}

/** Records every call (task id, attempt, input) and returns `{ task, ... }` or what `result` gives. */
export function recordingTool(
  id: string,
  calls: { taskId: string; attempt: number; input: unknown; idempotencyKey: string }[],
  result?: (input: unknown, ctx: ExecutionContext) => unknown,
) {
  return defineTool({
    id,
    execute(input, ctx) {
      calls.push({ taskId: ctx.taskId, attempt: ctx.attempt, input, idempotencyKey: ctx.idempotencyKey });
      return result ? result(input, ctx) : { task: ctx.taskId };
    },
  });
}

export const echoTool = defineTool({ id: 'echo', execute: (input) => input });
export const noopTool = defineTool({ id: 'noop', execute: () => null });
export const failTool = defineTool({
  id: 'fail',
  execute: () => {
    throw Object.assign(new Error('tool broke'), { code: 'E_TOOL_BROKE' });
  },
});
export const undoCode = (log: string[]) =>
  defineCode({
    id: 'undo',
    run: (payload) => {
      log.push(`undo:${(payload as { taskId: string }).taskId}`);
      return { undone: (payload as { taskId: string }).taskId };
    },
  });

/** The stored state of a run equals the fold of its stored event log, and seq has no gaps. */
export async function expectConsistentLog(t: TestEngine, runId: string): Promise<void> {
  const events = await t.events(runId);
  events.forEach((event, index) => expect(event.seq).toBe(index + 1));
  const state = await t.engine.getRun(runId);
  expect(foldRunEvents(events)).toEqual(state);
}

/** Awaits a promise that must reject with a TroupeError of `code`; returns the error. */
export async function refusal(promise: Promise<unknown>, code: string) {
  try {
    await promise;
  } catch (error) {
    if (isTroupeError(error) && error.code === code) return error;
    throw new Error(`expected ${code}, got ${isTroupeError(error) ? error.code : String(error)}`, { cause: error });
  }
  throw new Error(`expected a rejection with ${code}, but it resolved`);
}

export function taskStatuses(state: { tasks: Readonly<Record<string, { status: string }>> }): Record<string, string> {
  return Object.fromEntries(Object.entries(state.tasks).map(([id, task]) => [id, task.status]));
}

/** A guardrail that answers the same way in both phases (and for chunks when `chunks` is set). */
export function guardrail(
  id: string,
  decide: (payload: unknown, ctx: GuardrailContext) => GuardrailDecision | Promise<GuardrailDecision>,
  extra: { mode?: 'sanitizer' | 'classifier'; timeoutMs?: number; onError?: 'block' | 'allow'; phases?: readonly ('input' | 'output' | 'chunk')[] } = {},
) {
  const phases = extra.phases ?? ['input', 'output'];
  return defineGuardrail({
    id,
    ...(extra.mode ? { mode: extra.mode } : {}),
    ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
    ...(extra.onError ? { onError: extra.onError } : {}),
    ...(phases.includes('input') ? { evaluateInput: decide } : {}),
    ...(phases.includes('output') ? { evaluateOutput: decide } : {}),
    ...(phases.includes('chunk') ? { evaluateChunk: (chunk: string, ctx: GuardrailContext) => decide(chunk, ctx) } : {}),
  });
}

/** The `guardrail.decision` events of a run as `[taskId, phase, guardrailId, action]`. */
export async function decisionsOf(t: TestEngine, runId: string): Promise<[string | undefined, unknown, unknown, unknown][]> {
  return (await t.events(runId)).filter((e) => e.type === 'guardrail.decision').map((e) => [e.taskId, e.data!.phase, e.data!.guardrailId, e.data!.action]);
}

/** Replaces every string in a JSON value. */
export function mapStrings(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}
