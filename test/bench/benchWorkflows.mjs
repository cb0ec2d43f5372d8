// The workflows every engine benchmark runs: no-op tool tasks in three shapes.
import { defineTool, defineWorkflow } from '@troupe/sdk';
import { DescriptorRegistry } from '@troupe/runtime';

export const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
export const noopTool = defineTool({ id: 'noop', execute: () => null });

/** A chain of `length` tasks of one tool. */
export function chain(id, length, toolId = 'noop') {
  return defineWorkflow({
    id,
    version: '1.0.0',
    tasks: Array.from({ length }, (_, i) => ({ id: `t${i}`, executor: { type: 'tool', toolId }, ...(i ? { dependsOn: [`t${i - 1}`] } : {}) })),
  });
}

/** A root, `total - 2` branches on it and a join of them all, each a task of one tool. */
export function fanOut(id, total, toolId = 'noop') {
  const branches = Array.from({ length: total - 2 }, (_, i) => `b${i}`);
  return defineWorkflow({
    id,
    version: '1.0.0',
    tasks: [
      { id: 'root', executor: { type: 'tool', toolId } },
      ...branches.map((b) => ({ id: b, executor: { type: 'tool', toolId }, dependsOn: ['root'] })),
      { id: 'join', executor: { type: 'tool', toolId }, dependsOn: branches },
    ],
  });
}

/** A registry holding the no-op tool and the workflows chain-10, chain-100, chain-1000 and fan-1000. */
export function benchRegistry() {
  const registry = new DescriptorRegistry();
  registry.register('bench', '1.0.0', [noopTool, chain('chain-10', 10), chain('chain-100', 100), chain('chain-1000', 1000), fanOut('fan-1000', 1000)]);
  return registry;
}

/** Starts `count` runs of a workflow on a runs API (a WorkflowEngine, or `host.engine`) and waits until each completed. */
export async function runToCompletion(runs, id, count) {
  const started = await Promise.all(Array.from({ length: count }, () => runs.startWorkflow(id)));
  const done = await Promise.all(started.map((run) => runs.wait(run.runId)));
  if (done.some((run) => run.status !== 'completed')) throw new Error(`a ${id} run did not complete`);
}
