import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  approveDraft,
  approvedDraftPacks,
  createHost,
  generateDraft,
  generatorPack,
  MemoryStore,
  newDraftId,
  Services,
  WorkflowDrafts,
  type TroupeHost,
} from '@troupe/runtime';
import { defineInlinePack, definePersona, defineTool, isTroupeError } from '@troupe/sdk';
import { createScriptedProvider, type ScriptedResponder } from '@troupe/testing';

const hosts: TroupeHost[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const summarize = defineTool({
  id: 'summarize',
  description: 'Shortens a text to its first sentence.',
  inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
  execute: (input) => ({ summary: (input as { text: string }).text.split('.')[0] }),
});
const planner = definePersona({ id: 'architect', instructions: 'You design workflows.', providerId: 'scripted', capabilities: ['workflow.planner'] });

const badProposal = {
  id: 'x',
  version: '0.1.0',
  description: 'Summarise a text',
  tasks: [{ id: 'short', executor: { type: 'tool', toolId: 'shorten' }, input: { text: { from: 'input.text' } } }],
};
const goodProposal = {
  ...badProposal,
  tasks: [{ id: 'short', executor: { type: 'tool', toolId: 'summarize' }, input: { text: { from: 'input.text' } } }],
  output: { from: 'tasks.short.output.summary' },
};

async function startHost(replies: readonly ScriptedResponder[], store = new MemoryStore(), draftId = newDraftId(), drafts?: WorkflowDrafts) {
  const provider = createScriptedProvider({ id: 'scripted', byTask: { propose: replies } });
  const host = createHost({ logLevel: 'silent' });
  hosts.push(host);
  host.override(Services.store, store);
  host.register(defineInlinePack({ id: 'tools', version: '1.0.0', descriptors: [summarize, planner, provider.descriptor] }));
  host.register(generatorPack(host, draftId, { repairRounds: 2 }));
  for (const pack of drafts ? approvedDraftPacks(drafts) : []) host.register(pack);
  await host.start();
  return { host, provider, draftId };
}

function tempDrafts(): WorkflowDrafts {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-drafts-'));
  dirs.push(dir);
  return new WorkflowDrafts(dir);
}

describe('workflows generated from a problem statement', () => {
  it('feeds problems back to the planner, saves the valid proposal as a draft (not run), then approval registers it and it runs', async () => {
    const drafts = tempDrafts();
    const store = new MemoryStore();
    const { host, provider, draftId } = await startHost([{ text: JSON.stringify(badProposal) }, { text: JSON.stringify(goodProposal) }], store);
    const { draft, file } = await generateDraft(host, drafts, draftId, 'Summarise a text in one sentence');
    expect(file).toBe(join(drafts.dir, `${draftId}.json`));
    expect(draft).toMatchObject({ id: draftId, status: 'draft', rounds: 2, definition: { id: `generated.${draftId}`, version: '1.0.0' } });
    // The planner saw the catalog (tools with schemas, personas) and, the second time, the problem.
    const prompts = provider.calls.map((call) => call.request.messages.at(-1)!.content);
    expect(prompts[0]).toContain('"summarize"');
    expect(prompts[0]).toContain('"workflow.planner"');
    expect(prompts[1]).toContain('E_TASK_UNKNOWN_EXECUTOR_REF');
    // A draft is not registered and never run.
    expect(host.registry.get('workflow', draft.definition.id)).toBeUndefined();
    expect((await store.listRuns({ definitionId: draft.definition.id })).runs).toHaveLength(0);

    const approved = await approveDraft(host, drafts, draftId, 'lead');
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'lead' });
    const { runId } = await host.engine.startWorkflow(draft.definition.id, { input: { text: 'Owls hunt at night. They are quiet.' } });
    const done = await host.engine.wait(runId, { untilTerminal: true });
    expect(done.status).toBe('completed');
    expect(done.output).toBe('Owls hunt at night');
    expect(done.pin.packVersions[`draft.${draftId}`]).toBe('1.0.0');
    const audit = await store.listAudit({});
    expect(audit.find((entry) => entry.action === 'workflow.registered')).toMatchObject({ actor: 'lead', data: { workflowId: draft.definition.id, pack: `draft.${draftId}` } });
    await expect(approveDraft(host, drafts, draftId, 'lead')).rejects.toMatchObject({ code: 'E_DRAFT_APPROVED' });
  });

  it('an approved draft is registered again by the next host (another process), pinned as its own pack', async () => {
    const drafts = tempDrafts();
    const first = await startHost([{ text: JSON.stringify(goodProposal) }]);
    await generateDraft(first.host, drafts, first.draftId, 'Summarise');
    await approveDraft(first.host, drafts, first.draftId, 'lead');
    const second = await startHost([], new MemoryStore(), newDraftId(), drafts);
    const { runId } = await second.host.engine.startWorkflow(`generated.${first.draftId}`, { input: { text: 'A. B.' } });
    expect((await second.host.engine.wait(runId, { untilTerminal: true })).output).toBe('A');
  });

  it('gives up with E_GENERATE_FAILED and the last problems after the repair rounds; refuses unknown drafts and missing planners', async () => {
    const drafts = tempDrafts();
    const { host, draftId } = await startHost([{ text: JSON.stringify(badProposal) }, { text: '"just text"' }]);
    const failure = await generateDraft(host, drafts, draftId, 'Summarise').catch((error: unknown) => error);
    expect(isTroupeError(failure, 'E_GENERATE_FAILED')).toBe(true);
    expect((failure as { details: { rounds: number; problems: string } }).details).toMatchObject({ rounds: 3 });
    expect(drafts.list()).toEqual([]);
    await expect(approveDraft(host, drafts, 'd00000000', 'lead')).rejects.toMatchObject({ code: 'E_DRAFT_NOT_FOUND' });
    await expect(approveDraft(host, drafts, '../etc/passwd', 'lead')).rejects.toMatchObject({ code: 'E_DRAFT_NOT_FOUND' });
    await expect(generateDraft(host, drafts, newDraftId(), 'x', { personaId: 'nobody' })).rejects.toMatchObject({ code: 'E_GENERATE_NO_PLANNER' });
  });

  it('registerWorkflow after start checks the definition like a pack workflow (E_WORKFLOW_INVALID) and needs a started host', async () => {
    const { host } = await startHost([]);
    await expect(
      host.registerWorkflow({ id: 'loose', version: '1.0.0', tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'nope' } }] }, { actor: 'x', packId: 'p', packVersion: '1.0.0' }),
    ).rejects.toMatchObject({ code: 'E_WORKFLOW_INVALID' });
    expect(host.checkWorkflow({ id: 'secretive', version: '1.0.0', requiredSecrets: ['API_KEY'], tasks: [{ id: 'a', executor: { type: 'tool', toolId: 'summarize' } }] }).map((p) => p.code)).toEqual([
      'E_SECRET_MISSING',
    ]);
    const idle = createHost({ logLevel: 'silent' });
    expect(() => idle.checkWorkflow({})).toThrow(expect.objectContaining({ code: 'E_HOST_STATE' }));
  });
});

