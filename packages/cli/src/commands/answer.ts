import { TroupeError } from '@troupe/sdk';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { answerTask } from '../answerTask.js';
import { cliActor } from '../followRun.js';
import { tokenOption, urlOption } from '../remoteRun.js';
import { readJsonOption } from '../readJsonOption.js';

export const answerCommand: CommandBody = {
  args: '<runId> <taskId>',
  positionals: { min: 2, max: 2 },
  options: {
    config: configOption,
    value: { type: 'string', placeholder: 'JSON|@FILE', description: "the answer, checked against the task's inputSchema" },
    json: jsonOption,
    url: urlOption,
    token: tokenOption,
  },
  run(input, io) {
    const [runId, taskId] = input.positionals as [string, string];
    if (typeof input.values.value !== 'string') throw new TroupeError('E_CLI_USAGE', { problem: 'troupe answer needs --value JSON (or --value @file)' });
    const value = readJsonOption('--value', input.values.value, io.cwd);
    return answerTask(input, io, runId, taskId, 'input', { value, actor: cliActor(io) });
  },
};
