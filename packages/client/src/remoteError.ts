import { ERROR_CODES, TroupeError, type ErrorCode, type ErrorDetails, type ErrorInfo } from '@troupe/sdk';

/**
 * A TroupeError carrying what the server said: its code (even one this client
 * version does not know), message and hint; `details.status` is the HTTP status.
 */
export function remoteError(info: ErrorInfo, status?: number): TroupeError {
  const known = Object.hasOwn(ERROR_CODES, info.code);
  const details: Record<string, ErrorDetails[string]> = {};
  for (const [key, value] of Object.entries(info.details ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') details[key] = value;
    else if (Array.isArray(value)) details[key] = value.map(String);
  }
  if (status !== undefined) details.status = status;
  const error = new TroupeError(known ? (info.code as ErrorCode) : 'E_INTERNAL', details, { message: info.message });
  if (!known) Object.defineProperty(error, 'code', { value: info.code, enumerable: true });
  if (info.hint !== undefined) Object.defineProperty(error, 'hint', { value: info.hint, enumerable: true });
  return error;
}
