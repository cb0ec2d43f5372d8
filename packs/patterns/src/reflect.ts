import type { JsonSchema, JsonValue, TaskDefinition, WorkflowDefinition } from '@troupe/sdk';
import { roleOf, type PatternBase, type RoleBinding } from './roles.js';

export interface ReflectOptions extends PatternBase {
  readonly roles?: { readonly generator?: RoleBinding; readonly critic?: RoleBinding };
  /**
   * How a draft is validated: against a JSON Schema (`{ schema }`, no model
   * needed; the draft is JSON) or by the `critic` seat (`"critic"`, default),
   * which answers JSON `{ "valid": boolean, "feedback": string }`.
   */
  readonly validateBy?: { readonly schema: JsonSchema } | 'critic';
  /** Most drafts; when none is valid the run fails with E_LOOP_MAX_ROUNDS. Default 3. */
  readonly maxRounds?: number;
}

/**
 * Reflect-until-valid: the `generator` seat drafts, a validator (a JSON
 * Schema or the `critic` seat) reviews, and the generator revises with the
 * feedback, until a draft is valid. Run input: `{ "task": string }`.
 * Returns the main workflow and its round sub-workflow: register both.
 */
export function reflectUntilValid(options: ReflectOptions = {}): readonly [WorkflowDefinition, WorkflowDefinition] {
  const id = options.id ?? 'patterns.reflect';
  const version = options.version ?? '1.0.0';
  const validateBy = options.validateBy ?? 'critic';
  const bySchema = typeof validateBy === 'object';
  const roles = [roleOf('generator', options.roles?.generator, 'Generator')];
  if (!bySchema) roles.push(roleOf('critic', options.roles?.critic, 'Critic'));
  const review: TaskDefinition = bySchema
    ? {
        id: 'review',
        dependsOn: ['draft'],
        executor: { type: 'code', codeId: 'patterns.check-schema' },
        input: { value: { from: 'tasks.draft.output' }, schema: { value: validateBy.schema as JsonValue } },
      }
    : {
        id: 'review',
        dependsOn: ['draft'],
        executor: {
          type: 'gmi',
          roleId: 'critic',
          outputFormat: 'json',
          instructions: 'Review the draft against the task. Reply with JSON only: {"valid": true|false, "feedback": "what to change"}.',
        },
        input: { task: { from: 'input.task' }, draft: { from: 'tasks.draft.output' } },
        outputSchema: { type: 'object', required: ['valid', 'feedback'], properties: { valid: { type: 'boolean' }, feedback: { type: 'string' } } },
      };
  const round: WorkflowDefinition = {
    id: `${id}.round`,
    version,
    displayName: 'Draft and review',
    roles,
    tasks: [
      {
        id: 'draft',
        executor: {
          type: 'gmi',
          roleId: 'generator',
          ...(bySchema ? { outputFormat: 'json' as const } : {}),
          instructions: bySchema
            ? 'Carry out the task. Reply with JSON only. If there is a previous draft, fix every problem of its feedback.'
            : 'Carry out the task. If there is a previous draft, revise it with its feedback.',
        },
        input: { task: { from: 'input.task' }, previous: { from: 'input.previous' } },
      },
      review,
    ],
    output: { draft: { from: 'tasks.draft.output' }, review: { from: 'tasks.review.output' } },
  };
  const main: WorkflowDefinition = {
    id,
    version,
    displayName: 'Reflect until valid',
    description: `A generator drafts and revises until ${bySchema ? 'the draft matches the schema' : 'the critic accepts it'}.`,
    roles,
    goalSchema: { type: 'object', required: ['task'], properties: { task: { type: 'string', minLength: 1 } } },
    tasks: [
      {
        id: 'reflect',
        executor: { type: 'workflow', workflowId: round.id },
        input: { task: { from: 'input.task' }, previous: { from: 'round.previous' } },
        loop: { maxRounds: options.maxRounds ?? 3, until: 'round.output.review.valid == true' },
      },
    ],
    output: { result: { from: 'tasks.reflect.output.output.draft' }, rounds: { from: 'tasks.reflect.output.rounds' } },
  };
  return [main, round];
}
