/** Containers nested deeper than this are not looked into (the default of every walker). */
export const DEFAULT_MAX_DEPTH = 100;

export interface JsonLeafMapper {
  /** Returns the replacement for a string value (keys are never passed). Return the same string when unchanged. */
  readonly string?: (value: string) => unknown;
  /** Returns the replacement for a number value. Return the same number when unchanged. */
  readonly number?: (value: number) => unknown;
  /** Replacement for a container nested deeper than `maxDepth`: it was not looked into. */
  readonly tooDeep: () => unknown;
  /** Replacement for a reference back to an enclosing container. */
  readonly cycle: () => unknown;
  readonly maxDepth?: number;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // A "__proto__" key (possible after JSON.parse) must stay a plain property.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Maps the leaves of a JSON-like value, copy-on-write: the input is never
 * mutated and an unchanged branch is returned as the same reference, so a
 * payload with nothing to change costs one walk and no allocation.
 * Objects with `toJSON` (Date, URL, …) are mapped as what they serialise to,
 * so the mapped value serialises without the replaced leaves.
 */
export function mapJsonLeaves(input: unknown, mapper: JsonLeafMapper): unknown {
  const maxDepth = mapper.maxDepth ?? DEFAULT_MAX_DEPTH;
  const ancestors = new Set<object>();
  // A shared (non-cyclic) reference is mapped once: keeps wide DAGs linear.
  const done = new Map<object, unknown>();

  const visit = (value: unknown, depth: number, key: string): unknown => {
    if (typeof value === 'string') return mapper.string ? mapper.string(value) : value;
    if (typeof value === 'number') return mapper.number ? mapper.number(value) : value;
    if (!isContainer(value)) return value;

    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const serialised: unknown = toJSON.call(value, key);
      if (serialised === value) return value;
      const mapped = visit(serialised, depth, key);
      return mapped === serialised ? value : mapped;
    }
    if (ancestors.has(value)) return mapper.cycle();
    const known = done.get(value);
    if (known !== undefined || done.has(value)) return known;
    if (depth >= maxDepth) return mapper.tooDeep();

    ancestors.add(value);
    let result: unknown = value;
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        const mapped = visit(item, depth + 1, String(i));
        if (mapped !== item && copy === undefined) copy = value.slice();
        if (copy !== undefined) copy[i] = mapped;
      }
      if (copy !== undefined) result = copy;
    } else {
      const keys = Object.keys(value);
      let copy: Record<string, unknown> | undefined;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const item: unknown = value[k];
        const mapped = visit(item, depth + 1, k);
        if (mapped !== item && copy === undefined) {
          copy = {};
          for (let j = 0; j < i; j++) setOwn(copy, keys[j] as string, value[keys[j] as string]);
        }
        if (copy !== undefined) setOwn(copy, k, mapped);
      }
      if (copy !== undefined) result = copy;
    }
    ancestors.delete(value);
    done.set(value, result);
    return result;
  };

  return visit(input, 0, '');
}
