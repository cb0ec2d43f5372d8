import { ERROR_CODES, type ErrorCode } from './codes.js';

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
  return value instanceof TroupeError && (code === undefined || value.code === code);
}

/** Reduces any thrown value to the serialisable ErrorInfo shape (causes chained, depth bounded). */
export function toErrorInfo(error: unknown, depth = 0): ErrorInfo {
  if (error instanceof TroupeError) {
    const cause = error.cause !== undefined && depth < 5 ? toErrorInfo(error.cause, depth + 1) : undefined;
    return {
      code: error.code,
      message: error.message,
      hint: error.hint,
      ...(Object.keys(error.details).length > 0 ? { details: { ...error.details } } : {}),
      ...(cause ? { cause } : {}),
    };
  }
  if (error instanceof Error) {
    const raw = (error as Error & { code?: unknown }).code;
    const code = typeof raw === 'string' ? raw : 'E_INTERNAL';
    const cause = error.cause !== undefined && depth < 5 ? toErrorInfo(error.cause, depth + 1) : undefined;
    return { code, message: error.message, ...(cause ? { cause } : {}) };
  }
  if (typeof error === 'object' && error !== null && typeof (error as ErrorInfo).code === 'string' && typeof (error as ErrorInfo).message === 'string') {
    return error as ErrorInfo;
  }
  return { code: 'E_INTERNAL', message: String(error) };
}
