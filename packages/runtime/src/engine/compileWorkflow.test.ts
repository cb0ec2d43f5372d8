import { defineCode, definePersona, defineTool, defineWorkflow, type TaskDefinition, type WorkflowDefinition } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { DescriptorRegistry } from '../registry/DescriptorRegistry.js';
import { compileWorkflow } from './compileWorkflow.js';
import { WorkflowInvalidError } from './WorkflowInvalidError.js';

const registry = new DescriptorRegistry();
registry.register('pack', '1.0.0', [
  defineTool({ id: 'noop', execute: () => null }),
  defineTool({ id: 'typed', inputSchema: { type: 'object' }, execute: () => null }),
  defineCode({ id: 'undo', run: () => null }),
  definePersona({ id: 'writer', instructions: 'Write.', providerId: 'llm' }),
  defineWorkflow({ id: 'child', version: '1.4.0', tasks: [{ id: 'x', executor: { type: 'tool', toolId: 'noop' } }] }),
]);

const tool = (id: string, dependsOn: string[] = [], extra: Partial<TaskDefinition> = {}): TaskDefinition => ({
  id,
  executor: { type: 'tool', toolId: 'noop' },
  ...(dependsOn.length ? { dependsOn } : {}),
  ...extra,
});

function def(tasks: TaskDefinition[], extra: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  return { id: 'wf', version: '1.0.0', tasks, ...extra };
}

function diagnostics(definition: WorkflowDefinition) {
  try {
    compileWorkflow(definition, registry);
  } catch (error) {
    if (error instanceof WorkflowInvalidError) return error.diagnostics.map((d) => ({ code: d.code, message: d.message, details: d.details }));
    throw error;
  }
  throw new Error('expected the definition to be refused');
}

