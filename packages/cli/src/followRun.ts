import { userInfo } from 'node:os';
import type { RunUpdate, TroupeHost } from '@troupe/runtime';
import type { RunEvent, RunState } from '@troupe/sdk';
import { causeLines, codeAndMessage } from './causeLines.js';
import { ExitCode, type CliIo } from './CliIo.js';
import type { CommandInput } from './Command.js';
import { RunProgress } from './RunProgress.js';
import { formatDuration } from './textTable.js';
import { troupeInvocation } from './troupeInvocation.js';

/** Who the CLI acts as in the audit log and on answered tasks. */
export function cliActor(io: CliIo): string {
  return `cli:${io.env.USER ?? io.env.USERNAME ?? osUserName() ?? 'unknown'}`;
}

/** The OS account's name when the environment names no user (cron, containers, services). */
function osUserName(): string | undefined {
  try {
    return userInfo().username || undefined;
  } catch {
    // No passwd entry for this uid (some containers).
    return undefined;
  }
}

/** A task waiting for a human, and the command that answers it. */
export interface PendingQuestion {
  readonly taskId: string;
  readonly mode: 'approval' | 'input';
  readonly prompt?: string;
  /** Set when a guardrail's require_approval asks: which guardrails, on which side of the task, and why. */
  readonly guardrail?: { readonly ids: readonly string[]; readonly phase: string; readonly reason: string };
  readonly command: string;
}

/**
 * Drives one run from the command line: shows its progress while `change`
 * (starting it, answering one of its tasks) and everything after it happens,
 * until the run ends or waits for a human; then prints the outcome. Resolves
 * with the exit status: 0 completed, 1 failed, cancelled or paused, 3 waiting.
 */
export async function followRun(
  host: TroupeHost,
  runId: string,
  input: CommandInput,
  io: CliIo,
  change: (show: (state: RunState) => void) => Promise<unknown>,
): Promise<number> {
  const json = input.values.json === true;
  const scrub = (text: string): string => host.secrets.scrub(text);
  const progress = json ? undefined : new RunProgress(io.stdout, runId, scrub);
  // Updates wait until the change is accepted: a refused one (invalid answer, missing secret) prints only its error.
  let held: RunUpdate[] | undefined = [];
  const off = progress ? host.engine.subscribe((update) => (held ? held.push(update) : progress.update(update))) : undefined;
  let state: RunState;
  try {
    // `show` draws a stored run's tasks as they were before the change; the held updates follow.
    await change((before) => progress?.init(before));
    for (const update of held) progress?.update(update);
    held = undefined;
    state = await host.engine.wait(runId);
  } finally {
    off?.();
    progress?.finish();
  }
  const questions = state.status === 'awaiting_input' ? await pendingQuestions(host.engine, state, input, { cwd: io.cwd }) : [];
  return printOutcome(state, questions, json, io, scrub);
}

/** Prints where a run stopped (its JSON state with `--json`) and resolves the exit status: 0 completed, 3 waiting, 1 otherwise. */
export function printOutcome(state: RunState, questions: readonly PendingQuestion[], json: boolean, io: CliIo, scrub: (text: string) => string = (text) => text): number {
  if (json) {
    io.stdout.write(`${scrub(JSON.stringify(questions.length > 0 ? { ...state, questions } : state, null, 2))}\n`);
  } else {
    io.stdout.write(scrub(outcomeText(state, questions)));
  }
  if (state.status === 'completed') return ExitCode.ok;
  if (state.status === 'awaiting_input') return ExitCode.waiting;
  return ExitCode.failed;
}

