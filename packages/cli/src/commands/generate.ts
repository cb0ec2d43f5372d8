import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateDraft, generatorPack, MAX_REPAIR_ROUNDS, newDraftId } from '@troupe/runtime';
import { TroupeError } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { startCliHost } from '../createCliHost.js';
import { draftsOf } from '../draftsDir.js';
import { cliActor } from '../followRun.js';

export const generateCommand: CommandBody = {
  args: '<statement>',
  positionals: { min: 1, max: 1 },
  options: {
    config: configOption,
    persona: { type: 'string', short: 'p', placeholder: 'ID', description: 'persona of the planner seat (default: the one with capability workflow.planner)' },
    out: { type: 'string', short: 'o', placeholder: 'FILE', description: 'also write the proposed workflow definition to FILE' },
    repairs: { type: 'string', placeholder: 'N', description: `rounds that feed problems back to the planner (0-${MAX_REPAIR_ROUNDS}, default 3)` },
    json: jsonOption,
  },
  async run(input, io) {
    const [statement] = input.positionals as [string];
    if (statement.trim() === '') throw new TroupeError('E_CLI_USAGE', { problem: 'the problem statement is empty' });
    const repairs = input.values.repairs === undefined ? undefined : Number(input.values.repairs);
    if (repairs !== undefined && (!Number.isInteger(repairs) || repairs < 0 || repairs > MAX_REPAIR_ROUNDS)) {
      throw new TroupeError('E_CLI_USAGE', { problem: `--repairs must be an integer from 0 to ${MAX_REPAIR_ROUNDS}` });
    }
    const personaId = typeof input.values.persona === 'string' ? input.values.persona : undefined;
    const draftId = newDraftId();
    const { host } = await startCliHost(input, io, {
      quiet: true,
      beforeStart: (created) => {
        created.register(generatorPack(created, draftId, { ...(personaId !== undefined ? { personaId } : {}), ...(repairs !== undefined ? { repairRounds: repairs } : {}) }));
      },
    });
    try {
      const { draft, file } = await generateDraft(host, draftsOf(host.baseDir), draftId, statement, { ...(personaId !== undefined ? { personaId } : {}), actor: cliActor(io) });
      if (typeof input.values.out === 'string') writeFileSync(resolve(io.cwd, input.values.out), `${JSON.stringify(draft.definition, null, 2)}\n`);
      if (input.values.json) {
        io.stdout.write(`${JSON.stringify({ ...draft, file }, null, 2)}\n`);
      } else {
        const tasks = draft.definition.tasks.map((task) => `${task.id} (${task.executor.type}${task.forEach ? ', forEach' : ''}${task.loop ? ', loop' : ''})`).join(', ');
        io.stdout.write(
          [
            `draft ${draft.id}: ${draft.definition.description ?? draft.definition.id} (valid after ${draft.rounds} proposal(s))`,
            `tasks: ${tasks}`,
            `saved: ${file}`,
            `review it, then approve it with: troupe drafts approve ${draft.id}`,
            '',
          ].join('\n'),
        );
      }
      return ExitCode.ok;
    } finally {
      await host.stop();
    }
  },
};
