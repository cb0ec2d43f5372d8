import type { AuditFilter } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { openCliStore } from '../openCliStore.js';
import { formatTime, preview, textTable } from '../textTable.js';
import { positiveInteger } from '../positiveInteger.js';

export const auditCommand: CommandBody = {
  options: {
    config: configOption,
    run: { type: 'string', placeholder: 'ID', description: 'only entries of this run' },
    action: { type: 'string', placeholder: 'ACTION', description: 'only this action (e.g. run.started, pack.failed)' },
    limit: { type: 'string', short: 'n', placeholder: 'N', description: 'at most N entries (default 100)' },
    json: jsonOption,
  },
  async run(input, io) {
    const filter: AuditFilter = {
      limit: positiveInteger('--limit', input.values.limit, 100),
      ...(typeof input.values.run === 'string' ? { runId: input.values.run } : {}),
      ...(typeof input.values.action === 'string' ? { action: input.values.action } : {}),
    };
    const { store, host, description, close } = await openCliStore(input, io);
    try {
      const entries = await store.listAudit(filter);
      let text: string;
      if (input.values.json) text = JSON.stringify({ entries }, null, 2);
      else if (entries.length === 0) text = `No audit entries (store ${description}).`;
      else {
        text = textTable(
          ['TIME', 'ACTOR', 'ACTION', 'RUN', 'TASK', 'DATA'],
          entries.map((entry) => [formatTime(entry.at), entry.actor, entry.action, entry.runId ?? '-', entry.taskId ?? '-', preview(entry.data, 80)]),
        ).join('\n');
      }
      io.stdout.write(`${host.secrets.scrub(text)}\n`);
      return ExitCode.ok;
    } finally {
      await close();
    }
  },
};
