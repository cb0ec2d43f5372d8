import { describe, expect, it } from 'vitest';
import { checkClientMessage } from './clientMessageValidator.js';

const problems = (value: unknown): readonly string[] => {
  const check = checkClientMessage(value);
  return check.ok ? [] : check.problems;
};

describe('checkClientMessage', () => {
  it('accepts every message type of the protocol', () => {
    for (const message of [
      { type: 'subscribe', id: '1', runId: 'r', since: 0, seats: ['writer'], events: false },
      { type: 'subscribe', conversationId: 'c', since: { r1: 3 } },
      { type: 'subscribe', definitionId: 'd' },
      { type: 'subscribe', all: true, since: {} },
      { type: 'unsubscribe', subscriptionId: 's1' },
      { type: 'start', definitionId: 'd', input: { a: [1, null] }, runId: 'r', conversationId: 'c', roleAssignments: { writer: 'ada' }, context: { k: 1 } },
      { type: 'answer', runId: 'r', taskId: 't', answer: { approved: false, comment: 'no' } },
      { type: 'answer', runId: 'r', taskId: 't', answer: { value: { anything: true } } },
      { type: 'cancel', runId: 'r', reason: 'why' },
      { type: 'ping' },
    ]) {
      expect(problems(message)).toEqual([]);
    }
  });

  it('says what is wrong, plainly', () => {
    expect(problems('ping')).toEqual(['(root): must be a JSON object with a "type"']);
    expect(problems({ type: 'dance' })[0]).toContain('/type: must be one of "subscribe"');
    expect(problems({ type: 'subscribe' })).toEqual(['(root): needs exactly one of runId, conversationId, definitionId, all (got none)']);
    expect(problems({ type: 'subscribe', runId: 'r', definitionId: 'd' })[0]).toContain('got runId, definitionId');
    expect(problems({ type: 'subscribe', runId: 'r', since: { r: 1 } })[0]).toContain('/since: with runId');
    expect(problems({ type: 'subscribe', all: true, since: 4 })[0]).toContain('/since: with conversationId');
    expect(problems({ type: 'subscribe', runId: 'r', since: -1 })).toContain('/since: must be >= 0');
    expect(problems({ type: 'answer', runId: 'r', taskId: 't', answer: { approved: 'yes' } }).join(' ')).toContain('/answer');
    expect(problems({ type: 'ping', extra: 1 })).toEqual(['(root): unknown property "extra"']);
    expect(problems({ type: 'start' })).toEqual(['(root): missing "definitionId"']);
    expect(problems({ type: 'subscribe', runId: 'x'.repeat(300) })[0]).toContain('/runId');
  });
});
