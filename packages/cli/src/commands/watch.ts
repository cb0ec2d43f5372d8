import { TERMINAL_RUN_STATUSES, TroupeError } from '@troupe/sdk';
import { DEFAULT_CONFIG_FILE, loadHostConfig } from '@troupe/runtime';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode, type CliOutput } from '../CliIo.js';
import { configOption, type CommandBody, type CommandInput } from '../Command.js';
import { questionLines, questionOf, type PendingQuestion, type RemoteTarget } from '../followRun.js';

export const watchCommand: CommandBody = {
  args: '[runId]',
  positionals: { min: 0, max: 1 },
  options: {
    all: { type: 'boolean', short: 'a', description: 'watch every run (the active ones first) until stopped' },
    url: { type: 'string', placeholder: 'URL', description: 'the server (default: from the config\'s server, else http://127.0.0.1:7373)' },
    token: { type: 'string', placeholder: 'TOKEN', description: 'bearer token (default: $TROUPE_TOKEN)' },
    config: configOption,
  },
  async run(input, io) {
    const runId = input.positionals[0];
    if ((runId === undefined) === (input.values.all !== true)) {
      throw new TroupeError('E_CLI_USAGE', { problem: runId === undefined ? 'troupe watch needs a run id or --all' : 'troupe watch takes a run id or --all, not both' });
    }
    const url = typeof input.values.url === 'string' ? input.values.url : serverUrl(input.values.config, io.cwd);
    const token = typeof input.values.token === 'string' ? input.values.token : io.env.TROUPE_TOKEN;
    const { createClient, createWatchView } = await import('@troupe/client');
    const client = createClient({ url, ...(token ? { token } : {}), reconnect: { maxAttempts: 5 } });
    const stop = new AbortController();
    void io.interrupted?.then(() => stop.abort());
    try {
      // Fails fast with the server's own error (E_UNAUTHORIZED, E_RUN_NOT_FOUND) or a connection error.
      const run = runId !== undefined ? await client.rest.getRun(runId) : undefined;
      const questions = runId !== undefined ? new WaitingTasks(runId, input, { url, ...(token ? { token } : {}) }, io.stdout) : undefined;
      const view = createWatchView({ client, output: questions?.output ?? io.stdout, signal: stop.signal, ...(runId !== undefined ? { runId } : {}) });
      const asking = questions?.follow(await client.subscribe({ runId: runId!, since: 0 }));
      try {
        await view.done;
      } finally {
        await questions?.close();
        await asking;
      }
      const final = runId !== undefined ? view.model.runs.get(runId) : undefined;
      const status = final?.status ?? run?.status;
      if (runId === undefined || stop.signal.aborted) return ExitCode.ok;
      return status === 'completed' ? ExitCode.ok : status !== undefined && TERMINAL_RUN_STATUSES.includes(status) ? ExitCode.failed : ExitCode.ok;
    } finally {
      client.close();
    }
  },
};

/** The config's server address when there is a config (`--config` or ./troupe.config.json), else the default. */
function serverUrl(config: unknown, cwd: string): string {
  const file = typeof config === 'string' ? config : DEFAULT_CONFIG_FILE;
  const server = typeof config === 'string' || existsSync(resolve(cwd, file)) ? loadHostConfig(file, cwd).config.server : undefined;
  const host = server?.host ?? '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${server?.port ?? 7373}`;
}

/**
 * The tasks of a watched run that wait for a human, each with the exact
 * command that answers it: printed once when it starts waiting (plain
 * output), or kept under the live table (a terminal), until it is answered.
 */
class WaitingTasks {
  readonly #waiting = new Map<string, PendingQuestion>();
  #subscription: { unsubscribe(): Promise<void> } | undefined;
  readonly output: CliOutput;

  constructor(
    private readonly runId: string,
    private readonly input: CommandInput,
    private readonly remote: RemoteTarget,
    private readonly out: CliOutput,
  ) {
    const footer = (): string => (this.#waiting.size === 0 ? '' : `\n${[...this.#waiting.values()].flatMap(questionLines).join('\n')}\n`);
    // On a terminal every redraw of the table carries the questions under it.
    this.output = out.isTTY === true ? { isTTY: true, ...(out.columns !== undefined ? { columns: out.columns } : {}), ...(out.rows !== undefined ? { rows: Math.max(3, out.rows - 2 - this.#waiting.size * 3) } : {}), write: (text: string) => out.write(`${text}${footer()}`) } : out;
  }

  async follow(subscription: AsyncIterable<{ readonly type: string; readonly event?: { readonly type: string; readonly taskId?: string; readonly data?: Readonly<Record<string, unknown>> } }> & { unsubscribe(): Promise<void> }): Promise<void> {
    this.#subscription = subscription;
    const plain = this.out.isTTY !== true;
    let live = false;
    for await (const message of subscription) {
      if (message.type === 'live' && !live) {
        // Replayed: print what still waits now, not every question the run ever asked.
        live = true;
        if (plain) for (const question of this.#waiting.values()) this.out.write(`${questionLines(question).join('\n')}\n`);
      }
      const event = message.type === 'event' ? message.event : undefined;
      if (event?.taskId === undefined) continue;
      if (event.type === 'task.awaiting_input') {
        const question = questionOf(this.runId, event.taskId, event.data ?? {}, this.input, this.remote);
        this.#waiting.set(event.taskId, question);
        if (plain && live) this.out.write(`${questionLines(question).join('\n')}\n`);
      } else if (event.type !== 'guardrail.decision' && event.type !== 'seat.updated' && event.type !== 'task.progress') {
        this.#waiting.delete(event.taskId);
      }
    }
  }

  async close(): Promise<void> {
    await this.#subscription?.unsubscribe();
  }
}
