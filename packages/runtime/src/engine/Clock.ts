/** Time as the engine sees it; tests pass a fake one to drive backoff and timeouts. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // Pending timers (retry backoff, timeouts) keep the process alive on purpose:
  // a run that waits for its next attempt is still work in progress.
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
