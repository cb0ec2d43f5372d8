import { TERMINAL_RUN_STATUSES, type RunStatus } from '@troupe/sdk';

const TERMINAL = new Set<RunStatus>(TERMINAL_RUN_STATUSES);

/** completed, failed or cancelled: nothing about the run changes any more. */
export function isTerminalRunStatus(status: RunStatus): boolean {
  return TERMINAL.has(status);
}

/** What `wait` waits for: a terminal status, or (unless untilTerminal) one that waits for someone. */
export function isSettledRunStatus(status: RunStatus, untilTerminal: boolean): boolean {
  return TERMINAL.has(status) || (!untilTerminal && (status === 'awaiting_input' || status === 'paused'));
}
