/** A task of the graph as the layout sees it. */
export interface DagTask {
  readonly id: string;
  readonly dependsOn?: readonly string[];
}

export interface DagNode {
  readonly id: string;
  /** Column: the longest chain of dependencies before this task. */
  readonly rank: number;
  /** Row inside the column. */
  readonly row: number;
}

export interface DagLayout {
  readonly nodes: readonly DagNode[];
  readonly byId: ReadonlyMap<string, DagNode>;
  readonly edges: readonly { readonly from: string; readonly to: string }[];
  readonly ranks: number;
  readonly rows: number;
  /** The nodes of each column, top to bottom (for keyboard moves). */
  readonly columns: readonly (readonly DagNode[])[];
}

export type DagDirection = 'up' | 'down' | 'left' | 'right';

/**
 * Layered layout of a task graph: a task's column is its longest chain of
 * dependencies (so every edge points right), rows keep definition order.
 * Linear in tasks + edges, so 2,000 tasks lay out in a few milliseconds;
 * dependencies on unknown tasks are ignored and cycles (refused by the
 * engine anyway) cannot loop it.
 */
export function layoutDag(tasks: readonly DagTask[]): DagLayout {
  const known = new Map(tasks.map((task) => [task.id, task]));
  const rankOf = new Map<string, number>();
  const visiting = new Set<string>();
  const rank = (id: string): number => {
    const cached = rankOf.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    // Iterative depth would be nicer, but definitions are validated acyclic and a chain of 2,000 fits the stack.
    let value = 0;
    for (const dep of known.get(id)?.dependsOn ?? []) if (known.has(dep)) value = Math.max(value, rank(dep) + 1);
    visiting.delete(id);
    rankOf.set(id, value);
    return value;
  };
  const rowsPerRank: number[] = [];
  const nodes: DagNode[] = [];
  const columns: DagNode[][] = [];
  const edges: { from: string; to: string }[] = [];
  for (const task of tasks) {
    const r = rank(task.id);
    const row = rowsPerRank[r] ?? 0;
    rowsPerRank[r] = row + 1;
    const node = { id: task.id, rank: r, row };
    nodes.push(node);
    (columns[r] ??= []).push(node);
    for (const dep of task.dependsOn ?? []) if (known.has(dep)) edges.push({ from: dep, to: task.id });
  }
  return {
    nodes,
    byId: new Map(nodes.map((node) => [node.id, node])),
    edges,
    ranks: rowsPerRank.length,
    rows: rowsPerRank.reduce((max, count) => Math.max(max, count), 0),
    columns,
  };
}

/**
 * The task an arrow key moves to: the next one up or down in its column, or
 * the one in the next column left or right on the nearest row. Undefined at
 * an edge of the graph.
 */
export function neighbourOf(layout: DagLayout, id: string, direction: DagDirection): string | undefined {
  const node = layout.byId.get(id);
  if (!node) return layout.nodes[0]?.id;
  if (direction === 'up' || direction === 'down') return layout.columns[node.rank]?.[node.row + (direction === 'down' ? 1 : -1)]?.id;
  const column = layout.columns[node.rank + (direction === 'right' ? 1 : -1)];
  if (!column || column.length === 0) return undefined;
  return column[Math.min(node.row, column.length - 1)]!.id;
}

/** The task a search names: the exact id, else the first id that contains the text (any case). */
export function findTask(layout: DagLayout, text: string): string | undefined {
  const wanted = text.trim();
  if (wanted === '') return undefined;
  if (layout.byId.has(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  return layout.nodes.find((node) => node.id.toLowerCase().includes(lower))?.id;
}
