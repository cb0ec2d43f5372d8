// Characters JSON.stringify escapes or that UTF-8 encodes differently from their escape.
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;
const CARE_CHARS = /["\\\u0000-\u001f]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]/g;
const SHORT_ESCAPES = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

/** UTF-8 bytes of JSON.stringify(text), without building the escaped copy. */
export function jsonStringByteLength(text: string): number {
  let bytes = Buffer.byteLength(text, 'utf8') + 2;
  if (!NEEDS_CARE.test(text)) return bytes;
  for (const match of text.matchAll(CARE_CHARS)) {
    const unit = match[0];
    if (unit.length === 2) continue; // a well-formed surrogate pair: 4 bytes either way
    const code = unit.charCodeAt(0);
    if (code === 0x22 || code === 0x5c) bytes += 1; // \" and \\
    else if (code < 0x20) bytes += SHORT_ESCAPES.has(code) ? 1 : 5; // \n vs \u0001
    else bytes += 3; // lone surrogate: \udxxx (6) instead of U+FFFD (3)
  }
  return bytes;
}

type Resolved =
  | { readonly leaf: number }
  | { readonly container: object }
  | undefined;

/** What JSON.stringify would do with `value` under `key`: skip it, print a leaf, or open a container. */
function resolve(holderValue: unknown, key: string): Resolved {
  let value = holderValue;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (value instanceof Number) value = Number(value);
  else if (value instanceof String) value = String(value);
  else if (value instanceof Boolean) value = value.valueOf();
  else if (typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object BigInt]') {
    value = (value as { valueOf(): unknown }).valueOf();
  }
  switch (typeof value) {
    case 'string':
      return { leaf: jsonStringByteLength(value) };
    case 'number':
      return { leaf: Number.isFinite(value) ? String(value).length : 4 };
    case 'boolean':
      return { leaf: value ? 4 : 5 };
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      return value === null ? { leaf: 4 } : { container: value };
    default:
      return undefined; // undefined, functions, symbols
  }
}

interface Frame {
  readonly container: object;
  readonly keys: readonly string[] | undefined;
  readonly length: number;
  index: number;
  written: number;
}

/**
 * The number of UTF-8 bytes of `JSON.stringify(value)` (0 when it gives
 * undefined), counted without building the string. Counting stops as soon
 * as the total exceeds `stopAfter`, so a huge payload costs no more than the
 * limit it is checked against. Throws like JSON.stringify on cycles and BigInt.
 * Iterative, so deep nesting cannot overflow the call stack.
 */
export function jsonByteLength(value: unknown, stopAfter = Number.POSITIVE_INFINITY): number {
  let total = 0;
  const open = new Set<object>();
  const stack: Frame[] = [];

  const enter = (container: object): void => {
    if (open.has(container)) throw new TypeError('Converting circular structure to JSON');
    open.add(container);
    total += 1;
    if (Array.isArray(container)) stack.push({ container, keys: undefined, length: container.length, index: 0, written: 0 });
    else {
      const keys = Object.keys(container);
      stack.push({ container, keys, length: keys.length, index: 0, written: 0 });
    }
  };

  const root = resolve(value, '');
  if (root === undefined) return 0;
  if ('leaf' in root) return root.leaf;
  enter(root.container);

  while (stack.length > 0 && total <= stopAfter) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.index >= frame.length) {
      total += 1;
      open.delete(frame.container);
      stack.pop();
      continue;
    }
    const i = frame.index++;
    const holder = frame.container as Record<string, unknown>;
    if (frame.keys === undefined) {
      if (frame.written++ > 0) total += 1;
      const item = resolve(holder[i], String(i));
      if (item === undefined) total += 4; // null
      else if ('leaf' in item) total += item.leaf;
      else enter(item.container);
    } else {
      const key = frame.keys[i] as string;
      const item = resolve(holder[key], key);
      if (item === undefined) continue;
      if (frame.written++ > 0) total += 1;
      total += jsonStringByteLength(key) + 1;
      if ('leaf' in item) total += item.leaf;
      else enter(item.container);
    }
  }
  return total;
}
