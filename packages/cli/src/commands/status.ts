import { TroupeError, type RunState, type UsageTotals, type WorkflowDefinition } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { pendingQuestions, questionLines, type PendingQuestion } from '../followRun.js';
import { openCliStore } from '../openCliStore.js';
import { formatDuration, formatTime, preview, textTable } from '../textTable.js';

export const statusCommand: CommandBody = {
  args: '<runId>',
  positionals: { min: 1, max: 1 },
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    const [runId] = input.positionals as [string];
    const { store, host, close } = await openCliStore(input, io);
    try {
      const state = await store.getRun(runId);
      if (!state) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
      const definition = await store.getDefinition(runId);
      // A waiting run also says what it waits for (a guardrail's reason included) and how to answer it.
      const questions = state.status === 'awaiting_input' ? await pendingQuestions(store, state, input, { cwd: io.cwd }) : [];
      const text = input.values.json
        ? `${JSON.stringify(questions.length > 0 ? { ...state, questions } : state, null, 2)}\n`
        : statusText(state, definition) + questionsText(questions);
      io.stdout.write(host.secrets.scrub(text));
      return ExitCode.ok;
    } finally {
      await close();
    }
  },
};

function statusText(state: RunState, definition: WorkflowDefinition | undefined): string {
  const { pin } = state;
  const ended = state.endedAt ?? state.updatedAt;
  const packs = Object.entries(pin.packVersions).map(([id, version]) => `${id}@${version}`).join(', ');
  const lines = [
    `run       ${state.runId}`,
    `workflow  ${pin.definitionId}@${pin.definitionVersion} (definition ${pin.definitionHash.slice(0, 12)})`,
    `status    ${state.status}${state.error ? `: ${state.error.code}: ${state.error.message}` : ''}`,
  ];
  if (state.error?.hint) lines.push(`          hint: ${state.error.hint}`);
  lines.push(
    `created   ${formatTime(state.createdAt)}`,
    `${state.endedAt !== undefined ? 'ended   ' : 'updated '}  ${formatTime(ended)} (${formatDuration(ended - state.createdAt)})`,
  );
  if (packs) lines.push(`packs     ${packs}`);
  if (state.usage) lines.push(`usage     ${usageText(state.usage)}`);
  if (state.parentRunId) lines.push(`parent    ${state.parentRunId} (task ${state.parentTaskId ?? '?'})`);
  if (state.output !== undefined) lines.push(`output    ${preview(state.output, 200)}`);

  // Tasks in definition order (the stored definition of the run), then any others.
  const order = definition?.tasks.map((task) => task.id) ?? [];
  const tasks = Object.values(state.tasks).sort((a, b) => rank(order, a.id) - rank(order, b.id));
  lines.push(
    '',
    ...textTable(
      ['TASK', 'STATUS', 'ATTEMPT', 'STARTED', 'DURATION', 'DETAIL'],
      tasks.map((task) => [
        task.id,
        task.status,
        String(task.attempt),
        formatTime(task.startedAt),
        task.startedAt !== undefined && task.endedAt !== undefined ? formatDuration(task.endedAt - task.startedAt) : '-',
        task.error ? preview(`${task.error.code}: ${task.error.message}`, 80) : task.status === 'completed' ? preview(task.output) : task.answeredBy ? `answered by ${task.answeredBy}` : '',
      ]),
    ),
  );
  const seats = Object.values(state.seats);
  if (seats.length > 0) {
    lines.push(
      '',
      ...(state.usage
        ? textTable(
            ['SEAT', 'PERSONA', 'STATUS', 'TASK', 'USAGE', 'PREVIEW'],
            seats.map((seat) => [seat.roleId, seat.personaId, seat.status, seat.taskId ?? '-', seat.usage ? usageText(seat.usage) : '-', preview(seat.lastOutputPreview ?? '', 60)]),
          )
        : textTable(
            ['SEAT', 'PERSONA', 'STATUS', 'TASK', 'PREVIEW'],
            seats.map((seat) => [seat.roleId, seat.personaId, seat.status, seat.taskId ?? '-', preview(seat.lastOutputPreview ?? '', 60)]),
          )),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `3 calls, 120 in + 40 out tokens, $0.0012` (the cost only when calls were priced). */
function usageText(usage: UsageTotals): string {
  const cost = usage.costUsd !== undefined ? `, $${usage.costUsd < 0.01 ? usage.costUsd.toPrecision(2) : usage.costUsd.toFixed(2)}` : '';
  return `${usage.calls} call${usage.calls === 1 ? '' : 's'}, ${usage.inputTokens} in + ${usage.outputTokens} out tokens${cost}`;
}

function rank(order: readonly string[], id: string): number {
  const at = order.indexOf(id);
  return at < 0 ? order.length : at;
}

function questionsText(questions: readonly PendingQuestion[]): string {
  if (questions.length === 0) return '';
  const lines = ['', 'waiting for:'];
  for (const question of questions) lines.push(...questionLines(question));
  return `${lines.join('\n')}\n`;
}
