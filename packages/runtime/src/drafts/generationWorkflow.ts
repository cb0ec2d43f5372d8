import { defineCode, defineWorkflow, type AnyDescriptor, type JsonValue, type WorkflowDefinition } from '@troupe/sdk';

/** The workflow `troupe generate` runs: a planner seat proposes, a check compiles, repeated with the problems. */
export const GENERATE_WORKFLOW_ID = 'troupe.generate';
const ROUND_WORKFLOW_ID = 'troupe.generate.round';
const CHECK_CODE_ID = 'troupe.generate.check';
/** The version every generator descriptor carries. */
export const GENERATOR_VERSION = '1.0.0';

/** What the check answers for one proposal. */
export interface ProposalCheck {
  readonly valid: boolean;
  /** The proposal with the draft id and version filled in (when it is an object). */
  readonly definition: unknown;
  /** Every problem, one line each (codes first), fed back to the planner. */
  readonly problems: readonly string[];
}

/** Checks one proposed definition as a pack's workflow is checked (and that its secrets resolve here). */
export type ProposalChecker = (proposal: unknown) => ProposalCheck;

const INSTRUCTIONS = [
  'Design a Troupe workflow that solves the problem statement. Reply with one JSON object only: a workflow definition.',
  'Shape: {"id": string, "version": "1.0.0", "description": string, "roles": [{"roleId", "personaId"}], "tasks": [...], "output"?: {...}}.',
  'A task: {"id" (letters, digits, _), "dependsOn"?: [task ids], "executor": {"type": "tool", "toolId"} | {"type": "gmi", "roleId", "instructions", "outputFormat"?: "text"|"json"} | {"type": "code", "codeId"} | {"type": "human", "mode": "approval"|"input", "prompt"},',
  '"input"?: {key: {"from": "input.x" | "tasks.<upstream id>.output.y"} | {"value": JSON}}, "when"?: expression, "policyTags"?: [tags],',
  '"forEach"?: {"items": expression giving an array, "maxItems": 1-1000, "concurrency"?: n} (input may read item.value, item.index),',
  '"loop"?: {"maxRounds": 1-100, "until": expression over round.output, "onMaxRounds"?: "fail"|"complete"} (input may read round.index, round.previous)}.',
  'Expressions: property paths, == != < > <= >= && || ! in, JSON literals; no arithmetic. A task may only read tasks it depends on.',
  'Use only the tools, personas (as roles\' personaId), code functions and policy tags of the catalog. No cycles.',
  'If "previous" is given, it is your last proposal and the problems found in it: fix every problem.',
].join('\n');

/**
 * The descriptors of the generator: the round workflow (propose → check), the
 * loop over it (1 + `repairRounds` rounds, failing with E_LOOP_MAX_ROUNDS when
 * no proposal is valid) and the check. Registered as an inline pack.
 */
export function generationDescriptors(check: ProposalChecker, options: { readonly repairRounds: number; readonly plannerPersonaId?: string }): AnyDescriptor[] {
  const roles = [options.plannerPersonaId !== undefined ? { roleId: 'planner', personaId: options.plannerPersonaId } : { roleId: 'planner', capabilities: ['workflow.planner'] }];
  const round: WorkflowDefinition = {
    id: ROUND_WORKFLOW_ID,
    version: GENERATOR_VERSION,
    roles,
    tasks: [
      {
        id: 'propose',
        executor: { type: 'gmi', roleId: 'planner', outputFormat: 'json', instructions: INSTRUCTIONS },
        input: { statement: { from: 'input.statement' }, catalog: { from: 'input.catalog' }, previous: { from: 'input.previous' } },
        // A reply that is not JSON is a problem to repair like any other, not the end of the generation.
        retry: { maxAttempts: 2, initialDelayMs: 100, retryOn: ['E_PROVIDER_FAILED', 'E_PROVIDER_RATE_LIMITED', 'E_PROVIDER_TIMEOUT'] },
      },
      { id: 'check', dependsOn: ['propose'], executor: { type: 'code', codeId: CHECK_CODE_ID }, input: { proposal: { from: 'tasks.propose.output' } } },
    ],
    output: { from: 'tasks.check.output' },
  };
  const main: WorkflowDefinition = {
    id: GENERATE_WORKFLOW_ID,
    version: GENERATOR_VERSION,
    description: 'Proposes a workflow for a problem statement, repairing it until it validates on this host.',
    roles,
    tasks: [
      {
        id: 'generate',
        executor: { type: 'workflow', workflowId: ROUND_WORKFLOW_ID },
        input: { statement: { from: 'input.statement' }, catalog: { from: 'input.catalog' }, previous: { from: 'round.previous' } },
        loop: { maxRounds: 1 + options.repairRounds, until: 'round.output.valid == true' },
      },
    ],
    output: { from: 'tasks.generate.output.output' },
  };
  const checkCode = defineCode<{ proposal: unknown }, ProposalCheck>({
    id: CHECK_CODE_ID,
    description: 'Compiles a proposed workflow against the active descriptors and policies of this host.',
    run: ({ proposal }) => check(proposal),
  });
  return [checkCode, defineWorkflow(round), defineWorkflow(main)];
}

/** The run input of the generation workflow. */
export function generationInput(statement: string, catalog: unknown): Record<string, JsonValue> {
  return { statement, catalog: catalog as JsonValue };
}
