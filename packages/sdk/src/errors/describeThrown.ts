/** The longest description kept of a thrown value: a reason is for a person, not a dump. */
const MAX_DESCRIPTION = 2000;

/**
 * A safe, one-line description of anything a pack can throw. Total: it never
 * throws, whatever the value (a null-prototype object, a Proxy whose traps
 * throw, an Error whose `message` is a throwing getter, a throwing
 * `toString`). Errors give their message, strings themselves, other values
 * `String(value)` when that works, and a description of their kind otherwise.
 */
export function describeThrown(value: unknown): string {
  const kind = typeof value;
  if (kind === 'string') return cut(value as string);
  if (value === null || (kind !== 'object' && kind !== 'function')) {
    try {
      return cut(String(value));
    } catch {
      return `a thrown ${kind}`;
    }
  }
  const message = messageOf(value as object);
  if (message !== undefined) return cut(message);
  try {
    const text: unknown = String(value);
    if (typeof text === 'string') return cut(text);
  } catch {
    // falls through to the kind
  }
  return `a thrown ${kind} that cannot be described`;
}

/** An object's own string `message` (an Error's, or an error-like plain object's), read without trusting it. */
function messageOf(value: object): string | undefined {
  try {
    const message: unknown = (value as { message?: unknown }).message;
    return typeof message === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `value[key]` without letting a getter or a Proxy trap throw; undefined when it does. */
export function readSafely(value: unknown, key: string): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** `value instanceof type` that a Proxy's getPrototypeOf trap cannot turn into a throw. */
export function isInstanceSafely<T>(value: unknown, type: abstract new (...args: never[]) => T): value is T {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

function cut(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION)}…` : text;
}
