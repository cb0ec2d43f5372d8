import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { answerTask } from '../answerTask.js';
import { cliActor } from '../followRun.js';
import { tokenOption, urlOption } from '../remoteRun.js';

export const approveCommand: CommandBody = {
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
