import { describe, expect, it } from 'vitest';
import type { RunEvent } from '@troupe/sdk';
import type { EventMessage, GapMessage, SeatUpdateMessage } from './protocol.js';
import { StreamSubscription, type SubscriptionMessage } from './StreamSubscription.js';

const event = (runId: string, seq: number, type: RunEvent['type'] = 'task.progress', conversationId?: string): EventMessage => ({
  type: 'event',
  runId,
  seq,
  definitionId: 'd',
  ...(conversationId !== undefined ? { conversationId } : {}),
  event: { runId, seq, type, at: 0 },
});
const gap = (runId: string, fromSeq: number, toSeq: number): GapMessage => ({ type: 'gap', runId, seq: toSeq, definitionId: 'd', fromSeq, toSeq });
const seat = (roleId: string): SeatUpdateMessage => ({ type: 'SEAT_UPDATE', runId: 'r', seq: 1, definitionId: 'd', seat: { roleId, personaId: 'p', status: 'idle', history: [], seq: 1 } });

async function drain(subscription: StreamSubscription): Promise<SubscriptionMessage[]> {
  const messages: SubscriptionMessage[] = [];
  subscription.end();
  for await (const message of subscription) messages.push(message);
  return messages;
}

describe('StreamSubscription', () => {
  const noop = async (): Promise<void> => {};

  it('selects messages by run, conversation, definition, seats and events', () => {
    const byRun = new StreamSubscription({ runId: 'r' }, noop);
    expect([byRun.matches(event('r', 1)), byRun.matches(event('x', 1))]).toEqual([true, false]);
    const byConversation = new StreamSubscription({ conversationId: 'c' }, noop);
    expect([byConversation.matches(event('r', 1, 'task.progress', 'c')), byConversation.matches(event('r', 1))]).toEqual([true, false]);
    const telemetryOnly = new StreamSubscription({ all: true, events: false, seats: ['writer'] }, noop);
    expect([telemetryOnly.matches(event('r', 1)), telemetryOnly.matches(seat('writer')), telemetryOnly.matches(seat('reviewer'))]).toEqual([false, true, false]);
  });

  it('delivers each event once per run, in order, even when a replay overlaps', async () => {
    const subscription = new StreamSubscription({ all: true }, noop);
    for (const seq of [1, 2, 3, 2, 3, 4]) subscription.push(event('r', seq));
    subscription.push(gap('r', 5, 9));
    subscription.push(event('r', 7));
    subscription.push(event('r', 10));
    const seqs = (await drain(subscription)).map((message) => message.type === 'gap' ? `gap ${message.fromSeq}-${message.toSeq}` : (message as EventMessage).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 'gap 5-9', 10]);
  });

  it('resumes a run subscription from its last seq, and multi-run ones per run except ended runs', () => {
    const single = new StreamSubscription({ runId: 'r', since: 0 }, noop);
    expect(single.subscribeMessage('1')).toEqual({ type: 'subscribe', id: '1', runId: 'r', since: 0 });
    single.push(event('r', 5));
    expect(single.subscribeMessage('2')).toEqual({ type: 'subscribe', id: '2', runId: 'r', since: 5 });
    const live = new StreamSubscription({ runId: 'r' }, noop);
    expect(live.subscribeMessage('3')).toEqual({ type: 'subscribe', id: '3', runId: 'r' });

    const all = new StreamSubscription({ all: true, seats: ['w'] }, noop);
    expect(all.subscribeMessage('4')).toEqual({ type: 'subscribe', id: '4', all: true, seats: ['w'] });
    all.push(event('a', 3));
    all.push(event('b', 8));
    all.push(event('b', 9, 'run.completed'));
    expect(all.subscribeMessage('5')).toEqual({ type: 'subscribe', id: '5', all: true, seats: ['w'], since: { a: 3 } });
  });

  it('ends the iteration with the error it was ended with, after queued messages', async () => {
    const subscription = new StreamSubscription({ runId: 'r' }, noop);
    subscription.push(event('r', 1));
    subscription.end(new Error('gone'));
    const iterator = subscription[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ seq: 1 });
    await expect(iterator.next()).rejects.toThrow('gone');
  });
});
