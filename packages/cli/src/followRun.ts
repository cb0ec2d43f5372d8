import { userInfo } from 'node:os';
import type { TroupeHost } from '@troupe/runtime';
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
  const off = progress ? host.engine.subscribe((update) => progress.update(update)) : undefined;
  let state: RunState;
  try {
    // `show` draws a stored run's tasks before the change, so no update of it is missed.
    await change((before) => progress?.init(before));
    state = await host.engine.wait(runId);
  } finally {
    off?.();
    progress?.finish();
  }
  const questions = state.status === 'awaiting_input' ? await pendingQuestions(host, state, input, io) : [];
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
      for (const question of questions) {
        lines.push(`  ${question.taskId} (${question.mode}${question.prompt ? `: ${question.prompt}` : ''})`);
        lines.push(`    ${question.command}`);
      }
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
export async function pendingQuestions(host: TroupeHost, state: RunState, input: CommandInput, io: Pick<CliIo, 'cwd'>): Promise<PendingQuestion[]> {
  const waiting = Object.values(state.tasks).filter((task) => task.status === 'awaiting_input');
  if (waiting.length === 0) return [];
  const asked = new Map<string, RunEvent>();
  for (const event of await readAllEvents(host, state.runId)) if (event.type === 'task.awaiting_input' && event.taskId !== undefined) asked.set(event.taskId, event);
  const config = typeof input.values.config === 'string' ? ` --config ${shellWord(input.values.config)}` : '';
  const troupe = troupeInvocation(io.cwd);
  return waiting.map((task) => {
    const data = asked.get(task.id)?.data ?? {};
    const mode = data.mode === 'input' ? 'input' : 'approval';
    const command =
      mode === 'input'
        ? `${troupe} answer ${state.runId} ${task.id} --value JSON${config}`
        : `${troupe} approve ${state.runId} ${task.id} [--reject] [--comment TEXT]${config}`;
    return { taskId: task.id, mode, ...(typeof data.prompt === 'string' ? { prompt: data.prompt } : {}), command };
  });
}

async function readAllEvents(host: TroupeHost, runId: string): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (;;) {
    const page = await host.engine.readEvents(runId, events.length, 1000);
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

function shellWord(text: string): string {
  return /^[\w./@:=+-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
