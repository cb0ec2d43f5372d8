import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, RunState } from '@troupe/sdk';
import { startFakeOpenAIServer } from '@troupe/testing';
import { REPO_ROOT, runCli, type ProcessResult } from './cliProcess.js';

/**
 * `troupe run` of every pattern and `troupe generate` → `troupe drafts approve`
 * → `troupe run`, through the built CLI, twice: with a local provider pack, and
 * with @troupe/pack-openai-compatible against a local OpenAI-compatible server
 * (streaming chat completions over HTTP, JSON mode for the JSON seats).
 *
 * The model behind every seat of these tests: answers by the persona (its
 * system message) and the prompt, deterministically. Self-contained: it is
 * also written into the fixture pack's source.
 */
function brain(system: string, user: string): string {
  if (system.includes('You design workflows')) {
    // The first proposal names a tool that does not exist; once told so, the planner fixes it.
    const fixed = user.includes('E_TASK_UNKNOWN_EXECUTOR_REF');
    return JSON.stringify({
      id: 'summary',
      version: '0.1.0',
      description: 'Summarise a text in one sentence',
      tasks: [{ id: 'short', executor: { type: 'tool', toolId: fixed ? 'summarize' : 'shorten' }, input: { text: { from: 'input.text' } } }],
      output: { from: 'tasks.short.output.summary' },
    });
  }
  if (system.includes('the planner')) return JSON.stringify({ subtasks: ['owls', 'bats'] });
  if (system.includes('the worker')) {
    const subtask = /"subtask": "([^"]+)"/.exec(user);
    return `notes on ${subtask ? subtask[1] : 'the task'}`;
  }
  if (system.includes('the synthesizer')) return 'Both hunt at night.';
  if (system.includes('the alice')) return 'I like cats.';
  if (system.includes('the bob')) return 'Dogs are fine too. DONE';
  if (system.includes('the proponent')) return 'It saves time.';
  if (system.includes('the opponent')) return 'It costs mentoring.';
  if (system.includes('the judge')) {
    return user.includes('"result"') ? JSON.stringify({ score: 90, feedback: 'clear' }) : JSON.stringify({ decided: true, winner: 'proponent', reasoning: 'better evidence' });
  }
  if (system.includes('the generator')) return 'Silent wings at dusk.';
  if (system.includes('the critic')) return JSON.stringify({ valid: true, feedback: 'fine' });
  return 'ok';
}

const ROLES = ['planner', 'worker', 'synthesizer', 'alice', 'bob', 'proponent', 'opponent', 'judge', 'generator', 'critic'];

/** A local pack: personas for every pattern role and a planner, the `summarize` tool, and (optionally) a provider running `brain`. */
function agentsPack(providerId: string, withProvider: boolean): string {
  const personas = ROLES.map((role) => ({ kind: 'persona', id: `${role}-seat`, payload: { instructions: `You are the ${role}.`, providerId, capabilities: [`patterns.${role}`] } }));
  personas.push({ kind: 'persona', id: 'architect', payload: { instructions: 'You design workflows.', providerId, capabilities: ['workflow.planner'] } });
  return `const brain = ${brain.toString()};
const personas = ${JSON.stringify(personas)};
const provider = {
  kind: 'provider',
  id: ${JSON.stringify(providerId)},
  payload: {
    async generate(request) {
      const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\\n');
      const user = request.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\\n');
      return { text: brain(system, user) };
    },
  },
};
const summarize = {
  kind: 'tool',
  id: 'summarize',
  payload: {
    description: 'Shortens a text to its first sentence.',
    inputSchema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    outputSchema: { type: 'object', required: ['summary'], properties: { summary: { type: 'string' } } },
    execute: (input) => ({ summary: input.text.split('.')[0] }),
  },
};
export default { descriptors: [...personas, summarize${withProvider ? ', provider' : ''}] };
`;
}

function scratchApp(packs: readonly Record<string, unknown>[], agents: string): string {
  const app = mkdtempSync(join(tmpdir(), 'troupe-agents-app-'));
  mkdirSync(join(app, 'agents'));
  writeFileSync(join(app, 'agents', 'package.json'), JSON.stringify({ name: '@fixtures/agents', version: '1.0.0', type: 'module', main: 'index.js', troupe: { manifestVersion: 1, engine: '^1.0.0' } }));
  writeFileSync(join(app, 'agents', 'index.js'), agents);
  writeFileSync(join(app, 'troupe.config.json'), JSON.stringify({ packs: [{ use: join(REPO_ROOT, 'packs/patterns') }, ...packs, { use: './agents' }], log: { level: 'warn' } }));
  return app;
}

const json = <T>(result: ProcessResult): T => {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
};

interface Setup {
  readonly name: string;
  /** The app folder, how many model requests reached an HTTP server so far, and how to clean up. */
  start(): Promise<{ app: string; requests(): number; stop(): Promise<void> }>;
}

