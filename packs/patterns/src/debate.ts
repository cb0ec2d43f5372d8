import type { WorkflowDefinition } from '@troupe/sdk';
import { roleOf, type PatternBase, type RoleBinding } from './roles.js';

export interface DebateOptions extends PatternBase {
  readonly roles?: { readonly proponent?: RoleBinding; readonly opponent?: RoleBinding; readonly judge?: RoleBinding };
  /** Most rounds; after the last one the judge's latest verdict stands. Default 3. */
  readonly maxRounds?: number;
}

/**
 * Debate with a judge: each round the `proponent` argues for the motion, the
 * `opponent` against it, and the `judge` answers JSON `{ "decided": boolean,
 * "winner"?: "proponent" | "opponent", "reasoning": string }`. Rounds repeat
 * until the judge has decided or `maxRounds` ran. Run input: `{ "motion": string }`.
 * Returns the main workflow and its round sub-workflow: register both.
 */
export function debate(options: DebateOptions = {}): readonly [WorkflowDefinition, WorkflowDefinition] {
  const id = options.id ?? 'patterns.debate';
  const version = options.version ?? '1.0.0';
  const roles = [
    roleOf('proponent', options.roles?.proponent, 'Proponent'),
    roleOf('opponent', options.roles?.opponent, 'Opponent'),
    roleOf('judge', options.roles?.judge, 'Judge'),
  ];
  const round: WorkflowDefinition = {
    id: `${id}.round`,
    version,
    displayName: 'Debate round',
    roles,
    tasks: [
      {
        id: 'pro',
        executor: { type: 'gmi', roleId: 'proponent', instructions: 'Argue for the motion in one paragraph; answer the earlier rounds.' },
        input: { motion: { from: 'input.motion' }, earlierRounds: { from: 'input.history' } },
      },
      {
        id: 'con',
        dependsOn: ['pro'],
        executor: { type: 'gmi', roleId: 'opponent', instructions: 'Argue against the motion in one paragraph; answer the argument for it.' },
        input: { motion: { from: 'input.motion' }, earlierRounds: { from: 'input.history' }, argument: { from: 'tasks.pro.output' } },
      },
      {
        id: 'judge',
        dependsOn: ['con'],
        executor: {
          type: 'gmi',
          roleId: 'judge',
          outputFormat: 'json',
          instructions: 'Judge the debate so far. Reply with JSON only: {"decided": true|false, "winner": "proponent"|"opponent", "reasoning": "..."}.',
        },
        input: { motion: { from: 'input.motion' }, for: { from: 'tasks.pro.output' }, against: { from: 'tasks.con.output' } },
        outputSchema: {
          type: 'object',
          required: ['decided', 'reasoning'],
          properties: { decided: { type: 'boolean' }, winner: { enum: ['proponent', 'opponent'] }, reasoning: { type: 'string' } },
        },
      },
    ],
    output: { for: { from: 'tasks.pro.output' }, against: { from: 'tasks.con.output' }, verdict: { from: 'tasks.judge.output' } },
  };
  const main: WorkflowDefinition = {
    id,
    version,
    displayName: 'Debate with a judge',
    description: 'Two seats argue for and against a motion, round after round, until the judge decides.',
    roles,
    goalSchema: { type: 'object', required: ['motion'], properties: { motion: { type: 'string', minLength: 1 } } },
    tasks: [
      {
        id: 'debate',
        executor: { type: 'workflow', workflowId: round.id },
        input: { motion: { from: 'input.motion' }, history: { from: 'round.history' } },
        loop: { maxRounds: options.maxRounds ?? 3, until: 'round.output.verdict.decided == true', onMaxRounds: 'complete' },
      },
    ],
    output: {
      verdict: { from: 'tasks.debate.output.output.verdict' },
      rounds: { from: 'tasks.debate.output.rounds' },
      decided: { from: 'tasks.debate.output.stoppedBy == "until"' },
      transcript: { from: 'tasks.debate.output.history' },
    },
  };
  return [main, round];
}
