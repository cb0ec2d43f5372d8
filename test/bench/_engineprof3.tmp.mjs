import { defineTool, defineWorkflow } from '@troupe/sdk';
import { DescriptorRegistry, HostSecrets, MemoryStore, WorkflowEngine } from '@troupe/runtime';
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return silent; } };
const noopTool = defineTool({ id: 'noop', execute: () => null });
const chain = (id, length) => defineWorkflow({ id, version: '1.0.0', tasks: Array.from({ length }, (_, i) => ({ id: `t${i}`, executor: { type: 'tool', toolId: 'noop' }, ...(i ? { dependsOn: [`t${i - 1}`] } : {}) })) });
const registry = new DescriptorRegistry();
registry.register('bench', '1.0.0', [noopTool, chain('c', 10)]);
const secrets = new HostSecrets({ env: {} });
for (let i = 0; i < 300; i++) {
  const engine = new WorkflowEngine({ descriptors: registry, secrets, store: new MemoryStore(), logger: silent, config: { maxConcurrentRuns: 256 } });
  const started = await Promise.all(Array.from({ length: 200 }, () => engine.startWorkflow('c')));
  await Promise.all(started.map((r) => engine.wait(r.runId)));
}
