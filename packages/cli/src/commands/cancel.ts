import type { RunState } from '@troupe/sdk';
import { ExitCode, type CliIo } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { cliActor } from '../followRun.js';
import { remoteTarget, tokenOption, urlOption } from '../remoteRun.js';

export const cancelCommand: CommandBody = {
  args: '<runId>',
  positionals: { min: 1, max: 1 },
  options: {
    config: configOption,
    reason: { type: 'string', placeholder: 'TEXT', description: 'why, recorded with the cancellation (default "cancelled from the CLI")' },
    json: jsonOption,
    url: urlOption,
    token: tokenOption,
  },
  async run(input, io) {
    const [runId] = input.positionals as [string];
    const reason = typeof input.values.reason === 'string' ? input.values.reason : 'cancelled from the CLI';
    const remote = remoteTarget(input, io);
    if (remote) {
      const { createClient } = await import('@troupe/client');
      const client = createClient({ url: remote.url, ...(remote.token ? { token: remote.token } : {}) });
      try {
        return printCancelled(await client.rest.cancel(runId, reason), input.values.json === true, io);
      } finally {
        client.close();
      }
    }
    const { host } = await startCliHost(input, io, { quiet: true, holder: `troupe cancel ${runId}` });
    try {
      const state = await host.engine.cancel(runId, reason, cliActor(io));
      return printCancelled(state, input.values.json === true, io, (text) => host.secrets.scrub(text));
    } finally {
      await host.stop();
    }
  },
};

function printCancelled(state: RunState, json: boolean, io: CliIo, scrub: (text: string) => string = (text) => text): number {
  io.stdout.write(scrub(json ? `${JSON.stringify(state, null, 2)}\n` : `cancelled run ${state.runId}${state.error ? `: ${state.error.message}` : ''}\n`));
  return ExitCode.ok;
}
