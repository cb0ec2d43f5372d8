import { CURRENT_TASKS_LIMIT, type RunEvent } from '@troupe/sdk';
import { describe, expect, it } from 'vitest';
import { foldRunEvents } from './foldRunEvents.js';
import { RunFold, SEAT_HISTORY_LIMIT, type RunCreatedData } from './RunFold.js';

const created = (taskIds: string[], roles: Record<string, string> = {}): RunEvent => {
  const data: RunCreatedData = {
    pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
    input: { x: 1 },
    roleAssignments: roles,
    taskIds,
  };
  return { runId: 'r', seq: 1, type: 'run.created', at: 1000, data: data as unknown as Record<string, unknown> };
};

function log(...rest: Omit<RunEvent, 'runId' | 'seq' | 'at'>[]): RunEvent[] {
  return rest.map((event, index) => ({ runId: 'r', seq: index + 2, at: 1000 + index + 1, ...event }));
}

describe('foldRunEvents', () => {
  it('starts queued with pending tasks and idle seats', () => {
    const state = foldRunEvents([created(['a', 'b'], { writer: 'p1' })]);
    expect(state).toMatchObject({ runId: 'r', status: 'queued', seq: 1, createdAt: 1000, input: { x: 1 } });
    expect(state.tasks.a).toMatchObject({ id: 'a', status: 'pending', attempt: 0 });
    expect(state.seats.writer).toMatchObject({ roleId: 'writer', personaId: 'p1', status: 'idle', history: [] });
  });

  it('folds task transitions, attempts, retries and outputs', () => {
    const state = foldRunEvents([
      created(['a']),
      ...log(
        { type: 'run.started' },
        { type: 'task.started', taskId: 'a', attempt: 1 },
        { type: 'task.retry_scheduled', taskId: 'a', attempt: 1, data: { error: { code: 'E_X', message: 'x' }, nextAttemptAt: 5000 } },
        { type: 'task.started', taskId: 'a', attempt: 2 },
        { type: 'task.completed', taskId: 'a', attempt: 2, data: { output: 42 } },
        { type: 'run.completed', data: { output: { a: 42 } } },
      ),
    ]);
    expect(state.tasks.a).toMatchObject({ status: 'completed', attempt: 2, output: 42, startedAt: 1002, endedAt: 1005 });
    expect(state.tasks.a!.error).toBeUndefined();
    expect(state.tasks.a!.nextAttemptAt).toBeUndefined();
    expect(state).toMatchObject({ status: 'completed', output: { a: 42 }, endedAt: 1006, seq: 7, updatedAt: 1006 });
  });

  it('lists the first CURRENT_TASKS_LIMIT current tasks in definition order while a wide fan-out runs', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `b${i}`);
    const fold = RunFold.created(created(ids));
    let seq = 1;
    const apply = (event: Omit<RunEvent, 'runId' | 'seq' | 'at'>) => fold.apply({ runId: 'r', seq: ++seq, at: seq, ...event });
    // Started out of definition order, as a scheduler may; b7 waits.
    for (const id of [...ids].reverse()) if (id !== 'b7') apply({ type: 'task.started', taskId: id, attempt: 1 });
    const without7 = ids.filter((id) => id !== 'b7');
    expect(fold.progress().currentTaskIds).toEqual(without7.slice(0, CURRENT_TASKS_LIMIT));
    for (const id of without7.slice(0, 49)) apply({ type: 'task.completed', taskId: id, attempt: 1, data: { output: 1 } });
    expect(fold.progress().currentTaskIds).toEqual(ids.slice(50, 50 + CURRENT_TASKS_LIMIT));
    // A task before every current one starts late: it comes first.
    apply({ type: 'task.started', taskId: 'b7', attempt: 1 });
    expect(fold.progress().currentTaskIds).toEqual(['b7', ...ids.slice(50, 50 + CURRENT_TASKS_LIMIT - 1)]);
    expect(fold.progress()).toMatchObject({ total: 200, counts: { completed: 49, running: 151 } });
  });

  it('derives awaiting_input: a task waits and nothing else can move', () => {
    const fold = RunFold.created(created(['h', 'w']));
    let seq = 1;
    const apply = (event: Omit<RunEvent, 'runId' | 'seq' | 'at'>) => fold.apply({ runId: 'r', seq: ++seq, at: seq, ...event });
    apply({ type: 'run.started' });
    apply({ type: 'task.awaiting_input', taskId: 'h', attempt: 1 });
    expect(fold.status).toBe('awaiting_input');
    apply({ type: 'task.started', taskId: 'w', attempt: 1 });
    expect(fold.status).toBe('running');
    apply({ type: 'task.completed', taskId: 'w', attempt: 1 });
    expect(fold.status).toBe('awaiting_input');
    apply({ type: 'task.answered', taskId: 'h', data: { actor: 'ada' } });
    apply({ type: 'task.completed', taskId: 'h', data: { output: true } });
    expect(fold.status).toBe('running');
    expect(fold.snapshot().tasks.h).toMatchObject({ status: 'completed', answeredBy: 'ada' });
  });

  it('keeps seat history bounded and newest last', () => {
    const events = [created([], { writer: 'p1' })];
    for (let i = 0; i < 30; i++) {
      events.push({ runId: 'r', seq: events.length + 1, at: i, type: 'seat.updated', data: { roleId: 'writer', status: i % 2 ? 'done' : 'working', taskId: `t${i}` } });
    }
    const seat = foldRunEvents(events).seats.writer!;
    expect(seat.history).toHaveLength(SEAT_HISTORY_LIMIT);
    expect(seat.history.at(-1)).toMatchObject({ taskId: 't29', status: 'done', seq: 31 });
    expect(seat.seq).toBe(31);
  });

  it('refuses a log with a gap or an unknown task', () => {
    expect(() => foldRunEvents([created(['a']), { runId: 'r', seq: 3, at: 1, type: 'run.started' }])).toThrow(/does not follow/);
    expect(() => foldRunEvents([created(['a']), { runId: 'r', seq: 2, at: 1, type: 'task.started', taskId: 'zz' }])).toThrow(/unknown task/);
    expect(() => foldRunEvents([])).toThrow();
  });

  it('continues from a stored state (recovery) to the same result as the full fold', () => {
    const head = [created(['a', 'b']), ...log({ type: 'run.started' }, { type: 'task.started', taskId: 'a', attempt: 1 })];
    const tail = log({ type: 'run.started' }, { type: 'task.started', taskId: 'a', attempt: 1 }, { type: 'task.completed', taskId: 'a', data: { output: 1 } }, { type: 'task.skipped', taskId: 'b' }).slice(2);
    const resumed = RunFold.fromState(foldRunEvents(head));
    for (const event of tail) resumed.apply(event);
    expect(resumed.snapshot()).toEqual(foldRunEvents([...head, ...tail]));
    expect(resumed.progress()).toMatchObject({ total: 2, percent: 100, counts: { completed: 1, skipped: 1 } });
  });
});
