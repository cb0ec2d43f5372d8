import { isTroupeError, toErrorInfo } from '@troupe/sdk';

/**
 * `CODE: message`, the hint, and the chain of causes; the stack only with
 * TROUPE_DEBUG=1 (users act on codes and hints, not on stack frames).
 */
export function renderError(error: unknown, options: { readonly debug: boolean; readonly scrub?: (text: string) => string }): string {
  const info = toErrorInfo(error);
  const lines = [`${info.code}: ${info.message}`];
  if (info.hint) lines.push(`  hint: ${info.hint}`);
  for (let cause = info.cause; cause; cause = cause.cause) lines.push(`  cause: ${cause.code}: ${cause.message}`);
  if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
  // Errors recorded on a run arrive as plain ErrorInfo objects: they have no stack to offer.
  else if (!isTroupeError(error) && error instanceof Error) lines.push('  (set TROUPE_DEBUG=1 for the stack trace)');
  const text = `${lines.join('\n')}\n`;
  return options.scrub ? options.scrub(text) : text;
}

