import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, RunEvent, RunState, RunSummary } from '@troupe/sdk';
import { REPO_ROOT, runCli, type ProcessResult } from './cliProcess.js';
import { createScratchApp } from './scratchApp.js';

/**
 * `troupe run / approve / answer / runs / status / events / audit / prune`
 * as a user runs them: the built CLI in a scratch project folder, on the
 * embedded default store (`.troupe/troupe.db` next to the config).
 */
let app: string;

beforeAll(() => {
  app = createScratchApp();
  writeFileSync(join(app, 'input.json'), JSON.stringify({ name: 'File' }));
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

const troupe = (...args: string[]): Promise<ProcessResult> => runCli(args, { cwd: app });
const json = <T>(result: ProcessResult): T => JSON.parse(result.stdout) as T;

/** The run id `troupe run` printed. */
function runIdOf(result: ProcessResult): string {
  const match = /^run ([\w-]+): /m.exec(result.stdout);
  if (!match) throw new Error(`no run id in:\n${result.stdout}\n${result.stderr}`);
  return match[1]!;
}

describe('troupe run', () => {
  it('prints the startup report, a line per task transition and the output, on the embedded SQLite store', async () => {
    const result = await troupe('run', 'hello', '--input', '{"name":"Ada"}');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^@troupe\/pack-hello\s+1\.0\.0\s+active\s+.*workflow:hello/m);
    expect(result.stdout).toMatch(/^run [\w-]+: hello@1\.1\.0, 4 task\(s\)$/m);
    for (const task of ['greet', 'welcome', 'measure', 'shout']) {
      expect(result.stdout).toMatch(new RegExp(`^  ▸ ${task}\\s+running$`, 'm'));
      expect(result.stdout).toMatch(new RegExp(`^  ✓ ${task}\\s+completed\\s+\\d+ ms`, 'm'));
    }
    expect(result.stdout).toContain('{"greeting":"Hello, Ada!"}');
    expect(result.stdout).toMatch(/✓ run [\w-]+ completed in \d+ ms\noutput:\n\{\n {2}"greeting": "HELLO, ADA!"/);
    expect(result.stdout).not.toContain('\u001b[');
    expect(existsSync(join(app, '.troupe', 'troupe.db'))).toBe(true);
  });

  it('prints only the final run state with --json, and reads --input @file', async () => {
    const result = await troupe('run', 'hello', '--input', '@input.json', '--json');
    expect(result.code).toBe(0);
    const state = json<RunState>(result);
    expect(state).toMatchObject({ status: 'completed', output: { greeting: 'HELLO, FILE!', words: 2 }, pin: { definitionId: 'hello', packVersions: { '@troupe/pack-hello': '1.0.0' } } });
    expect(Object.values(state.tasks).map((task) => task.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(state.seats.host).toMatchObject({ personaId: 'greeter', status: 'done' });
  });

  it.each([
    [['run', 'hello', '--input', '{"name":'], 2, 'E_CLI_INPUT_INVALID: The value of --input is not valid JSON: ', 'hint: Pass JSON quoted for your shell'],
    [['run', 'hello', '--input', '@nowhere.json'], 2, 'E_CLI_INPUT_INVALID: The value of --input is not valid JSON (file ', 'the file does not exist'],
    [['run'], 2, 'E_CLI_USAGE: troupe run needs <workflowId>', 'hint: Run `troupe --help`'],
    [['run', 'goodbye'], 1, 'E_WORKFLOW_NOT_FOUND: No active workflow "goodbye"', 'hint: Check the id and version range'],
    [['run', 'hello', '--version', '^2.0.0'], 1, 'E_WORKFLOW_NOT_FOUND: No active workflow "hello" matching "^2.0.0" (active: 1.1.0)', 'hint:'],
    [['run', 'hello', '--input', '{"name":""}'], 1, 'E_INPUT_INVALID: The input is invalid: ', 'hint: Send input that matches the schema'],
  ])('%j exits %i with a code, a message and a hint', async (args, code, message, hint) => {
    const result = await troupe(...args);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('troupe approve / answer', () => {
  it('exits 3 with the command that answers, then approve continues the run to completion in a new process', async () => {
    const waiting = await troupe('run', 'review', '--input', '{"topic":"otters"}');
    expect(waiting.code).toBe(3);
    const runId = runIdOf(waiting);
    expect(waiting.stdout).toMatch(/^ {2}\? approve\s+awaiting_input\s+waiting for approval: Publish the draft\?$/m);
    expect(waiting.stdout).toContain(`? run ${runId} is waiting for a human answer:`);
    expect(waiting.stdout).toContain(`troupe approve ${runId} approve [--reject] [--comment TEXT]`);

    const approved = await troupe('approve', runId, 'approve', '--comment', 'ship it');
    expect(approved.stderr).toBe('');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain(`approved approve of run ${runId}`);
    expect(approved.stdout).toMatch(/^ {2}✓ publish\s+completed/m);
    expect(approved.stdout).toContain(`✓ run ${runId} completed`);

    const again = await troupe('approve', runId, 'approve');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`E_RUN_TERMINAL: Run ${runId} has already ended (completed)\n  hint: Start a new run; an ended run cannot be changed.\n`);
  });

  it('a rejection fails the run (exit 1) with E_TASK_REJECTED', async () => {
    const runId = runIdOf(await troupe('run', 'review'));
    const rejected = await troupe('approve', runId, 'approve', '--reject', '--comment', 'not yet');
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toContain(`rejected approve of run ${runId}`);
    expect(rejected.stdout).toMatch(/✗ run [\w-]+ failed/);
    expect(rejected.stdout).toContain('E_TASK_REJECTED');
  });

  it('answers an input task with a JSON value checked against its schema; a wrong answer changes nothing', async () => {
    const waiting = await troupe('run', 'form', '--json');
    expect(waiting.code).toBe(3);
    const state = json<RunState & { questions: { taskId: string; mode: string; command: string }[] }>(waiting);
    expect(state.questions).toEqual([{ taskId: 'ask', mode: 'input', prompt: 'How many?', command: `troupe answer ${state.runId} ask --value JSON` }]);

    const wrong = await troupe('answer', state.runId, 'ask', '--value', '{"n":"three"}');
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('E_ANSWER_INVALID: The answer for task ask is invalid');
    const mode = await troupe('approve', state.runId, 'ask');
    expect(mode.code).toBe(1);
    expect(mode.stderr).toContain(`E_CLI_ANSWER_MODE: Task ask of run ${state.runId} asks for an input value, which \`troupe approve\` does not give`);
    expect(mode.stderr).toContain('hint: Approvals: `troupe approve');
    const missing = await troupe('answer', state.runId, 'ask');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('E_CLI_USAGE: troupe answer needs --value JSON');

    const answered = await troupe('answer', state.runId, 'ask', '--value', '{"n":3}', '--json');
    expect(answered.code).toBe(0);
    expect(json<RunState>(answered)).toMatchObject({ status: 'completed', output: 3 });
  });

  it('names a run or task that does not exist', async () => {
    const run = await troupe('approve', 'no-such-run', 'approve');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^E_RUN_NOT_FOUND: No run with id no-such-run\n {2}hint: List runs with `troupe runs`/);
    const runId = runIdOf(await troupe('run', 'review'));
    const task = await troupe('approve', runId, 'nope');
    expect(task.code).toBe(1);
    expect(task.stderr).toContain(`E_TASK_NOT_FOUND: Run ${runId} has no task nope`);
  });
});

describe('troupe runs / status / events / audit / prune on the database real runs produced', () => {
  let completed: RunState;
  beforeAll(async () => {
    completed = json<RunState>(await troupe('run', 'hello', '--json'));
  });

  it('lists runs newest first, filtered by status', async () => {
    const all = json<{ runs: RunSummary[] }>(await troupe('runs', '--json'));
    expect(all.runs[0]!.runId).toBe(completed.runId);
    expect(all.runs.length).toBeGreaterThanOrEqual(5);
    const waiting = json<{ runs: RunSummary[] }>(await troupe('runs', '--status', 'awaiting_input', '--json'));
    expect(waiting.runs.length).toBeGreaterThan(0);
    expect(waiting.runs.every((run) => run.status === 'awaiting_input')).toBe(true);
    const table = await troupe('runs', '--status', 'completed,failed', '--limit', '2');
    expect(table.stdout).toMatch(/^RUN\s+WORKFLOW\s+STATUS\s+CREATED\s+DURATION$/m);
    expect(table.stdout).toContain(`${completed.runId}  hello@1.1.0  completed`);
    expect(table.stdout).toContain('(more runs: raise --limit');

    const bad = await troupe('runs', '--status', 'done');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('E_CLI_USAGE: troupe runs: unknown status "done"; use one or more of queued, running');
    expect((await troupe('runs', '--limit', '0')).stderr).toContain('--limit must be a whole number from 1 to 500');
  });

  it('shows one run with its tasks, timings and seats', async () => {
    const status = await troupe('status', completed.runId);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^run {7}${completed.runId}$`, 'm'));
    expect(status.stdout).toMatch(/^workflow {2}hello@1\.1\.0 \(definition [0-9a-f]{12}\)$/m);
    expect(status.stdout).toMatch(/^status {4}completed$/m);
    expect(status.stdout).toMatch(/^TASK\s+STATUS\s+ATTEMPT\s+STARTED\s+DURATION\s+DETAIL$/m);
    expect(status.stdout.match(/^(greet|welcome|measure|shout)\s+completed\s+1\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\s+\d+ ms/gm)).toHaveLength(4);
    // The hello pack's echo provider reports token counts: the run and its seat show them.
    expect(status.stdout).toMatch(/^usage {5}1 call, \d+ in \+ \d+ out tokens$/m);
    expect(status.stdout).toMatch(/^host\s+greeter\s+done\s+welcome\s+1 call, \d+ in \+ \d+ out tokens\s+Hello! You said:/m);
    expect(json<RunState>(await troupe('status', completed.runId, '--json'))).toEqual(completed);

    const missing = await troupe('status', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('E_RUN_NOT_FOUND: No run with id nope');
  });

  it('prints the event log, gap-free from seq 1, or after --since', async () => {
    const events = json<RunEvent[]>(await troupe('events', completed.runId, '--json'));
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    expect(events[0]!.type).toBe('run.created');
    expect(events.at(-1)!.type).toBe('run.completed');
    expect(events.at(-1)!.seq).toBe(completed.seq);
    const tail = json<RunEvent[]>(await troupe('events', completed.runId, '--since', '3', '--json'));
    expect(tail[0]!.seq).toBe(4);
    const table = await troupe('events', completed.runId);
    expect(table.stdout).toMatch(/^SEQ\s+TIME\s+TYPE\s+TASK\s+DATA$/m);
    expect(table.stdout).toMatch(/^1\s+\S+Z\s+run\.created\s+-\s+\{"pin":/m);
    expect(table.stdout).toMatch(/^\d+\s+\S+Z\s+task\.completed\s+greet#1\s+\{"output":\{"greeting":"Hello, World!"\}\}$/m);
    expect((await troupe('events', completed.runId, '--since', 'x')).code).toBe(2);
    expect((await troupe('events', 'nope')).stderr).toContain('E_RUN_NOT_FOUND');
  });

  it('prints the audit log: packs, starts and answers, with who did them', async () => {
    const { entries } = json<{ entries: AuditEntry[] }>(await troupe('audit', '--json', '--limit', '500'));
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['pack.activated', 'pack.deactivated', 'run.started', 'task.answered']) expect(actions).toContain(action);
    expect(entries.find((entry) => entry.action === 'run.started' && entry.runId === completed.runId)!.actor).toMatch(/^cli:/);
    const forRun = json<{ entries: AuditEntry[] }>(await troupe('audit', '--run', completed.runId, '--json'));
    expect(forRun.entries.map((entry) => entry.action)).toEqual(['run.started']);
    const table = await troupe('audit', '--action', 'task.answered');
    expect(table.stdout).toMatch(/^TIME\s+ACTOR\s+ACTION\s+RUN\s+TASK\s+DATA$/m);
    expect(table.stdout).toMatch(/cli:\S+\s+task\.answered\s+[\w-]+\s+approve\s+\{"approved":true,"comment":"ship it"/);
  });

  it('prunes ended runs past the retention of the config, leaving waiting runs', async () => {
    const kept = await troupe('prune');
    expect(kept.stdout).toMatch(/^pruned 0 ended run\(s\) from sqlite:\.troupe\/troupe\.db \(kept: completed 30 d, failed 90 d, cancelled 30 d\)$/m);
    writeFileSync(join(app, 'prune.config.json'), JSON.stringify({ packs: [], retention: { completedDays: 0, failedDays: 0 } }));
    const before = json<{ runs: RunSummary[] }>(await troupe('runs', '--json', '--limit', '500')).runs;
    const ended = before.filter((run) => run.status === 'completed' || run.status === 'failed').length;
    const pruned = await troupe('prune', '--config', 'prune.config.json', '--json');
    expect(json<{ removed: number }>(pruned)).toEqual({ removed: ended });
    const after = json<{ runs: RunSummary[] }>(await troupe('runs', '--json', '--limit', '500')).runs;
    expect(after.length).toBe(before.length - ended);
    expect(after.every((run) => run.status === 'awaiting_input')).toBe(true);
  });
});

describe('read-only commands before any run', () => {
  it('do not create a database and say there are no runs', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'troupe-cli-empty-'));
    try {
      writeFileSync(join(empty, 'troupe.config.json'), JSON.stringify({ packs: [{ use: join(REPO_ROOT, 'packs/hello') }] }));
      const runs = await runCli(['runs'], { cwd: empty });
      expect(runs.stdout).toBe('No runs (store sqlite:.troupe/troupe.db).\n');
      expect((await runCli(['audit'], { cwd: empty })).stdout).toBe('No audit entries (store sqlite:.troupe/troupe.db).\n');
      expect((await runCli(['packs'], { cwd: empty })).code).toBe(0);
      expect(existsSync(join(empty, '.troupe'))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
