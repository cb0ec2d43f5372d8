import { ERROR_CODES, type ErrorCode } from './codes.js';
import { describeThrown, isInstanceSafely, readSafely } from './describeThrown.js';

/** Values that fill a code's message template; kept on the error for tooling. */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** The serialisable shape of an error, as stored, reported and sent over the wire. */
export interface ErrorInfo {
  readonly code: ErrorCode | (string & {});
  readonly message: string;
  readonly hint?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: ErrorInfo;
}

/** Details that read as a suffix of the message and are simply left out when absent. */
const OPTIONAL_DETAILS = new Set(['range', 'suggestion']);

function render(template: string, details: ErrorDetails): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = details[name];
    if (value === undefined) return OPTIONAL_DETAILS.has(name) ? '' : `<${name}>`;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}

/**
 * Every error Troupe throws on purpose. `code` is stable, `message` says what
 * happened, `hint` what to do; `cause` chains the underlying error.
 */
export class TroupeError extends Error {
  override readonly name = 'TroupeError';
  readonly code: ErrorCode;
  readonly hint: string;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, details: ErrorDetails = {}, options: { cause?: unknown; message?: string } = {}) {
    const spec = ERROR_CODES[code];
    super(options.message ?? render(spec.message, details), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = render(spec.hint, details);
    this.details = details;
  }

  toJSON(): ErrorInfo {
    return toErrorInfo(this);
  }
}

export function isTroupeError(value: unknown, code?: ErrorCode): value is TroupeError {
  return isInstanceSafely(value, TroupeError) && (code === undefined || value.code === code);
}

/**
 * Reduces any thrown value to the serialisable ErrorInfo shape (causes chained,
 * depth bounded). Total: whatever a pack throws (a Proxy, a throwing getter)
 * gives an ErrorInfo, never a second throw.
 */
export function toErrorInfo(error: unknown, depth = 0): ErrorInfo {
  if (isInstanceSafely(error, TroupeError)) {
    const cause = error.cause !== undefined && depth < 5 ? toErrorInfo(error.cause, depth + 1) : undefined;
    return {
      code: error.code,
      message: error.message,
      hint: error.hint,
      ...(Object.keys(error.details).length > 0 ? { details: { ...error.details } } : {}),
      ...(cause ? { cause } : {}),
    };
  }
  if (isInstanceSafely(error, Error)) {
    const raw = readSafely(error, 'code');
    const code = typeof raw === 'string' ? raw : 'E_INTERNAL';
    const rawCause = readSafely(error, 'cause');
    const cause = rawCause !== undefined && depth < 5 ? toErrorInfo(rawCause, depth + 1) : undefined;
    return { code, message: describeThrown(error), ...(cause ? { cause } : {}) };
  }
  const code = readSafely(error, 'code');
  const message = readSafely(error, 'message');
  if (typeof code === 'string' && typeof message === 'string') {
    const cause = readSafely(error, 'cause');
    const hint = readSafely(error, 'hint');
    const details = readSafely(error, 'details');
    return {
      code,
      message,
      ...(typeof hint === 'string' ? { hint } : {}),
      ...(typeof details === 'object' && details !== null ? { details: details as Record<string, unknown> } : {}),
      ...(cause !== undefined && depth < 5 ? { cause: toErrorInfo(cause, depth + 1) } : {}),
    };
  }
  return { code: 'E_INTERNAL', message: describeThrown(error) };
}
