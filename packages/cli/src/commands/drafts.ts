import { approveDraft } from '@troupe/runtime';
import { TroupeError } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { createCliHost, startCliHost } from '../createCliHost.js';
import { draftsOf } from '../draftsDir.js';
import { cliActor } from '../followRun.js';
import { formatTime, textTable } from '../textTable.js';

export const draftsCommand: CommandBody = {
  args: 'list | show <id> | approve <id>',
  positionals: { min: 1, max: 2 },
  options: { config: configOption, json: jsonOption },
  async run(input, io) {
    const [action, id] = input.positionals as [string, string | undefined];
    const needsId = action === 'show' || action === 'approve';
    if (!['list', 'show', 'approve'].includes(action) || needsId !== (id !== undefined)) {
      throw new TroupeError('E_CLI_USAGE', { problem: 'usage: troupe drafts list | troupe drafts show <id> | troupe drafts approve <id>' });
    }
    if (action === 'approve') {
      const { host } = await startCliHost(input, io, { quiet: true });
      try {
        const draft = await approveDraft(host, draftsOf(host.baseDir), id!, cliActor(io));
        io.stdout.write(
          input.values.json
            ? `${JSON.stringify(draft, null, 2)}\n`
            : `approved ${draft.id}: registered ${draft.definition.id}@${draft.definition.version}\nrun it with: troupe run ${draft.definition.id} --input '{...}'\n`,
        );
        return ExitCode.ok;
      } finally {
        await host.stop();
      }
    }
    const drafts = draftsOf(createCliHost(input, io, { runWorkflows: false }).baseDir);
    if (action === 'show') {
      io.stdout.write(`${JSON.stringify(drafts.get(id!), null, 2)}\n`);
      return ExitCode.ok;
    }
    const list = drafts.list();
    if (input.values.json) {
      io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      return ExitCode.ok;
    }
    if (list.length === 0) {
      io.stdout.write('no drafts; propose one with: troupe generate "<problem statement>"\n');
      return ExitCode.ok;
    }
    const rows = list.map((draft) => [draft.id, draft.status, `${draft.definition.id}@${draft.definition.version}`, formatTime(draft.createdAt), draft.statement.slice(0, 60)]);
    io.stdout.write(`${textTable(['DRAFT', 'STATUS', 'WORKFLOW', 'CREATED', 'STATEMENT'], rows).join('\n')}\n`);
    return ExitCode.ok;
  },
};
