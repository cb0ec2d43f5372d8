import { TroupeError, type RunFilter, type RunStatus, type RunSummary } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { openCliStore } from '../openCliStore.js';
import { positiveInteger } from '../positiveInteger.js';
import { formatDuration, formatTime, textTable } from '../textTable.js';

const STATUSES: readonly RunStatus[] = ['queued', 'running', 'awaiting_input', 'paused', 'completed', 'failed', 'cancelled'];

export const runsCommand: CommandBody = {
  options: {
    config: configOption,
    status: { type: 'string', short: 's', placeholder: 'S[,S]', description: `only runs in these statuses (${STATUSES.join(', ')})` },
    workflow: { type: 'string', short: 'w', placeholder: 'ID', description: 'only runs of this workflow' },
    limit: { type: 'string', short: 'n', placeholder: 'N', description: 'at most N runs (default 50, at most 500)' },
    cursor: { type: 'string', placeholder: 'CURSOR', description: 'the next page: nextCursor of the previous one (the same cursors as GET /v1/runs)' },
    json: jsonOption,
  },
  async run(input, io) {
    const filter: RunFilter = {
      order: 'desc',
      limit: positiveInteger('--limit', input.values.limit, 50, 500),
      ...(typeof input.values.status === 'string' ? { status: statuses(input.values.status) } : {}),
      ...(typeof input.values.workflow === 'string' ? { definitionId: input.values.workflow } : {}),
      ...(typeof input.values.cursor === 'string' ? { cursor: input.values.cursor } : {}),
    };
    const { store, host, description, close } = await openCliStore(input, io);
    try {
      const page = await store.listRuns(filter);
      if (input.values.json) {
        io.stdout.write(`${host.secrets.scrub(JSON.stringify({ runs: page.runs, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) }, null, 2))}\n`);
      } else if (page.runs.length === 0) {
        io.stdout.write(`No runs${filter.status ? ` in status ${[filter.status].flat().join(', ')}` : ''} (store ${description}).\n`);
      } else {
        io.stdout.write(`${host.secrets.scrub(runsTable(page.runs).join('\n'))}\n`);
        if (page.nextCursor) io.stdout.write(`(more runs: raise --limit, or --cursor ${page.nextCursor} for the next page)\n`);
      }
      return ExitCode.ok;
    } finally {
      await close();
    }
  },
};

function runsTable(runs: readonly RunSummary[]): string[] {
  return textTable(
    ['RUN', 'WORKFLOW', 'STATUS', 'CREATED', 'DURATION'],
    runs.map((run) => [
      run.runId,
      `${run.definitionId}@${run.definitionVersion}`,
      run.status,
      formatTime(run.createdAt),
      run.endedAt !== undefined ? formatDuration(run.endedAt - run.createdAt) : '-',
    ]),
  );
}

function statuses(text: string): RunStatus[] {
  const wanted = text.split(',').map((part) => part.trim()).filter(Boolean);
  const unknown = wanted.filter((status) => !STATUSES.includes(status as RunStatus));
  if (wanted.length === 0 || unknown.length > 0) {
    throw new TroupeError('E_CLI_USAGE', { problem: `troupe runs: unknown status ${unknown.map((s) => `"${s}"`).join(', ') || '""'}; use one or more of ${STATUSES.join(', ')}` });
  }
  return wanted as RunStatus[];
}
