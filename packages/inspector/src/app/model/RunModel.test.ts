import { describe, expect, it } from 'vitest';
import type { RunEvent, RunState } from '@troupe/sdk';
import type { SubscriptionMessage } from '@troupe/client';
import { RunModel } from './RunModel.js';

const base = { runId: 'r1', definitionId: 'review' };

function run(seq: number, tasks: RunState['tasks']): RunState {
  return {
    runId: 'r1',
    pin: { definitionId: 'review', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
    status: 'running',
    input: {},
    roleAssignments: {},
    createdAt: 1,
    updatedAt: 1,
    seq,
    tasks,
    seats: {},
  };
}

function event(seq: number, type: RunEvent['type'], taskId?: string, data?: Record<string, unknown>): SubscriptionMessage {
  return { ...base, type: 'event', seq, event: { runId: 'r1', seq, type, at: seq, ...(taskId ? { taskId } : {}), ...(data ? { data } : {}) } } as SubscriptionMessage;
}

describe('RunModel', () => {
  it('keeps the snapshot for replayed events and folds the ones after it', () => {
    const model = new RunModel(run(3, { draft: { id: 'draft', status: 'completed', attempt: 1, output: { text: 'x' } }, approve: { id: 'approve', status: 'pending', attempt: 0 } }));
    model.apply(event(1, 'run.started'));
    model.apply(event(2, 'task.started', 'draft'));
    model.apply(event(3, 'task.completed', 'draft', { output: { text: 'x' } }));
    expect(model.tasks.get('draft')!.status).toBe('completed');
    model.apply(event(4, 'task.awaiting_input', 'approve', { mode: 'approval', prompt: 'Publish?', input: { a: 1 } }));
    expect(model.tasks.get('approve')).toMatchObject({ status: 'awaiting_input', attempt: 1 });
    expect(model.human.get('approve')).toEqual({ mode: 'approval', prompt: 'Publish?', input: { a: 1 } });
    model.apply(event(5, 'task.answered', 'approve', { actor: 'ops' }));
    model.apply(event(6, 'task.completed', 'approve', { output: { approved: true } }));
    model.apply(event(7, 'run.completed', undefined, { output: 42 }));
    expect(model.human.size).toBe(0);
    expect(model.tasks.get('approve')).toMatchObject({ status: 'completed', answeredBy: 'ops', output: { approved: true } });
    expect([model.status, model.output, model.events.map((e) => e.seq)]).toEqual(['completed', 42, [1, 2, 3, 4, 5, 6, 7]]);
  });

  it('drops an event it already has and counts it', () => {
    const model = new RunModel(run(0, {}));
    model.apply(event(1, 'run.started'));
    model.apply(event(1, 'run.started'));
    expect([model.events.length, model.duplicates]).toEqual([1, 1]);
  });

  it('marks retries, compensation and sub-workflow links', () => {
    const model = new RunModel(run(0, { t: { id: 't', status: 'pending', attempt: 0 } }));
    model.apply(event(1, 'task.started', 't', { childRunId: 'child-1' }));
    model.apply(event(2, 'task.retry_scheduled', 't', { error: { code: 'E_TOOL_FAILED', message: 'boom', hint: 'retry' }, nextAttemptAt: 9 }));
    expect(model.tasks.get('t')).toMatchObject({ status: 'retry_wait', childRunId: 'child-1', error: { code: 'E_TOOL_FAILED' } });
    model.apply(event(3, 'task.compensated', 't', { ok: true }));
    expect(model.tasks.get('t')!.compensated).toBe(true);
  });

  it('merges events fetched for a gap in seq order', () => {
    const model = new RunModel(run(0, {}));
    model.apply(event(1, 'run.started'));
    model.apply({ ...base, type: 'gap', seq: 3, fromSeq: 2, toSeq: 3 } as SubscriptionMessage);
    model.apply(event(4, 'run.completed'));
    model.fillGap(model.gaps[0]!, [2, 3].map((seq) => ({ runId: 'r1', seq, type: 'task.progress', at: seq }) as RunEvent));
    expect([model.gaps.length, model.events.map((e) => e.seq)]).toEqual([0, [1, 2, 3, 4]]);
  });

  it('keeps the run\'s model usage from the snapshot and adds the calls recorded after it', () => {
    const model = new RunModel({ ...run(1, {}), usage: { calls: 1, inputTokens: 100, outputTokens: 20, costUsd: 0.5 } } as RunState);
    expect(model.usage).toEqual({ calls: 1, inputTokens: 100, outputTokens: 20, totalTokens: 120, cost: 0.5, currency: 'USD' });
    model.apply(event(1, 'model.usage' as RunEvent['type'], 'write', { roleId: 'writer', inputTokens: 100, outputTokens: 20, costUsd: 0.5 }));
    model.apply(event(2, 'model.usage' as RunEvent['type'], 'write', { roleId: 'writer', inputTokens: 10, outputTokens: 5 }));
    expect(model.usage).toEqual({ calls: 2, inputTokens: 110, outputTokens: 25, totalTokens: 135, cost: 0.5, currency: 'USD' });
    expect(new RunModel(run(0, {})).usage).toBeUndefined();
  });

  it('shows token use and cost when a seat reports them, and nothing when it does not', () => {
    const model = new RunModel(run(0, {}));
    const seat = { roleId: 'writer', personaId: 'p', status: 'working' as const, history: [], seq: 1 };
    model.apply({ ...base, type: 'SEAT_UPDATE', seq: 1, seat } as SubscriptionMessage);
    expect(model.seats.get('writer')!.usage).toBeUndefined();
    model.apply(event(1, 'seat.updated', undefined, { roleId: 'writer', usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.25 } }));
    expect(model.seats.get('writer')!.usage).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15, cost: 0.25, currency: 'USD' });
    model.apply({ ...base, type: 'SEAT_UPDATE', seq: 2, seat: { ...seat, seq: 2, usage: { calls: 2, inputTokens: 30, outputTokens: 7 } } } as SubscriptionMessage);
    expect(model.seats.get('writer')!.usage).toEqual({ calls: 2, inputTokens: 30, outputTokens: 7, totalTokens: 37 });
  });

  it('links a task to its child run when a sub-workflow starts, and a loop task to the run of its latest round', () => {
    const model = new RunModel(run(0, { child: { id: 'child', status: 'pending', attempt: 0 }, rounds: { id: 'rounds', status: 'pending', attempt: 0 } }));
    model.apply(event(1, 'task.started', 'child', { childRunId: 'r1:child:1' }));
    model.apply(event(2, 'task.started', 'rounds'));
    model.apply(event(3, 'task.instance_started', 'rounds', { instance: 0, kind: 'loop', total: 3, childRunId: 'r1:rounds:round-0:1' }));
    model.apply(event(4, 'task.instance_started', 'rounds', { instance: 1, kind: 'loop', total: 3, childRunId: 'r1:rounds:round-1:1' }));
    expect(model.tasks.get('child')).toMatchObject({ status: 'running', childRunId: 'r1:child:1' });
    expect(model.tasks.get('rounds')).toMatchObject({ status: 'running', childRunId: 'r1:rounds:round-1:1' });
  });

  it('follows how far forEach and loop tasks got from the live progress updates, starting from the snapshot', () => {
    const model = new RunModel(run(2, { each: { id: 'each', status: 'running', attempt: 1, dynamic: { kind: 'forEach', completed: 1, total: 5 } }, after: { id: 'after', status: 'pending', attempt: 0 } }));
    const update = (seq: number, instances: Record<string, { kind: 'forEach' | 'loop'; completed: number; total: number }>): SubscriptionMessage =>
      ({ ...base, type: 'WORKFLOW_UPDATE', seq, progress: { ...base, status: 'running', seq, counts: {}, total: 3, percent: 0, currentTaskIds: [], instances } }) as SubscriptionMessage;
    expect(model.tasks.get('each')!.dynamic).toEqual({ kind: 'forEach', completed: 1, total: 5 });
    const before = model.tasks.get('each');
    model.apply(update(3, { each: { kind: 'forEach', completed: 3, total: 5 }, again: { kind: 'loop', completed: 1, total: 10 } }));
    expect(model.tasks.get('each')).toMatchObject({ status: 'running', dynamic: { completed: 3, total: 5 } });
    expect(model.tasks.get('each')).not.toBe(before);
    expect(model.tasks.get('again')!.dynamic).toEqual({ kind: 'loop', completed: 1, total: 10 });
    // The same figures again keep the same task object: its box does not re-render.
    const same = model.tasks.get('each');
    model.apply(update(4, { each: { kind: 'forEach', completed: 3, total: 5 } }));
    expect(model.tasks.get('each')).toBe(same);
  });
});
