import { defineWorkflow, TroupeError, type InlinePack, type WorkflowDefinition } from '@troupe/sdk';
import type { TroupeHost } from '../host/TroupeHost.js';
import { generatedWorkflowId } from './draftId.js';
import { GENERATE_WORKFLOW_ID, GENERATOR_VERSION, generationDescriptors, generationInput, type ProposalCheck } from './generationWorkflow.js';
import { hostCatalog } from './hostCatalog.js';
import type { WorkflowDraft, WorkflowDrafts } from './WorkflowDrafts.js';

/** Repair rounds after the first proposal, unless told otherwise. */
export const DEFAULT_REPAIR_ROUNDS = 3;
/** Most repair rounds a generation may ask for. */
export const MAX_REPAIR_ROUNDS = 10;
/** The version a generated workflow is registered under. */
export const GENERATED_VERSION = '1.0.0';

export interface GeneratorOptions {
  /** The persona of the planner seat; default: the persona with the capability `workflow.planner`. */
  readonly personaId?: string;
  readonly repairRounds?: number;
}

/**
 * The generator as an inline pack, to register before the host starts: the
 * generation workflow and the check that compiles each proposal on `host`
 * (under the id the draft will get), exactly as a pack's workflow is checked.
 */
export function generatorPack(host: TroupeHost, draftId: string, options: GeneratorOptions = {}): InlinePack {
  const check = (proposal: unknown): ProposalCheck => {
    if (typeof proposal !== 'object' || proposal === null || Array.isArray(proposal)) {
      return { valid: false, definition: proposal, problems: ['The reply must be one JSON object: a workflow definition.'] };
    }
    const definition = { ...(proposal as Record<string, unknown>), id: generatedWorkflowId(draftId), version: GENERATED_VERSION };
    const problems = host.checkWorkflow(definition).map((problem) => `${problem.code}: ${problem.message}`);
    return { valid: problems.length === 0, definition, problems };
  };
  const repairRounds = Math.min(Math.max(0, options.repairRounds ?? DEFAULT_REPAIR_ROUNDS), MAX_REPAIR_ROUNDS);
  return {
    id: GENERATE_WORKFLOW_ID,
    version: GENERATOR_VERSION,
    descriptors: generationDescriptors(check, { repairRounds, ...(options.personaId !== undefined ? { plannerPersonaId: options.personaId } : {}) }),
  };
}

/**
 * Proposes a workflow for `statement` on a started host that registered
 * `generatorPack(host, draftId)`: a recorded run of the generation workflow
 * (the planner sees the catalog of this host; every problem goes back to it
 * for the next round). The valid proposal is saved as a draft, never run.
 * E_GENERATE_NO_PLANNER, E_GENERATE_FAILED.
 */
export async function generateDraft(
  host: TroupeHost,
  drafts: WorkflowDrafts,
  draftId: string,
  statement: string,
  options: GeneratorOptions & { readonly actor?: string } = {},
): Promise<{ readonly draft: WorkflowDraft; readonly file: string }> {
  checkPlanner(host, options.personaId);
  const catalog = hostCatalog(host.registry, host.policyMap());
  const { runId } = await host.engine.startWorkflow(GENERATE_WORKFLOW_ID, { input: generationInput(statement, catalog), ...(options.actor !== undefined ? { actor: options.actor } : {}) });
  const state = await host.engine.wait(runId, { untilTerminal: true });
  const instances = state.tasks.generate?.instances ?? [];
  if (state.status !== 'completed') {
    const last = instances.at(-1)?.output as ProposalCheck | undefined;
    const problems = last?.problems?.length ? last.problems.join('; ') : (state.error?.message ?? state.status);
    throw new TroupeError('E_GENERATE_FAILED', { rounds: instances.length, problems, runId });
  }
  const result = state.output as ProposalCheck;
  const draft: WorkflowDraft = {
    id: draftId,
    statement,
    createdAt: Date.now(),
    status: 'draft',
    definition: result.definition as WorkflowDefinition,
    generationRunId: runId,
    rounds: instances.length,
  };
  return { draft, file: drafts.save(draft) };
}

function checkPlanner(host: TroupeHost, personaId: string | undefined): void {
  const personas = host.registry.list('persona');
  if (personaId !== undefined) {
    if (!host.registry.get('persona', personaId)) {
      throw new TroupeError('E_GENERATE_NO_PLANNER', { reason: `no active persona "${personaId}" (active: ${personas.map((p) => p.descriptor.id).join(', ') || 'none'})` });
    }
    return;
  }
  if (!personas.some((persona) => persona.descriptor.payload.capabilities?.includes('workflow.planner'))) {
    throw new TroupeError('E_GENERATE_NO_PLANNER', { reason: 'no --persona given and no active persona has the capability "workflow.planner"' });
  }
}

/**
 * Approves a draft on a started host: registers its workflow at runtime as
 * pack `draft.<id>@1.0.0` (checked again, audited as workflow.registered) and
 * records the approval in the draft. E_DRAFT_NOT_FOUND, E_DRAFT_APPROVED, E_WORKFLOW_INVALID.
 */
export async function approveDraft(host: TroupeHost, drafts: WorkflowDrafts, draftId: string, actor: string): Promise<WorkflowDraft> {
  const draft = drafts.get(draftId);
  if (draft.status === 'approved') throw new TroupeError('E_DRAFT_APPROVED', { draftId, workflowId: draft.definition.id });
  await host.registerWorkflow(draft.definition, { actor, ...draftPackOf(draft) });
  const approved: WorkflowDraft = { ...draft, status: 'approved', approvedAt: Date.now(), approvedBy: actor };
  drafts.save(approved);
  return approved;
}

/** The pack an approved draft's workflow belongs to. */
export function draftPackOf(draft: WorkflowDraft): { readonly packId: string; readonly packVersion: string } {
  return { packId: `draft.${draft.id}`, packVersion: draft.definition.version };
}

/** Approved drafts as inline packs: a host registers them before start so their workflows run in every later process. */
export function approvedDraftPacks(drafts: WorkflowDrafts): InlinePack[] {
  return drafts
    .list()
    .filter((draft) => draft.status === 'approved')
    .map((draft) => {
      const { packId, packVersion } = draftPackOf(draft);
      return { id: packId, version: packVersion, descriptors: [defineWorkflow(draft.definition)] };
    });
}

