import { describe, expect, it } from 'vitest';
import { findTask, layoutDag, neighbourOf } from './layoutDag.js';

describe('layoutDag', () => {
  it('puts every task right of all its dependencies, in definition order per column', () => {
    const layout = layoutDag([
      { id: 'fetch' },
      { id: 'lint', dependsOn: ['fetch'] },
      { id: 'test', dependsOn: ['fetch'] },
      { id: 'report', dependsOn: ['lint', 'test', 'fetch'] },
      { id: 'solo' },
    ]);
    expect(layout.nodes.map((node) => [node.id, node.rank, node.row])).toEqual([
      ['fetch', 0, 0],
      ['lint', 1, 0],
      ['test', 1, 1],
      ['report', 2, 0],
      ['solo', 0, 1],
    ]);
    expect([layout.ranks, layout.rows, layout.edges.length]).toEqual([3, 2, 5]);
    for (const edge of layout.edges) expect(layout.byId.get(edge.from)!.rank).toBeLessThan(layout.byId.get(edge.to)!.rank);
  });

  it('ignores unknown dependencies and survives a cycle', () => {
    const layout = layoutDag([
      { id: 'a', dependsOn: ['ghost', 'b'] },
      { id: 'b', dependsOn: ['a'] },
    ]);
    expect(layout.nodes).toHaveLength(2);
    expect(layout.edges).toEqual([{ from: 'b', to: 'a' }, { from: 'a', to: 'b' }]);
  });

  it('lays out 2,000 tasks in long chains without overflowing', () => {
    const tasks = Array.from({ length: 2000 }, (_, index) => ({ id: `t${index}`, dependsOn: index === 0 ? [] : [`t${index - 1}`] }));
    const layout = layoutDag(tasks);
    expect(layout.ranks).toBe(2000);
  });

  it('moves between tasks with arrow keys (column neighbours, nearest row in the next column) and finds a task by id', () => {
    const layout = layoutDag([
      { id: 'fetch' },
      { id: 'lint', dependsOn: ['fetch'] },
      { id: 'test', dependsOn: ['fetch'] },
      { id: 'report', dependsOn: ['lint', 'test'] },
      { id: 'solo' },
    ]);
    expect(neighbourOf(layout, 'fetch', 'down')).toBe('solo');
    expect(neighbourOf(layout, 'solo', 'down')).toBeUndefined();
    expect(neighbourOf(layout, 'solo', 'right')).toBe('test');
    expect(neighbourOf(layout, 'test', 'right')).toBe('report');
    expect(neighbourOf(layout, 'report', 'left')).toBe('lint');
    expect(neighbourOf(layout, 'fetch', 'left')).toBeUndefined();
    expect(findTask(layout, 'report')).toBe('report');
    expect(findTask(layout, ' REP ')).toBe('report');
    expect(findTask(layout, 'nothing')).toBeUndefined();
  });
});