const setups: Setup[] = [
  {
    name: 'a local provider pack',
    start: async () => {
      const app = scratchApp([], agentsPack('local-llm', true));
      return { app, requests: () => 0, stop: async () => rmSync(app, { recursive: true, force: true }) };
    },
  },
  {
    name: 'the OpenAI-compatible pack and a local OpenAI-compatible server',
    start: async () => {
      const server = await startFakeOpenAIServer({
        respond: (request) => {
          const of = (role: string) => request.body.messages.filter((message) => message.role === role).map((message) => message.content ?? '').join('\n');
          return brain(of('system'), of('user'));
        },
      });
      const app = scratchApp([{ use: join(REPO_ROOT, 'packs/openai-compatible'), options: { baseUrl: server.baseUrl, auth: 'none', model: 'fake-model' } }], agentsPack('openai-compatible', false));
      return {
        app,
        requests: () => server.requests.length,
        stop: async () => {
          await server.close();
          rmSync(app, { recursive: true, force: true });
        },
      };
    },
  },
];

describe.each(setups)('troupe with real agents ($name)', (setup) => {
  let app: string;
  let stop: () => Promise<void>;
  let requests: () => number;
  const troupe = (...args: string[]): Promise<ProcessResult> => runCli(args, { cwd: app });

  beforeAll(async () => {
    ({ app, stop, requests } = await setup.start());
  });
  afterAll(() => stop());

  it('runs each pattern of @troupe/pack-patterns to completion', async () => {
    const cases: [string, object, (output: Record<string, unknown>) => void][] = [
      ['patterns.orchestrator-worker', { goal: 'Compare owls and bats' }, (o) => expect(o).toEqual({ answer: 'Both hunt at night.', subtasks: ['owls', 'bats'], results: ['notes on owls', 'notes on bats'] })],
      ['patterns.group-chat', { topic: 'cats or dogs' }, (o) => expect(o).toMatchObject({ rounds: 1, stoppedBy: 'until' })],
      ['patterns.debate', { motion: 'Remote work is better' }, (o) => expect(o).toMatchObject({ rounds: 1, decided: true, verdict: { winner: 'proponent' } })],
      ['patterns.reflect', { task: 'Write a haiku about owls' }, (o) => expect(o).toEqual({ result: 'Silent wings at dusk.', rounds: 1 })],
      ['patterns.validation-gate', { task: 'Summarise the report' }, (o) => expect(o).toMatchObject({ score: 90, passed: true, escalated: false })],
    ];
    for (const [workflowId, input, check] of cases) {
      const result = await troupe('run', workflowId, '--input', JSON.stringify(input), '--json');
      const state = json<RunState>(result);
      expect([workflowId, state.status]).toEqual([workflowId, 'completed']);
      check(state.output as Record<string, unknown>);
    }
    // With the OpenAI-compatible pack, every seat's turn went over HTTP: 4 + 2 + 3 + 2 + 2 turns.
    if (setup.name.includes('OpenAI')) expect(requests()).toBe(13);
  }, 180_000);

  it('troupe generate proposes a workflow (repairing it once), saves a draft that does not run; drafts approve registers it; troupe run runs it', async () => {
    const before = requests();
    const generated = await troupe('generate', 'Summarise a text in one sentence', '--persona', 'architect', '--out', 'proposal.json', '--json');
    const draft = json<{ id: string; status: string; rounds: number; file: string; definition: { id: string } }>(generated);
    expect(draft).toMatchObject({ status: 'draft', rounds: 2, definition: { id: `generated.${draft.id}` } });
    // Two proposals: over HTTP when the planner is on the OpenAI-compatible pack.
    if (setup.name.includes('OpenAI')) expect(requests() - before).toBe(2);
    expect(JSON.parse(readFileSync(join(app, 'proposal.json'), 'utf8'))).toMatchObject({ id: `generated.${draft.id}`, tasks: [{ executor: { toolId: 'summarize' } }] });

    const notYet = await troupe('run', draft.definition.id, '--input', '{"text":"A. B."}', '--json');
    expect(notYet.code).not.toBe(0);
    expect(notYet.stderr).toContain('E_WORKFLOW_NOT_FOUND');

    const listed = await troupe('drafts', 'list');
    expect(listed.stdout).toMatch(new RegExp(`^${draft.id}\\s+draft\\s+generated\\.${draft.id}@1\\.0\\.0`, 'm'));
    const approved = await troupe('drafts', 'approve', draft.id);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`registered generated.${draft.id}@1.0.0`);

    const ran = json<RunState>(await troupe('run', draft.definition.id, '--input', '{"text":"Owls hunt at night. They are quiet."}', '--json'));
    expect(ran).toMatchObject({ status: 'completed', output: 'Owls hunt at night', pin: { packVersions: { [`draft.${draft.id}`]: '1.0.0' } } });
    const { entries } = json<{ entries: AuditEntry[] }>(await troupe('audit', '--action', 'workflow.registered', '--json'));
    expect(entries).toEqual([expect.objectContaining({ action: 'workflow.registered', actor: expect.stringMatching(/^cli:/), data: expect.objectContaining({ workflowId: draft.definition.id }) })]);
  }, 180_000);

  it('refuses to approve an unknown draft with E_DRAFT_NOT_FOUND', async () => {
    const result = await troupe('drafts', 'approve', 'd00000000');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('E_DRAFT_NOT_FOUND');
  });
});
