import { TERMINAL_RUN_STATUSES, TroupeError } from '@troupe/sdk';
import { DEFAULT_CONFIG_FILE, loadHostConfig } from '@troupe/runtime';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExitCode } from '../CliIo.js';
import { configOption, type Command } from '../Command.js';

export const watchCommand: Command = {
  name: 'watch',
  summary: 'watch one run, or every run, of a running `troupe serve` live in the terminal',
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
      const view = createWatchView({ client, output: io.stdout, signal: stop.signal, ...(runId !== undefined ? { runId } : {}) });
      await view.done;
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
