import { describeThrown, TroupeError } from '@troupe/sdk';

/** How large a value (a task output, a run input, an answer) may be. */
export interface PayloadLimits {
  /** Its JSON text, in bytes (estimated: see `checkPayload`). */
  readonly maxBytes: number;
  /** Nesting of objects and arrays. */
  readonly maxDepth: number;
}

/** 1 MiB of JSON and 64 levels of nesting (`engine.maxPayloadBytes`, `engine.maxPayloadDepth`). */
export const DEFAULT_PAYLOAD_LIMITS: PayloadLimits = Object.freeze({ maxBytes: 1024 * 1024, maxDepth: 64 });

/** Deeper nesting than this is refused even when configured: the check itself recurses. */
export const MAX_PAYLOAD_DEPTH = 100;

type Problem = { readonly code: 'E_PAYLOAD_NOT_SERIALIZABLE' | 'E_PAYLOAD_TOO_LARGE'; readonly reason: string; path: string };

/**
 * Whether a value can be stored as JSON within the limits, in one walk that
 * follows JSON.stringify (toJSON first; undefined, functions and symbols
 * dropped): a BigInt, a cycle, a throwing getter or toJSON make it
 * E_PAYLOAD_NOT_SERIALIZABLE; too deep or too large E_PAYLOAD_TOO_LARGE.
 * The size is the length of the JSON text as the walk counts it (string
 * characters plus quotes, 8 per number), an estimate that never needs the text.
 * Returns the refusal for `subject` ("the output of task x"), or undefined.
 */
export function checkPayload(value: unknown, limits: PayloadLimits, subject: string): TroupeError | undefined {
  // Scalars, the common case for small outputs, need no walk.
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return refusal({ code: 'E_PAYLOAD_NOT_SERIALIZABLE', reason: 'a BigInt is not JSON data', path: '' }, subject, limits);
    if (typeof value === 'string' && value.length + 2 > limits.maxBytes) return refusal(tooLarge(''), subject, limits);
    return undefined;
  }
  const walk = new PayloadWalk(limits);
  let problem: Problem | undefined;
  try {
    problem = walk.visit(value, 0);
  } catch (error) {
    problem = { code: 'E_PAYLOAD_NOT_SERIALIZABLE', reason: `reading it threw: ${describeThrown(error)}`, path: '' };
  }
  return problem ? refusal(problem, subject, limits) : undefined;
}

function refusal(problem: Problem, subject: string, limits: PayloadLimits): TroupeError {
  const at = problem.path === '' ? '' : ` at ${problem.path}`;
  return new TroupeError(problem.code, { subject, reason: `${problem.reason}${at}`, maxBytes: limits.maxBytes, maxDepth: limits.maxDepth });
}

function tooLarge(path: string): Problem {
  return { code: 'E_PAYLOAD_TOO_LARGE', reason: 'its JSON is larger than maxBytes', path };
}

class PayloadWalk {
  private bytes = 0;
  /** The objects being walked, outermost first: one met again is a cycle. */
  private readonly ancestors: object[] = [];

  constructor(private readonly limits: PayloadLimits) {}

  /** A problem with `value` (its path filled in on the way out), or undefined. */
  visit(value: unknown, depth: number): Problem | undefined {
    switch (typeof value) {
      case 'string':
        this.bytes += value.length + 2;
        break;
      case 'number':
        this.bytes += 8;
        break;
      case 'boolean':
        this.bytes += 5;
        break;
      case 'bigint':
        return { code: 'E_PAYLOAD_NOT_SERIALIZABLE', reason: 'a BigInt is not JSON data', path: '' };
      case 'object':
        if (value === null) this.bytes += 4;
        else return this.visitObject(value, depth);
        break;
      default:
        // undefined, functions and symbols: JSON drops them (or writes null in an array).
        this.bytes += 4;
    }
    return this.bytes > this.limits.maxBytes ? tooLarge('') : undefined;
  }

  private visitObject(value: object, depth: number, callToJSON = true): Problem | undefined {
    const toJSON = callToJSON ? (value as { toJSON?: unknown }).toJSON : undefined;
    if (typeof toJSON === 'function') {
      let json: unknown;
      try {
        json = (toJSON as () => unknown).call(value);
      } catch (error) {
        return { code: 'E_PAYLOAD_NOT_SERIALIZABLE', reason: `its toJSON() threw: ${describeThrown(error)}`, path: '' };
      }
      // JSON.stringify calls toJSON once: what it gives is walked as is.
      if (json === null || typeof json !== 'object') return this.visit(json, depth);
      return this.visitObject(json, depth, false);
    }
    if (depth >= Math.min(this.limits.maxDepth, MAX_PAYLOAD_DEPTH)) {
      return { code: 'E_PAYLOAD_TOO_LARGE', reason: `it nests deeper than maxDepth (${this.limits.maxDepth})`, path: '' };
    }
    if (this.ancestors.includes(value)) return { code: 'E_PAYLOAD_NOT_SERIALIZABLE', reason: 'it contains a cycle', path: '' };
    this.ancestors.push(value);
    let problem: Problem | undefined;
    if (Array.isArray(value)) {
      this.bytes += 2 + value.length;
      for (let index = 0; index < value.length && !problem; index++) {
        problem = this.visit(value[index], depth + 1);
        if (problem) problem.path = `/${index}${problem.path}`;
      }
    } else {
      this.bytes += 2;
      for (const key of Object.keys(value)) {
        this.bytes += key.length + 4;
        problem = this.visitField(value, key, depth);
        if (problem) {
          problem.path = `/${key}${problem.path}`;
          break;
        }
      }
    }
    this.ancestors.pop();
    return problem ?? (this.bytes > this.limits.maxBytes ? tooLarge('') : undefined);
  }

  private visitField(value: object, key: string, depth: number): Problem | undefined {
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch (error) {
      return { code: 'E_PAYLOAD_NOT_SERIALIZABLE', reason: `reading it threw: ${describeThrown(error)}`, path: '' };
    }
    return this.visit(item, depth + 1);
  }
}
