import { defineCode, defineTool, defineWorkflow, type Logger, type TaskDispatch, type TaskDispatcher } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { runDispatchedTask } from '../../host/runDispatchedTask.js';
import { DescriptorRegistry } from '../../registry/DescriptorRegistry.js';
import { HostSecrets } from '../../secrets/HostSecrets.js';
import { MemoryStore } from '../../store/MemoryStore.js';
import { WorkflowEngine } from '../WorkflowEngine.js';

const silent: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => silent };

/** A dispatcher that hands each attempt to a "worker" in this process (its own registry and secrets), optionally late. */
class InProcessDispatcher implements TaskDispatcher {
  readonly dispatched: TaskDispatch[] = [];
  late: Promise<void> | undefined;
  constructor(private readonly worker: { registry: DescriptorRegistry; secrets: HostSecrets; logger: Logger }) {}
  async dispatch(task: TaskDispatch): Promise<unknown> {
    this.dispatched.push(task);
    // Through JSON, as a queue carries it.
    const carried = JSON.parse(JSON.stringify(task)) as TaskDispatch;
    if (this.late) await this.late;
    return runDispatchedTask(this.worker, carried);
  }
}

function setup(descriptors: Parameters<DescriptorRegistry['register']>[2], workerSecrets: Record<string, string> = {}) {
  const coordinator = new DescriptorRegistry();
  coordinator.register('pack', '1.0.0', descriptors);
  const worker = new DescriptorRegistry();
  worker.register('pack', '1.0.0', descriptors);
  const dispatcher = new InProcessDispatcher({ registry: worker, secrets: new HostSecrets({ env: {}, values: workerSecrets }), logger: silent });
  const engine = new WorkflowEngine({ descriptors: coordinator, secrets: new HostSecrets({ env: {}, values: workerSecrets }), store: new MemoryStore(), logger: silent, dispatcher });
  return { engine, dispatcher };
}

describe('tool and code tasks through a TaskDispatcher', () => {
  it('dispatches each attempt with its run, task, attempt and idempotency key; outputs flow on; secrets come from the worker, not the dispatch', async () => {
    const seen: { key: string; pid: number; token: string | undefined }[] = [];
    const { engine, dispatcher } = setup(
      [
        defineTool({ id: 'fetch', requiredSecrets: ['api.token'], execute: (input: { input: { n: number } }, ctx) => (seen.push({ key: ctx.idempotencyKey, pid: process.pid, token: ctx.secrets['api.token'] }), { n: input.input.n + 1 }) }),
        defineCode({ id: 'double', run: (input: { upstream: { fetch: { n: number } } }) => ({ n: input.upstream.fetch.n * 2 }) }),
        defineWorkflow({
          id: 'wf',
          version: '1.0.0',
          tasks: [
            { id: 'fetch', executor: { type: 'tool', toolId: 'fetch' } },
            { id: 'double', dependsOn: ['fetch'], executor: { type: 'code', codeId: 'double' } },
          ],
          output: { from: 'tasks.double.output' },
        }),
      ],
      { 'api.token': 'worker-secret' },
    );
    const { runId } = await engine.startWorkflow('wf', { input: { n: 20 } });
    expect(await engine.wait(runId)).toMatchObject({ status: 'completed', output: { n: 42 } });
    expect(dispatcher.dispatched.map(({ runId: r, taskId, attempt, executor, idempotencyKey }) => ({ r, taskId, attempt, executor, idempotencyKey }))).toEqual([
      { r: runId, taskId: 'fetch', attempt: 1, executor: { type: 'tool', toolId: 'fetch' }, idempotencyKey: `${runId}:fetch` },
      { r: runId, taskId: 'double', attempt: 1, executor: { type: 'code', codeId: 'double' }, idempotencyKey: `${runId}:double` },
    ]);
    expect(seen).toEqual([{ key: `${runId}:fetch`, pid: process.pid, token: 'worker-secret' }]);
    expect(JSON.stringify(dispatcher.dispatched)).not.toContain('worker-secret');
    await engine.close();
  });

  it('keeps the retry policy (a coded error from the worker is retried as attempt 2) and checks the tool\'s output schema on the coordinator', async () => {
    let calls = 0;
    const { engine, dispatcher } = setup([
      defineTool({
        id: 'flaky',
        execute: () => {
          calls += 1;
          if (calls === 1) throw Object.assign(new Error('not yet'), { code: 'E_FLAKY' });
          return { ok: true };
        },
      }),
      defineTool({ id: 'bad', outputSchema: { type: 'object', required: ['ok'] }, execute: () => ({ nope: 1 }) }),
      defineWorkflow({ id: 'retry', version: '1.0.0', tasks: [{ id: 'call', executor: { type: 'tool', toolId: 'flaky' }, retry: { maxAttempts: 2, backoff: 'fixed', initialDelayMs: 1, jitter: false, retryOn: ['E_FLAKY'] } }] }),
      defineWorkflow({ id: 'invalid', version: '1.0.0', tasks: [{ id: 'call', executor: { type: 'tool', toolId: 'bad' } }] }),
    ]);
    const retried = await engine.startWorkflow('retry');
    expect(await engine.wait(retried.runId)).toMatchObject({ status: 'completed', tasks: { call: { attempt: 2 } } });
    expect(dispatcher.dispatched.map((task) => task.attempt)).toEqual([1, 2]);
    const invalid = await engine.startWorkflow('invalid');
    expect(await engine.wait(invalid.runId)).toMatchObject({ status: 'failed', tasks: { call: { status: 'failed', error: { code: 'E_OUTPUT_INVALID' } } } });
    await engine.close();
  });

  it('scrubs the worker\'s secret values from an error before it leaves the worker, keeping its code', async () => {
    const registry = new DescriptorRegistry();
    const leak = defineTool({
      id: 'leak',
      requiredSecrets: ['api.token'],
      execute: (_input, ctx) => {
        throw Object.assign(new Error(`bad token ${ctx.secrets['api.token']}`), { code: 'E_LEAK' });
      },
    });
    registry.register('pack', '1.0.0', [leak]);
    const worker = { registry, secrets: new HostSecrets({ env: {}, values: { 'api.token': 'worker-secret' } }), logger: silent };
    const dispatch: TaskDispatch = { runId: 'r', taskId: 't', attempt: 1, executor: { type: 'tool', toolId: 'leak' }, input: {}, idempotencyKey: 'r:t' };
    await expect(runDispatchedTask(worker, dispatch)).rejects.toMatchObject({ code: 'E_LEAK', message: expect.not.stringContaining('worker-secret') });
  });

  it('ignores a result that arrives after its attempt timed out', async () => {
    let release!: () => void;
    const { engine, dispatcher } = setup([
      defineTool({ id: 'slow', execute: () => ({ late: true }) }),
      defineWorkflow({ id: 'slow', version: '1.0.0', tasks: [{ id: 'call', executor: { type: 'tool', toolId: 'slow' }, timeoutMs: 20 }] }),
    ]);
    dispatcher.late = new Promise((resolve) => (release = resolve));
    const { runId } = await engine.startWorkflow('slow');
    const failed = await engine.wait(runId);
    expect(failed).toMatchObject({ status: 'failed', tasks: { call: { status: 'failed', error: { code: 'E_TASK_TIMEOUT' } } } });
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await engine.getRun(runId)).tasks['call']).toMatchObject({ status: 'failed', error: { code: 'E_TASK_TIMEOUT' } });
    await engine.close();
  });
});
