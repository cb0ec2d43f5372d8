import type { RunEvent, RunState } from '@troupe/sdk';
import type { TroupeRestClient } from '@troupe/client';
import type { CliIo } from './CliIo.js';
import type { CommandInput, OptionSpec } from './Command.js';
import { pendingQuestions, printOutcome, type RemoteTarget } from './followRun.js';
import { RunProgress } from './RunProgress.js';

export const urlOption: OptionSpec = {
  type: 'string',
  placeholder: 'URL',
  description: 'act through the `troupe serve` at URL instead of on the local store (default: $TROUPE_URL)',
};

export const tokenOption: OptionSpec = { type: 'string', placeholder: 'TOKEN', description: 'bearer token for --url (default: $TROUPE_TOKEN)' };

/** The server a command acts through: `--url`, else `$TROUPE_URL`; none means the local store. */
export function remoteTarget(input: CommandInput, io: CliIo): RemoteTarget | undefined {
  const url = typeof input.values.url === 'string' ? input.values.url : io.env.TROUPE_URL;
  if (url === undefined || url === '') return undefined;
  const token = typeof input.values.token === 'string' ? input.values.token : io.env.TROUPE_TOKEN;
  return { url, ...(token ? { token } : {}) };
}

/** Events after which the run may have stopped moving (ended, paused, waits for a human). */
const QUIET_EVENTS = new Set<RunEvent['type']>(['seat.updated', 'task.progress', 'guardrail.decision', 'task.ready']);

/**
 * What `followRun` does for a local host, through a server: `act` changes the
 * run (start, answer) and resolves with its id and a line to print once the
 * server accepted the change; then the run's events stream in as progress
 * until it ends or waits, and the outcome is printed the same way.
 */
export async function followRemoteRun(
  target: RemoteTarget,
  input: CommandInput,
  io: CliIo,
  act: (rest: TroupeRestClient) => Promise<{ readonly runId: string; readonly accepted?: string }>,
): Promise<number> {
  const json = input.values.json === true;
  const { createClient } = await import('@troupe/client');
  const client = createClient({ url: target.url, ...(target.token ? { token: target.token } : {}), reconnect: { maxAttempts: 5 } });
  const stop = new AbortController();
  void io.interrupted?.then(() => stop.abort());
  try {
    const { runId, accepted } = await act(client.rest);
    if (accepted !== undefined && !json) io.stdout.write(accepted);
    let state = await client.rest.getRun(runId);
    const progress = json ? undefined : new RunProgress(io.stdout, runId);
    progress?.init(state);
    try {
      if (!settled(state.status)) {
        const subscription = await client.subscribe({ runId, since: state.seq });
        stop.signal.addEventListener('abort', () => void subscription.unsubscribe());
        for await (const message of subscription) {
          if (message.type !== 'event') continue;
          progress?.update({ event: message.event });
          if (QUIET_EVENTS.has(message.event.type)) continue;
          state = await client.rest.getRun(runId);
          if (settled(state.status)) break;
        }
      }
    } finally {
      progress?.finish();
    }
    state = await client.rest.getRun(runId);
    // Every event after `after` (the server pages them its own way).
    const log = {
      readEvents: async (id: string, after = 0): Promise<RunEvent[]> => {
        const events: RunEvent[] = [];
        for await (const event of client.rest.allEvents(id, after)) events.push(event);
        return events;
      },
    };
    const questions = state.status === 'awaiting_input' ? await pendingQuestions(log, state, input, { remote: target }) : [];
    return printOutcome(state, questions, json, io);
  } finally {
    client.close();
  }
}

function settled(status: RunState['status']): boolean {
  return status !== 'running' && status !== 'queued';
}
