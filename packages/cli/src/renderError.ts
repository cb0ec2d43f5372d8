import { isTroupeError, toErrorInfo } from '@troupe/sdk';
import { causeLines, codeAndMessage } from './causeLines.js';

/**
 * `CODE: message`, the hint, and the chain of causes; the stack only with
 * TROUPE_DEBUG=1 (users act on codes and hints, not on stack frames).
 */
export function renderError(error: unknown, options: { readonly debug: boolean; readonly scrub?: (text: string) => string }): string {
  const info = toErrorInfo(error);
  const lines = [codeAndMessage(info)];
  if (info.hint) lines.push(`  hint: ${info.hint}`);
  lines.push(...causeLines(info, '  '));
  if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
  // Errors recorded on a run arrive as plain ErrorInfo objects: they have no stack to offer.
  else if (!isTroupeError(error) && error instanceof Error) lines.push('  (set TROUPE_DEBUG=1 for the stack trace)');
  const text = `${lines.join('\n')}\n`;
  return options.scrub ? options.scrub(text) : text;
}

