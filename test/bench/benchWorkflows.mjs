// The workflows every engine benchmark runs: no-op tool tasks in three shapes.
import { defineTool, defineWorkflow } from '@troupe/sdk';
import { DescriptorRegistry } from '@troupe/runtime';

export const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
export const noopTool = defineTool({ id: 'noop', execute: () => null });

function chain(id, length) {
  return defineWorkflow({
    id,
    version: '1.0.0',
    tasks: Array.from({ length }, (_, i) => ({ id: `t${i}`, executor: { type: 'tool', toolId: 'noop' }, ...(i ? { dependsOn: [`t${i - 1}`] } : {}) })),
  });
}

function fanOut(id, total) {
  const branches = Array.from({ length: total - 2 }, (_, i) => `b${i}`);
  return defineWorkflow({
    id,
    version: '1.0.0',
    tasks: [
      { id: 'root', executor: { type: 'tool', toolId: 'noop' } },
      ...branches.map((b) => ({ id: b, executor: { type: 'tool', toolId: 'noop' }, dependsOn: ['root'] })),
      { id: 'join', executor: { type: 'tool', toolId: 'noop' }, dependsOn: branches },
    ],
  });
}

/** A registry holding the no-op tool and the workflows chain-10, chain-100, chain-1000 and fan-1000. */
export function benchRegistry() {
  const registry = new DescriptorRegistry();
  registry.register('bench', '1.0.0', [noopTool, chain('chain-10', 10), chain('chain-100', 100), chain('chain-1000', 1000), fanOut('fan-1000', 1000)]);
  return registry;
}
