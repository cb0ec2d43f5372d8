import { configOption, jsonOption, type Command } from '../Command.js';
import { answerTask } from '../answerTask.js';
import { cliActor } from '../followRun.js';
import { tokenOption, urlOption } from '../remoteRun.js';

export const approveCommand: Command = {
  name: 'approve',
  summary: 'approve (or reject) a human approval task of a waiting run, then continue the run',
  args: '<runId> <taskId>',
  positionals: { min: 2, max: 2 },
  options: {
    config: configOption,
    reject: { type: 'boolean', description: 'reject instead of approving (the task fails with E_TASK_REJECTED)' },
    comment: { type: 'string', placeholder: 'TEXT', description: 'a comment recorded with the answer' },
    json: jsonOption,
    url: urlOption,
    token: tokenOption,
  },
  run(input, io) {
    const [runId, taskId] = input.positionals as [string, string];
    const comment = typeof input.values.comment === 'string' ? input.values.comment : undefined;
    return answerTask(input, io, runId, taskId, 'approval', {
      approved: input.values.reject !== true,
      actor: cliActor(io),
      ...(comment !== undefined ? { comment } : {}),
    });
  },
};