describe('compileWorkflow', () => {
  it('builds index arrays, dependants, roots and sinks', () => {
    const plan = compileWorkflow(def([tool('a'), tool('b', ['a']), tool('c', ['a']), tool('d', ['b', 'c', 'b'])]), registry);
    expect(plan.tasks.map((t) => t.deps)).toEqual([[], [0], [0], [1, 2]]);
    expect(plan.tasks.map((t) => t.dependants)).toEqual([[1, 2], [3], [3], []]);
    expect(plan.roots).toEqual([0]);
    expect(plan.sinks).toEqual([3]);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.tasks.every((t) => t.direct)).toBe(true);
  });

  it('collects every problem, each with its own code', () => {
    const found = diagnostics(
      def([
        tool('a'),
        tool('a'),
        tool('b', ['nowhere']),
        { id: 'c', executor: { type: 'tool', toolId: 'ghost' } },
        { id: 'd', executor: { type: 'code', codeId: 'ghost-code' } },
        { id: 'e', executor: { type: 'gmi', roleId: 'undeclared' } },
        { id: 'f', executor: { type: 'workflow', workflowId: 'child', versionRange: '^2.0.0' } },
        tool('g', [], { when: 'input.x = 1' }),
      ]),
    );
    expect(found.map((d) => d.code)).toEqual([
      'E_TASK_DUPLICATE_ID',
      'E_TASK_UNKNOWN_DEPENDENCY',
      'E_TASK_UNKNOWN_EXECUTOR_REF',
      'E_TASK_UNKNOWN_EXECUTOR_REF',
      'E_TASK_UNKNOWN_ROLE',
      'E_TASK_UNKNOWN_EXECUTOR_REF',
      'E_EXPRESSION_INVALID',
    ]);
    expect(found[1]!.message).toBe('Task b depends on unknown task "nowhere"');
    expect(found[2]!.message).toBe('Task c refers to tool "ghost", which is not active');
    expect(found[3]!.message).toBe('Task d refers to code "ghost-code", which is not active');
    expect(found[5]!.message).toBe('Task f refers to workflow "child@^2.0.0", which is not active');
    expect(found[6]!.details).toMatchObject({ position: 9, where: 'tasks.g.when' });
  });

  it('names each cycle in execution order', () => {
    const found = diagnostics(def([tool('a', ['c']), tool('b', ['a']), tool('c', ['b']), tool('d'), tool('self', ['self'])]));
    expect(found.map((d) => d.message)).toEqual(['Tasks depend on each other in a cycle: a → b → c → a', 'Tasks depend on each other in a cycle: self → self']);
  });

  it('handles a long chain without recursion limits', () => {
    const tasks = Array.from({ length: 20_000 }, (_, i) => tool(`t${i}`, i ? [`t${i - 1}`] : []));
    expect(compileWorkflow(def(tasks), registry).sinks).toEqual([19_999]);
  });

  it('refuses expressions that read tasks which are unknown or not upstream', () => {
    const found = diagnostics(
      def([tool('a'), tool('b'), tool('c', ['a'], { when: 'tasks.b.output == 1' }), tool('d', ['c'], { input: { x: { from: 'tasks.zzz.output' } } }), tool('e', ['c'], { when: 'tasks.a.status == "completed"' })]),
    );
    expect(found.map((d) => d.details.reason)).toEqual(['task "b" is not upstream of "c"; add it to dependsOn (directly or through another task)', 'unknown task "zzz"']);
  });

  it('refuses expressions reading names other than input, tasks and context', () => {
    expect(diagnostics(def([tool('a', [], { when: 'process.env.X' })]))[0]!.details.reason).toBe('unknown name "process"; paths start with input, tasks, context');
  });

  it('checks the definition shape and the JSON Schemas it carries', () => {
    const shape = diagnostics({ id: 'wf', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool' } }] } as unknown as WorkflowDefinition);
    expect(shape[0]).toMatchObject({ code: 'E_WORKFLOW_SCHEMA_INVALID', details: { path: '/tasks/0/executor' } });
    const version = diagnostics(def([tool('a')], { version: 'one' }));
    expect(version[0]!.message).toContain('"one" is not a semver version');
    const schema = diagnostics(def([tool('a', [], { outputSchema: { type: 'nonsense' } })]));
    expect(schema[0]).toMatchObject({ code: 'E_WORKFLOW_SCHEMA_INVALID', details: { path: '/tasks/0/outputSchema' } });
  });

  it('resolves compensation: code refs and compensation-only tasks, which leave the runnable graph', () => {
    const plan = compileWorkflow(def([tool('a', [], { compensate: 'code:undo' }), tool('b', ['a'], { compensate: 'undo-b' }), tool('undo-b')]), registry);
    expect(plan.tasks[0]!.compensate).toMatchObject({ kind: 'code', codeId: 'undo' });
    expect(plan.tasks[1]!.compensate).toEqual({ kind: 'task', index: 2 });
    expect(plan.runnable).toEqual([0, 1]);
    expect(plan.sinks).toEqual([1]);
    const found = diagnostics(
      def([tool('a', [], { compensate: 'b' }), tool('b', ['a']), tool('c', [], { compensate: 'code:nope' }), tool('d', [], { compensate: 'nothing' }), tool('e', [], { compensate: 'e' })]),
    );
    expect(found.map((d) => d.code)).toEqual(['E_TASK_COMPENSATION_INVALID', 'E_TASK_COMPENSATION_INVALID', 'E_TASK_UNKNOWN_EXECUTOR_REF', 'E_TASK_UNKNOWN_EXECUTOR_REF']);
  });

  it('refuses a workflow that starts itself and a role whose named persona is missing', () => {
    const found = diagnostics(
      def([{ id: 'again', executor: { type: 'workflow', workflowId: 'wf' } }], { roles: [{ roleId: 'r', personaId: 'ghost' }] }),
    );
    expect(found.map((d) => d.code)).toEqual(['E_TASK_UNKNOWN_EXECUTOR_REF', 'E_TASK_UNKNOWN_EXECUTOR_REF', 'E_TASK_CYCLE']);
  });

  it('keeps schema-checked and policy-tagged tasks off the direct path, and unions policy tags', () => {
    const plan = compileWorkflow(
      def([{ id: 'a', executor: { type: 'tool', toolId: 'typed' } }, tool('b', [], { policyTags: ['pii', 'base'] }), tool('c', [], { outputSchema: { type: 'string' } })], { policyTags: ['base'] }),
      registry,
    );
    expect(plan.tasks.map((t) => t.direct)).toEqual([false, false, false]);
    expect(plan.tasks[1]!.policyTags).toEqual(['base', 'pii']);
    expect(plan.tasks[0]!.policyTags).toEqual(['base']);
  });

  it('normalises retry policies with defaults', () => {
    const plan = compileWorkflow(def([tool('a', [], { retry: { maxAttempts: 3, retryOn: ['E_X'] } })]), registry);
    expect(plan.tasks[0]!.retry).toEqual({ maxAttempts: 3, backoff: 'exponential', initialDelayMs: 1000, maxDelayMs: 60_000, jitter: true, retryOn: new Set(['E_X']) });
  });

  it('sums the secrets every executor declares', () => {
    const local = new DescriptorRegistry();
    local.register('p', '1.0.0', [defineTool({ id: 's', requiredSecrets: ['tool.key'], execute: () => null }), defineCode({ id: 'c', requiredSecrets: ['code.key'], run: () => null })]);
    const plan = compileWorkflow(
      def([{ id: 'a', executor: { type: 'tool', toolId: 's' } }, { id: 'b', executor: { type: 'code', codeId: 'c' } }], { requiredSecrets: ['wf.key'] }),
      local,
    );
    expect([...plan.requiredSecrets].sort()).toEqual(['code.key', 'tool.key', 'wf.key']);
    expect(plan.tasks[0]!.requiredSecrets).toEqual(['tool.key']);
  });
});
