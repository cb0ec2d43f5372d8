import { describe, expect, it } from 'vitest';
import { CURRENT_TASKS_LIMIT, progressOfRunState, workflowProgress, type ProgressInput } from './progress.js';
import type { RunState, TaskState } from './runs.js';

const base: ProgressInput = { runId: 'r', definitionId: 'd', status: 'running', seq: 3, counts: {}, total: 0, currentTaskIds: [] };

describe('workflowProgress', () => {
  it('rounds down, so 100 means every task ended', () => {
    expect(workflowProgress({ ...base, counts: { completed: 2, running: 1 }, total: 3 }).percent).toBe(66);
    expect(workflowProgress({ ...base, counts: { completed: 199, running: 1 }, total: 200 }).percent).toBe(99);
  });

  it('a run without tasks is 0 until it ends, then 100', () => {
    expect(workflowProgress(base).percent).toBe(0);
    expect(workflowProgress({ ...base, status: 'completed' }).percent).toBe(100);
    expect(workflowProgress({ ...base, status: 'failed' }).percent).toBe(100);
  });

  it('leaves out zero counts and caps currentTaskIds', () => {
    const ids = Array.from({ length: 40 }, (_, index) => `t${index}`);
    const progress = workflowProgress({ ...base, counts: { pending: 0, running: 40 }, total: 40, currentTaskIds: ids });
    expect(progress.counts).toEqual({ running: 40 });
    expect(progress.currentTaskIds).toEqual(ids.slice(0, CURRENT_TASKS_LIMIT));
  });

  it('stored state: retry-waiting tasks are current, in definition order', () => {
    const task = (id: string, status: TaskState['status']): TaskState => ({ id, status, attempt: 1 });
    const state = {
      runId: 'r',
      pin: { definitionId: 'd', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
      status: 'running',
      input: {},
      roleAssignments: {},
      createdAt: 0,
      updatedAt: 0,
      seq: 9,
      tasks: { a: task('a', 'completed'), b: task('b', 'retry_wait'), c: task('c', 'awaiting_input'), d: task('d', 'pending') },
      seats: {},
    } as unknown as RunState;
    expect(progressOfRunState(state)).toEqual({ runId: 'r', definitionId: 'd', status: 'running', seq: 9, counts: { completed: 1, retry_wait: 1, awaiting_input: 1, pending: 1 }, total: 4, percent: 25, currentTaskIds: ['b', 'c'] });
  });
});
