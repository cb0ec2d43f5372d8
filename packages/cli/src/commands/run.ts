import { randomUUID } from 'node:crypto';
import { configOption, type Command } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { cliActor, followRun } from '../followRun.js';
import { readJsonOption } from '../readJsonOption.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'run a workflow of the configured packs to completion, with live progress',
  args: '<workflowId>',
  positionals: { min: 1, max: 1 },
  options: {
    config: configOption,
    input: { type: 'string', short: 'i', placeholder: 'JSON|@FILE', description: 'the run input: JSON, or @file to read it from a file (default {})' },
    version: { type: 'string', placeholder: 'RANGE', description: 'semver range the workflow definition must satisfy' },
    json: { type: 'boolean', description: 'print the final run state as JSON instead of progress' },
  },
  async run(input, io) {
    const [workflowId] = input.positionals as [string];
    const runInput = typeof input.values.input === 'string' ? readJsonOption('--input', input.values.input, io.cwd) : {};
    const version = typeof input.values.version === 'string' ? input.values.version : undefined;
    const { host } = await startCliHost(input, io, { quiet: input.values.json === true, holder: `troupe run ${workflowId}` });
    try {
      const runId = randomUUID();
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
