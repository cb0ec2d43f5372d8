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
}

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
  const edges: { from: string; to: string }[] = [];
  for (const task of tasks) {
    const r = rank(task.id);
    const row = rowsPerRank[r] ?? 0;
    rowsPerRank[r] = row + 1;
    nodes.push({ id: task.id, rank: r, row });
    for (const dep of task.dependsOn ?? []) if (known.has(dep)) edges.push({ from: dep, to: task.id });
  }
  return {
    nodes,
    byId: new Map(nodes.map((node) => [node.id, node])),
    edges,
    ranks: rowsPerRank.length,
    rows: rowsPerRank.reduce((max, count) => Math.max(max, count), 0),
  };
}
