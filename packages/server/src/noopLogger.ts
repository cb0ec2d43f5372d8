import type { Logger } from '@troupe/sdk';

const noop = (): void => {};

/** The logger used when none is given. */
export const noopLogger: Logger = {
  trace: noop,
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  fatal: noop,
  child: () => noopLogger,
};
