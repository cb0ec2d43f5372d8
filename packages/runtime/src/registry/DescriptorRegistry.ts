import type { Descriptor, DescriptorKind, DescriptorOverride } from '@troupe/sdk';

/** A registered descriptor and where it came from. */
export interface ActiveDescriptor<K extends DescriptorKind = DescriptorKind> {
  readonly descriptor: Descriptor<K>;
  readonly packId: string;
  readonly packVersion: string;
  /** Effective priority: descriptor priority + pack entry priority, or the override. */
  readonly priority: number;
}

/** Read access to the active descriptors: what the engine and the policy layer need. */
export interface DescriptorLookup {
  get<K extends DescriptorKind>(kind: K, id: string): ActiveDescriptor<K> | undefined;
  list<K extends DescriptorKind>(kind: K): readonly ActiveDescriptor<K>[];
}

export interface RegistryChange {
  readonly kind: DescriptorKind;
  readonly id: string;
  readonly active: ActiveDescriptor | undefined;
}

interface Entry {
  readonly active: ActiveDescriptor;
  /** Registration order: ties in priority go to the newest. */
  readonly order: number;
}

/**
 * Descriptors of every kind, stacked per `kind:id`: the highest priority is
 * active, ties go to the newest registration, and removing one re-activates
 * the next. Overrides from the host config (`"tool:x": { enabled, priority }`)
 * apply to every kind.
 */
export class DescriptorRegistry implements DescriptorLookup {
  private readonly stacks = new Map<string, Entry[]>();
  private readonly winners = new Map<string, ActiveDescriptor>();
  private readonly byKind = new Map<DescriptorKind, Map<string, ActiveDescriptor>>();
  private readonly listeners = new Set<(change: RegistryChange) => void>();
  private order = 0;

  constructor(private readonly overrides: Readonly<Record<string, DescriptorOverride>> = {}) {}

  /** Adds one pack's descriptors at once; listeners see the result, never a half-registered pack. */
  register(packId: string, packVersion: string, descriptors: readonly Descriptor[], packPriority = 0): void {
    const touched = new Set<string>();
    for (const descriptor of descriptors) {
      const key = `${descriptor.kind}:${descriptor.id}`;
      const override = this.overrides[key];
      const priority = override?.priority ?? (descriptor.priority ?? 0) + packPriority;
      const stack = this.stacks.get(key) ?? [];
      stack.push({ active: { descriptor, packId, packVersion, priority }, order: this.order++ });
      this.stacks.set(key, stack);
      touched.add(key);
    }
    this.settle(touched);
  }

  /** Removes every descriptor of a pack; the next in each stack becomes active. */
  unregister(packId: string): void {
    const touched = new Set<string>();
    for (const [key, stack] of this.stacks) {
      const kept = stack.filter((entry) => entry.active.packId !== packId);
      if (kept.length === stack.length) continue;
      touched.add(key);
      if (kept.length === 0) this.stacks.delete(key);
      else this.stacks.set(key, kept);
    }
    this.settle(touched);
  }

  /** Removes one descriptor of a pack (e.g. a workflow found invalid after load); the next in its stack becomes active. */
  unregisterOne(packId: string, kind: DescriptorKind, id: string): void {
    const key = `${kind}:${id}`;
    const stack = this.stacks.get(key);
    if (!stack) return;
    const kept = stack.filter((entry) => entry.active.packId !== packId);
    if (kept.length === stack.length) return;
    if (kept.length === 0) this.stacks.delete(key);
    else this.stacks.set(key, kept);
    this.settle(new Set([key]));
  }

  /**
   * Replaces a pack's descriptors in one step (hot reload): readers never see
   * the pack missing between the old and the new version.
   */
  replace(packId: string, packVersion: string, descriptors: readonly Descriptor[], packPriority = 0): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    const before = new Map(this.winners);
    try {
      this.unregister(packId);
      this.register(packId, packVersion, descriptors, packPriority);
    } finally {
      for (const listener of listeners) this.listeners.add(listener);
    }
    const keys = new Set([...before.keys(), ...this.winners.keys()]);
    for (const key of keys) {
      if (before.get(key) !== this.winners.get(key)) this.announce(key);
    }
  }

  get<K extends DescriptorKind>(kind: K, id: string): ActiveDescriptor<K> | undefined {
    return this.winners.get(`${kind}:${id}`) as ActiveDescriptor<K> | undefined;
  }

  list<K extends DescriptorKind>(kind: K): readonly ActiveDescriptor<K>[] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as ActiveDescriptor<K>[];
  }

  /** Whether this exact registration is the active one of its stack (for reports). */
  isActive(packId: string, kind: DescriptorKind, id: string): boolean {
    return this.winners.get(`${kind}:${id}`)?.packId === packId;
  }

  /** Every registration of a pack, active or shadowed. */
  entriesOf(packId: string): readonly ActiveDescriptor[] {
    const found: ActiveDescriptor[] = [];
    for (const stack of this.stacks.values()) {
      for (const entry of stack) if (entry.active.packId === packId) found.push(entry.active);
    }
    return found;
  }

  /** The packs with a registration of `kind:id`, in registration order (one entry per registration). */
  packsOf(kind: DescriptorKind, id: string): readonly string[] {
    return (this.stacks.get(`${kind}:${id}`) ?? []).map((entry) => entry.active.packId);
  }

  onChange(listener: (change: RegistryChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private settle(keys: Set<string>): void {
    for (const key of keys) {
      const before = this.winners.get(key);
      const winner = this.pick(key);
      const [kind, ...rest] = key.split(':');
      const id = rest.join(':');
      const kindMap = this.byKind.get(kind as DescriptorKind) ?? new Map<string, ActiveDescriptor>();
      this.byKind.set(kind as DescriptorKind, kindMap);
      if (winner) {
        this.winners.set(key, winner);
        kindMap.set(id, winner);
      } else {
        this.winners.delete(key);
        kindMap.delete(id);
      }
      if (before !== winner) this.announce(key);
    }
  }

  private pick(key: string): ActiveDescriptor | undefined {
    if (this.overrides[key]?.enabled === false) return undefined;
    let best: Entry | undefined;
    for (const entry of this.stacks.get(key) ?? []) {
      if (!best || entry.active.priority > best.active.priority || (entry.active.priority === best.active.priority && entry.order > best.order)) {
        best = entry;
      }
    }
    return best?.active;
  }

  private announce(key: string): void {
    if (this.listeners.size === 0) return;
    const [kind, ...rest] = key.split(':');
    const change: RegistryChange = { kind: kind as DescriptorKind, id: rest.join(':'), active: this.winners.get(key) };
    for (const listener of this.listeners) listener(change);
  }
}
