import type { WorkflowDefinition } from '@troupe/sdk';
import { roleOf, type PatternBase, type RoleBinding } from './roles.js';

export interface OrchestratorWorkerOptions extends PatternBase {
  readonly roles?: { readonly planner?: RoleBinding; readonly worker?: RoleBinding; readonly synthesizer?: RoleBinding };
  /** Most subtasks the planner may emit (forEach maxItems). Default 8. */
  readonly maxSubtasks?: number;
  /** Workers in flight at once. Default 3. */
  readonly concurrency?: number;
  /** Retries per subtask (attempts, including the first). Default 2. */
  readonly workerAttempts?: number;
}

/**
 * Orchestrator-worker: the `planner` seat splits the goal into subtasks (JSON
 * `{ "subtasks": string[] }`), one `worker` instance runs per subtask
 * (`forEach`, bounded), and the `synthesizer` seat writes the answer from
 * every result. Run input: `{ "goal": string }`.
 */
export function orchestratorWorker(options: OrchestratorWorkerOptions = {}): WorkflowDefinition {
  const maxSubtasks = options.maxSubtasks ?? 8;
  return {
    id: options.id ?? 'patterns.orchestrator-worker',
    version: options.version ?? '1.0.0',
    displayName: 'Orchestrator-worker',
    description: 'A planner splits the goal into subtasks, workers handle one each, a synthesiser writes the answer.',
    roles: [roleOf('planner', options.roles?.planner, 'Planner'), roleOf('worker', options.roles?.worker, 'Worker'), roleOf('synthesizer', options.roles?.synthesizer, 'Synthesiser')],
    goalSchema: { type: 'object', required: ['goal'], properties: { goal: { type: 'string', minLength: 1 } } },
    tasks: [
      {
        id: 'plan',
        executor: {
          type: 'gmi',
          roleId: 'planner',
          outputFormat: 'json',
          instructions: `Split the goal into at most ${maxSubtasks} independent subtasks. Reply with JSON only: {"subtasks": ["...", "..."]}.`,
        },
        input: { goal: { from: 'input.goal' } },
        outputSchema: {
          type: 'object',
          required: ['subtasks'],
          properties: { subtasks: { type: 'array', minItems: 1, maxItems: maxSubtasks, items: { type: 'string', minLength: 1 } } },
        },
      },
      {
        id: 'work',
        dependsOn: ['plan'],
        executor: { type: 'gmi', roleId: 'worker', instructions: 'Carry out the subtask for the goal. Reply with the result only.' },
        input: { goal: { from: 'input.goal' }, subtask: { from: 'item.value' }, index: { from: 'item.index' } },
        forEach: { items: 'tasks.plan.output.subtasks', maxItems: maxSubtasks, concurrency: options.concurrency ?? 3 },
        retry: { maxAttempts: options.workerAttempts ?? 2, initialDelayMs: 500 },
      },
      {
        id: 'synthesize',
        dependsOn: ['work'],
        executor: { type: 'gmi', roleId: 'synthesizer', instructions: 'Write the answer to the goal from the results of the subtasks.' },
        input: { goal: { from: 'input.goal' }, subtasks: { from: 'tasks.plan.output.subtasks' }, results: { from: 'tasks.work.output' } },
      },
    ],
    output: { answer: { from: 'tasks.synthesize.output' }, subtasks: { from: 'tasks.plan.output.subtasks' }, results: { from: 'tasks.work.output' } },
  };
}
