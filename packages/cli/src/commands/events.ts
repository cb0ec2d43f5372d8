import { TroupeError, type RunEvent } from '@troupe/sdk';
import { ExitCode } from '../CliIo.js';
import { configOption, jsonOption, type CommandBody } from '../Command.js';
import { openCliStore } from '../openCliStore.js';
import { preview, textTable } from '../textTable.js';

const PAGE = 1000;

export const eventsCommand: CommandBody = {
  args: '<runId>',
  positionals: { min: 1, max: 1 },
  options: {
    config: configOption,
    since: { type: 'string', placeholder: 'N', description: 'only events after seq N' },
    json: jsonOption,
  },
  async run(input, io) {
    const [runId] = input.positionals as [string];
    const raw = input.values.since;
    if (raw !== undefined && (typeof raw !== 'string' || !/^\d+$/.test(raw))) {
      throw new TroupeError('E_CLI_USAGE', { problem: `--since must be a seq number (0 or more), not "${String(raw)}"` });
    }
    const since = raw === undefined ? 0 : Number(raw);
    const { store, host, close } = await openCliStore(input, io);
    try {
      if (!(await store.getRun(runId))) throw new TroupeError('E_RUN_NOT_FOUND', { runId });
      const events: RunEvent[] = [];
      for (let after = since; ; ) {
        const page = await store.readEvents(runId, after, PAGE);
        events.push(...page);
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.seq;
      }
      const text = input.values.json ? JSON.stringify(events, null, 2) : eventsTable(events).join('\n');
      io.stdout.write(`${host.secrets.scrub(text)}\n`);
      return ExitCode.ok;
    } finally {
      await close();
    }
  },
};

function eventsTable(events: readonly RunEvent[]): string[] {
  return textTable(
    ['SEQ', 'TIME', 'TYPE', 'TASK', 'DATA'],
    events.map((event) => [
      String(event.seq),
      new Date(event.at).toISOString(),
      event.type,
      event.taskId === undefined ? '-' : `${event.taskId}${event.attempt !== undefined ? `#${event.attempt}` : ''}`,
      preview(event.data, 100),
    ]),
  );
}
