import { TroupeError } from '@troupe/sdk';

/** Longest caller-chosen run id. */
export const MAX_RUN_ID_LENGTH = 200;

/**
 * The safe alphabet of a caller-chosen run id: letters, digits and `. _ - : @ / + =`,
 * starting with a letter or digit. Run ids end up in terminals, URLs, file
 * names and log lines: no spaces, quotes, shell or control characters.
 */
export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]*$/;

/** Refuses a caller-chosen run id outside the safe alphabet with E_RUN_ID_INVALID. */
export function checkRunId(runId: unknown): void {
  let reason: string | undefined;
  if (typeof runId !== 'string' || runId === '') reason = 'it must be a non-empty string';
  else if (runId.length > MAX_RUN_ID_LENGTH) reason = `it is ${runId.length} characters long (at most ${MAX_RUN_ID_LENGTH})`;
  else if (!RUN_ID_PATTERN.test(runId)) reason = 'only letters, digits and . _ - : @ / + = are allowed, starting with a letter or digit';
  if (reason === undefined) return;
  // Shown JSON-quoted and cut: the id is hostile input.
  const shown = typeof runId === 'string' ? JSON.stringify(runId.length > 60 ? `${runId.slice(0, 60)}…` : runId) : typeof runId;
  throw new TroupeError('E_RUN_ID_INVALID', { runId: shown, reason });
}
