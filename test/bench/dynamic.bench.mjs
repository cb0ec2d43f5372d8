// forEach against the same fan-out written out as static tasks: 998 no-op tool
// calls between a root and a join either way, so the ratio is what one element
// costs (an instance recorded with two events) against one static task
// (ready/start/complete events and a row of its own). Lower quartile of each.
import { defineWorkflow } from '@troupe/sdk';
import { HostSecrets, MemoryStore, WorkflowEngine } from '@troupe/runtime';
import { benchRegistry, silent } from './benchWorkflows.mjs';
import { lowerQuartile } from './benchTiming.mjs';

const ELEMENTS = 998;
const registry = benchRegistry();
registry.register('bench-dynamic', '1.0.0', [
  defineWorkflow({
    id: 'foreach-1000',
    version: '1.0.0',
    tasks: [
      { id: 'root', executor: { type: 'tool', toolId: 'noop' } },
      {
        id: 'each',
        dependsOn: ['root'],
        executor: { type: 'tool', toolId: 'noop' },
        forEach: { items: 'input.items', maxItems: 1000, concurrency: 1000 },
      },
      { id: 'join', executor: { type: 'tool', toolId: 'noop' }, dependsOn: ['each'] },
    ],
  }),
  defineWorkflow({
    id: 'loop-100',
    version: '1.0.0',
    tasks: [{ id: 'loop', executor: { type: 'tool', toolId: 'noop' }, loop: { maxRounds: 100, until: 'round.index >= 99' } }],
  }),
  defineWorkflow({
    id: 'chain-100-static',
    version: '1.0.0',
    tasks: Array.from({ length: 100 }, (_, i) => ({ id: `t${i}`, executor: { type: 'tool', toolId: 'noop' }, ...(i ? { dependsOn: [`t${i - 1}`] } : {}) })),
  }),
]);
const items = Array.from({ length: ELEMENTS }, (_, i) => i);

function createEngine() {
  return new WorkflowEngine({ descriptors: registry, secrets: new HostSecrets({ env: {} }), store: new MemoryStore(), logger: silent });
}

async function once(id, input) {
  const engine = createEngine();
  const start = process.hrtime.bigint();
  const run = await engine.startWorkflow(id, { input });
  const done = await engine.wait(run.runId, { untilTerminal: true });
  const micros = Number(process.hrtime.bigint() - start) / 1000;
  if (done.status !== 'completed') throw new Error(`${id} ${done.status}`);
  await engine.close();
  return micros;
}

async function measure(id, input, rounds) {
  for (let i = 0; i < 3; i++) await once(id, input);
  const times = [];
  for (let i = 0; i < rounds; i++) times.push(await once(id, input));
  return lowerQuartile(times);
}

export default async function () {
  const staticFan = await measure('fan-1000', undefined, 15);
  const dynamicFan = await measure('foreach-1000', { items }, 15);
  const staticChain = await measure('chain-100-static', undefined, 15);
  const loop = await measure('loop-100', undefined, 15);
  console.log('shape                          per unit      vs static');
  console.log(`fan-out, 998 static tasks      ${(staticFan / ELEMENTS).toFixed(1).padStart(7)} µs    1.00`);
  console.log(`fan-out, forEach of 998        ${(dynamicFan / ELEMENTS).toFixed(1).padStart(7)} µs    ${(dynamicFan / staticFan).toFixed(2)}`);
  console.log(`chain of 100 static tasks      ${(staticChain / 100).toFixed(1).padStart(7)} µs    1.00`);
  console.log(`loop of 100 rounds             ${(loop / 100).toFixed(1).padStart(7)} µs    ${(loop / staticChain).toFixed(2)}`);
}
