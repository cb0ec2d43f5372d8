import { describe, expect, it } from 'vitest';
import { questionLines, questionOf } from './followRun.js';

describe('questionOf', () => {
  it('says which guardrail asks and why, with the command that answers through the same server', () => {
    const question = questionOf(
      'r1',
      'send',
      { mode: 'approval', guardrail: true, phase: 'output', reason: 'review: bulk mail', guardrailIds: ['review'], payload: { sent: 3 } },
      { values: {}, positionals: [] },
      { url: 'http://127.0.0.1:7373', token: 'secret-token' },
    );
    expect(question).toEqual({
      taskId: 'send',
      mode: 'approval',
      guardrail: { ids: ['review'], phase: 'output', reason: 'review: bulk mail' },
      command: 'troupe approve r1 send [--reject] [--comment TEXT] --url http://127.0.0.1:7373',
    });
    expect(questionLines(question).join('\n')).toBe(
      [
        '  send (approval)',
        "    guardrail review asks before the task's output goes on: review: bulk mail",
        '    troupe approve r1 send [--reject] [--comment TEXT] --url http://127.0.0.1:7373',
      ].join('\n'),
    );
  });

  it('names the --config given for a local input task', () => {
    expect(questionOf('r1', 'ask', { mode: 'input', prompt: 'How many?' }, { values: { config: 'my config.json' }, positionals: [] }).command).toBe(
      "troupe answer r1 ask --value JSON --config 'my config.json'",
    );
  });
});
