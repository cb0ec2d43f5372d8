import { describe, expect, it } from 'vitest';
import type { RunCommit, RunHeader, WorkflowDefinition } from '@troupe/sdk';
import { MemoryStore } from './MemoryStore.js';

const definition: WorkflowDefinition = { id: 'wf', version: '1.0.0', tasks: [{ id: 't', executor: { type: 'code', codeId: 'noop' } }] };

function header(runId: string, seq: number, createdAt = 1): RunHeader {
  return {
    runId,
    pin: { definitionId: 'wf', definitionVersion: '1.0.0', definitionHash: 'h', packVersions: {} },
    status: 'running',
    input: null,
    roleAssignments: {},
    createdAt,
    updatedAt: createdAt,
    seq,
  };
}

function commit(runId: string, fromSeq: number, count: number, created = false): RunCommit {
  const events = Array.from({ length: count }, (_, index) => ({ runId, seq: fromSeq + index, type: 'task.progress' as const, at: 1 }));
  return {
    runId,
    ...(created ? { created: { definition } } : {}),
    events,
    header: header(runId, fromSeq + count - 1),
    tasks: [{ id: 't', status: 'running', attempt: 1 }],
    seats: [],
  };
}

describe('MemoryStore', () => {
  it('is the "memory" kind', () => {
    expect(new MemoryStore().kind).toBe('memory');
  });

  it('keeps committed rows by reference instead of copying them', async () => {
    const store = new MemoryStore();
    const first = commit('r', 1, 2, true);
    await store.commit([first]);
    const state = await store.getRun('r');
    expect(state?.tasks['t']).toBe(first.tasks[0]);
    expect((await store.readEvents('r'))[1]).toBe(first.events[1]);
    expect(await store.getDefinition('r')).toBe(definition);
  });

  it('rejects a batch whose second commit of the same run breaks the log, and keeps the first out too', async () => {
    const store = new MemoryStore();
    await store.commit([commit('r', 1, 1, true)]);
    await expect(store.commit([commit('r', 2, 2), commit('r', 5, 1)])).rejects.toMatchObject({ code: 'E_STORE_CONFLICT' });
    expect((await store.getRun('r'))?.seq).toBe(1);
    expect(await store.readEvents('r')).toHaveLength(1);
  });

  it('reads any window of a long log by seq', async () => {
    const store = new MemoryStore();
    await store.commit([commit('r', 1, 1, true)]);
    for (let seq = 2; seq <= 20_001; seq += 2) await store.commit([commit('r', seq, 2)]);
    const tail = await store.readEvents('r', 19_998, 2);
    expect(tail.map((event) => event.seq)).toEqual([19_999, 20_000]);
    expect((await store.getRun('r'))?.seq).toBe(20_001);
  });
});