describe('WorkflowDrafts', () => {
  it('skips files that are not drafts instead of failing every command', () => {
    const drafts = tempDrafts();
    drafts.save({ id: 'd0000000a', statement: 's', createdAt: 1, status: 'approved', definition: { id: 'generated.d0000000a', version: '1.0.0', tasks: [] }, generationRunId: 'r', rounds: 1 });
    writeFileSync(join(drafts.dir, 'd0000000b.json'), '{ cut sho');
    writeFileSync(join(drafts.dir, 'd0000000c.json'), '{"id":"d0000000c"}');
    writeFileSync(join(drafts.dir, 'notes.txt'), 'hello');
    expect(drafts.list().map((draft) => draft.id)).toEqual(['d0000000a']);
    expect(approvedDraftPacks(drafts).map((pack) => pack.id)).toEqual(['draft.d0000000a']);
  });
});

describe('dynamic tasks at pack registration', () => {
  it('a pack whose forEach or loop lacks its bound fails to load, with the schema problem', async () => {
    const host = createHost({ logLevel: 'silent' });
    hosts.push(host);
    host.override(Services.store, new MemoryStore());
    host.register(
      defineInlinePack({
        id: 'unbounded',
        version: '1.0.0',
        descriptors: [
          summarize,
          { kind: 'workflow', id: 'fan', payload: { definition: { id: 'fan', version: '1.0.0', tasks: [{ id: 'x', executor: { type: 'tool', toolId: 'summarize' }, forEach: { items: 'input.list' } }] } } } as never,
        ],
      }),
    );
    const report = await host.start();
    const pack = report.packs.find((entry) => entry.id === 'unbounded')!;
    expect(pack.status).toBe('failed');
    expect(JSON.stringify(pack.errors)).toContain('maxItems');
  });
});
