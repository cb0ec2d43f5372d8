import type { ErrorInfo } from '@troupe/sdk';

/**
 * The `cause:` lines under an error, each saying a thing once: a Node error
 * message that repeats its own code ("ENOENT: no such file…") loses the
 * repeat, and a cause whose message the line above already says shows only
 * its code.
 */
export function causeLines(error: ErrorInfo, indent: string): string[] {
  const lines: string[] = [];
  let said = error.message;
  for (let cause = error.cause; cause; cause = cause.cause) {
    const message = withoutOwnCode(cause);
    lines.push(message.length === 0 || said.includes(message) ? `${indent}cause: ${cause.code}` : `${indent}cause: ${cause.code}: ${message}`);
    said = `${said}\n${message}`;
  }
  return lines;
}

/** `CODE: message` for an error, without saying its code twice. */
export function codeAndMessage(error: ErrorInfo): string {
  return `${error.code}: ${withoutOwnCode(error)}`;
}

function withoutOwnCode(error: ErrorInfo): string {
  const prefix = `${error.code}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}
