export interface PackNode {
  readonly id: string;
  /** Ids this pack requires; ids that are not nodes are ignored here. */
  readonly requires: readonly string[];
}

export interface PackOrder {
  /** Every id not in a cycle, each after the packs it requires. */
  readonly order: readonly string[];
  /** Each cycle's members, in input order. */
  readonly cycles: readonly (readonly string[])[];
}

/**
 * Load order by `requires` (Tarjan's strongly connected components, which
 * come out dependencies first). A component of more than one pack, or a pack
 * requiring itself, is a cycle; its members are left out of the order.
 * Input order breaks ties, so the result is stable.
 */
export function orderPacks(nodes: readonly PackNode[]): PackOrder {
  const position = new Map(nodes.map((node, index) => [node.id, index]));
  const edges = new Map(nodes.map((node) => [node.id, node.requires.filter((id) => position.has(id))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const order: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  const visit = (id: string): void => {
    index.set(id, counter);
    low.set(id, counter);
    counter++;
    stack.push(id);
    onStack.add(id);
    for (const next of edges.get(id) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(id, Math.min(low.get(id)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(id, Math.min(low.get(id)!, index.get(next)!));
      }
    }
    if (low.get(id) !== index.get(id)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== id);
    if (component.length > 1 || edges.get(id)!.includes(id)) {
      cycles.push(component.sort((a, b) => position.get(a)! - position.get(b)!));
    } else {
      order.push(id);
    }
  };

  for (const node of nodes) if (!index.has(node.id)) visit(node.id);
  return { order, cycles };
}
