import type { WorkflowDefinition } from '@troupe/sdk';
import { roleOf, type PatternBase, type RoleBinding } from './roles.js';

export interface ValidationGateOptions extends PatternBase {
  readonly roles?: { readonly worker?: RoleBinding; readonly judge?: RoleBinding };
  /** The judge's score (0–100) a result needs to pass. Default 70. */
  readonly threshold?: number;
  /** Tries before escalating to a human (loop maxRounds). Default 2. */
  readonly maxTries?: number;
  /** Who the escalation is assigned to (a human task assignee). */
  readonly assignee?: string;
}

/**
 * Validation gate: the `worker` seat produces a result, the `judge` seat
 * scores it (JSON `{ "score": 0-100, "feedback": string }`); below the
 * threshold the worker tries again with the feedback; after `maxTries` the
 * best effort goes to a human for approval (rejected: the run fails with
 * E_TASK_REJECTED). Run input: `{ "task": string }`.
 * Returns the main workflow and its round sub-workflow: register both.
 */
export function validationGate(options: ValidationGateOptions = {}): readonly [WorkflowDefinition, WorkflowDefinition] {
  const id = options.id ?? 'patterns.validation-gate';
  const version = options.version ?? '1.0.0';
  const threshold = options.threshold ?? 70;
  const roles = [roleOf('worker', options.roles?.worker, 'Worker'), roleOf('judge', options.roles?.judge, 'Judge')];
  const round: WorkflowDefinition = {
    id: `${id}.round`,
    version,
    displayName: 'Produce and score',
    roles,
    tasks: [
      {
        id: 'produce',
        executor: { type: 'gmi', roleId: 'worker', instructions: 'Carry out the task. If there is feedback on an earlier try, address it.' },
        input: { task: { from: 'input.task' }, feedback: { from: 'input.previous.review.feedback' } },
      },
      {
        id: 'score',
        dependsOn: ['produce'],
        executor: {
          type: 'gmi',
          roleId: 'judge',
          outputFormat: 'json',
          instructions: `Score the result for the task from 0 to 100 (${threshold} passes). Reply with JSON only: {"score": 0-100, "feedback": "..."}.`,
        },
        input: { task: { from: 'input.task' }, result: { from: 'tasks.produce.output' } },
        outputSchema: { type: 'object', required: ['score', 'feedback'], properties: { score: { type: 'number', minimum: 0, maximum: 100 }, feedback: { type: 'string' } } },
      },
    ],
    output: { result: { from: 'tasks.produce.output' }, review: { from: 'tasks.score.output' } },
  };
  const main: WorkflowDefinition = {
    id,
    version,
    displayName: 'Validation gate',
    description: `A judge scores the worker's result; ${threshold}+ passes, below it the worker retries, then a human decides.`,
    roles,
    goalSchema: { type: 'object', required: ['task'], properties: { task: { type: 'string', minLength: 1 } } },
    tasks: [
      {
        id: 'gate',
        executor: { type: 'workflow', workflowId: round.id },
        input: { task: { from: 'input.task' }, previous: { from: 'round.previous' } },
        loop: { maxRounds: options.maxTries ?? 2, until: `round.output.review.score >= ${threshold}`, onMaxRounds: 'complete' },
      },
      {
        id: 'escalate',
        dependsOn: ['gate'],
        when: 'tasks.gate.output.stoppedBy == "maxRounds"',
        executor: {
          type: 'human',
          mode: 'approval',
          prompt: `The judge scored every try below ${threshold}. Approve the last result anyway?`,
          ...(options.assignee !== undefined ? { assignee: options.assignee } : {}),
        },
        input: { task: { from: 'input.task' }, result: { from: 'tasks.gate.output.output.result' }, review: { from: 'tasks.gate.output.output.review' } },
      },
    ],
    output: {
      result: { from: 'tasks.gate.output.output.result' },
      score: { from: 'tasks.gate.output.output.review.score' },
      passed: { from: 'tasks.gate.output.stoppedBy == "until"' },
      escalated: { from: 'tasks.escalate.status == "completed"' },
    },
  };
  return [main, round];
}
