import { v7 as timeOrderedUuid } from 'uuid';
import type { JsonValue } from '@troupe/sdk';
import { configOption, type CommandBody } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { cliActor, followRun } from '../followRun.js';
import { readJsonOption } from '../readJsonOption.js';
import { followRemoteRun, remoteTarget, tokenOption, urlOption } from '../remoteRun.js';

export const runCommand: CommandBody = {
  args: '<workflowId>',
  positionals: { min: 1, max: 1 },
  options: {
    config: configOption,
    input: { type: 'string', short: 'i', placeholder: 'JSON|@FILE', description: 'the run input: JSON, or @file to read it from a file (default {})' },
    version: { type: 'string', placeholder: 'RANGE', description: 'semver range the workflow definition must satisfy' },
    json: { type: 'boolean', description: 'print the final run state as JSON instead of progress' },
    url: urlOption,
    token: tokenOption,
  },
  async run(input, io) {
    const [workflowId] = input.positionals as [string];
    const runInput = typeof input.values.input === 'string' ? readJsonOption('--input', input.values.input, io.cwd) : {};
    const version = typeof input.values.version === 'string' ? input.values.version : undefined;
    const remote = remoteTarget(input, io);
    if (remote) {
      return followRemoteRun(remote, input, io, async (rest) => {
        const run = await rest.startRun({ definitionId: workflowId, input: runInput as JsonValue, ...(version !== undefined ? { versionRange: version } : {}) });
        return { runId: run.runId };
      });
    }
    const { host } = await startCliHost(input, io, { quiet: input.values.json === true, holder: `troupe run ${workflowId}` });
    try {
      const runId = timeOrderedUuid(); // time-ordered, as the engine's own ids
      return await followRun(host, runId, input, io, async () => {
        await host.engine.startWorkflow(workflowId, {
          runId,
          actor: cliActor(io),
          input: runInput,
          ...(version !== undefined ? { versionRange: version } : {}),
        });
      });
    } finally {
      await host.stop();
    }
  },
};