function outcomeText(state: RunState, questions: readonly PendingQuestion[]): string {
  const took = state.endedAt !== undefined ? ` in ${formatDuration(state.endedAt - state.createdAt)}` : '';
  const lines = [''];
  switch (state.status) {
    case 'completed':
      lines.push(`✓ run ${state.runId} completed${took}`);
      if (state.output !== undefined) lines.push('output:', JSON.stringify(state.output, null, 2));
      break;
    case 'awaiting_input':
      lines.push(`? run ${state.runId} is waiting for a human answer:`);
      for (const question of questions) lines.push(...questionLines(question));
      lines.push('The run is saved; it goes on from where it stopped once answered.');
      break;
    default: {
      lines.push(`✗ run ${state.runId} ${state.status}${took}${state.error ? `: ${codeAndMessage(state.error)}` : ''}`);
      if (state.error?.hint) lines.push(`  hint: ${state.error.hint}`);
      if (state.error) lines.push(...causeLines(state.error, '  '));
      // The task the run's error already names is not said again.
      const named = state.error?.details?.taskId;
      const failed = Object.values(state.tasks).filter((task) => task.status === 'failed' && task.error && task.id !== named);
      for (const task of failed) lines.push(`  task ${task.id}: ${task.error!.code}: ${task.error!.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The tasks the run waits on, each with the command that answers it (the --config given, if any, included). */
export async function pendingQuestions(
  log: EventLog,
  state: RunState,
  input: CommandInput,
  where: { readonly remote?: RemoteTarget; readonly cwd?: string } = {},
): Promise<PendingQuestion[]> {
  const waiting = Object.values(state.tasks).filter((task) => task.status === 'awaiting_input');
  if (waiting.length === 0) return [];
  const asked = new Map<string, RunEvent>();
  for (const event of await readAllEvents(log, state.runId)) if (event.type === 'task.awaiting_input' && event.taskId !== undefined) asked.set(event.taskId, event);
  return waiting.map((task) => questionOf(state.runId, task.id, asked.get(task.id)?.data ?? {}, input, where.remote, where.cwd === undefined ? 'troupe' : troupeInvocation(where.cwd)));
}

/**
 * The question a `task.awaiting_input` event asks, with the exact command
 * that answers it: through a server, the same --url (the token stays out of
 * what is printed: set TROUPE_TOKEN); locally, the --config given, if any.
 */
export function questionOf(
  runId: string,
  taskId: string,
  data: Readonly<Record<string, unknown>>,
  input: CommandInput,
  remote?: RemoteTarget,
  troupe = 'troupe',
): PendingQuestion {
  const config = remote ? ` --url ${shellWord(remote.url)}` : typeof input.values.config === 'string' ? ` --config ${shellWord(input.values.config)}` : '';
  const mode = data.mode === 'input' ? 'input' : 'approval';
  const command =
    mode === 'input' ? `${troupe} answer ${runId} ${taskId} --value JSON${config}` : `${troupe} approve ${runId} ${taskId} [--reject] [--comment TEXT]${config}`;
  return { taskId, mode, ...(typeof data.prompt === 'string' ? { prompt: data.prompt } : {}), ...guardrailOf(data), command };
}

/** Where a run's events are read: the host's engine, the store, or a server. */
export interface EventLog {
  readEvents(runId: string, afterSeq?: number, limit?: number): Promise<readonly RunEvent[]>;
}

/** A server the CLI acts through (`--url`, `$TROUPE_URL`). */
export interface RemoteTarget {
  readonly url: string;
  readonly token?: string;
}

async function readAllEvents(log: EventLog, runId: string): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (;;) {
    const page = await log.readEvents(runId, events.length, 1000);
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

function shellWord(text: string): string {
  return /^[\w./@:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** A waiting task as the CLI prints it: what it asks (a guardrail's reason too), then the command that answers it. */
export function questionLines(question: PendingQuestion): string[] {
  const lines = [`  ${question.taskId} (${question.mode}${question.prompt ? `: ${question.prompt}` : ''})`];
  const guardrail = question.guardrail;
  if (guardrail) lines.push(`    guardrail ${guardrail.ids.join(', ') || 'policy'} asks before the task's ${guardrail.phase} goes on: ${guardrail.reason}`);
  lines.push(`    ${question.command}`);
  return lines;
}

/** What a guardrail's require_approval recorded on task.awaiting_input: shown to the approver. */
export function guardrailOf(data: Readonly<Record<string, unknown>>): { guardrail?: NonNullable<PendingQuestion['guardrail']> } {
  if (data.guardrail !== true) return {};
  const ids = Array.isArray(data.guardrailIds) ? data.guardrailIds.filter((id): id is string => typeof id === 'string') : [];
  return { guardrail: { ids, phase: typeof data.phase === 'string' ? data.phase : 'input', reason: typeof data.reason === 'string' ? data.reason : '' } };
}
