/** A stream a command writes to; `isTTY` and `columns` decide between a live view and plain lines. */
export interface CliOutput {
  write(text: string): void;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}

/** Where a command reads and writes: the real process, or a capture in tests. */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves when the user asks a long-running command (`serve`, `watch`) to
   * stop (Ctrl-C, SIGTERM). Default: never, for tests that pass their own.
   */
  readonly interrupted?: Promise<void>;
}

/** What signals come from: the process, or an emitter in tests. */
export type SignalSource = Pick<NodeJS.EventEmitter, 'on' | 'off'>;

/**
 * The one interruption of a process: listeners installed at the first ask
 * and removed at the first SIGINT or SIGTERM, and the promise stays
 * resolved. A promise per ask lost a signal that came between two asks (a
 * standby retrying the lease never stopped) and left a listener behind per
 * ask. A second Ctrl-C then meets Node's default and ends the process at once.
 */
export function interruptionOf(source: SignalSource): () => Promise<void> {
  let interrupted: Promise<void> | undefined;
  return () =>
    (interrupted ??= new Promise<void>((resolve) => {
      const stop = (): void => {
        source.off('SIGINT', stop);
        source.off('SIGTERM', stop);
        resolve();
      };
      source.on('SIGINT', stop);
      source.on('SIGTERM', stop);
    }));
}

const processInterruption = interruptionOf(process);

export const processIo: CliIo = {
  stdout: {
    write: (text) => void process.stdout.write(text),
    get isTTY() {
      return process.stdout.isTTY === true;
    },
    get columns() {
      return process.stdout.columns;
    },
    get rows() {
      return process.stdout.rows;
    },
  },
  stderr: { write: (text) => void process.stderr.write(text) },
  get cwd() {
    return process.cwd();
  },
  env: process.env,
  get interrupted() {
    return processInterruption();
  },
};

/** Exit statuses shared by every command. */
export const ExitCode = {
  ok: 0,
  /** The command ran and the answer is "no" (invalid config, host aborted, run failed). */
  failed: 1,
  /** Bad command line (E_CLI_USAGE, E_CLI_INPUT_INVALID). */
  usage: 2,
  /** The run waits for a human answer (`troupe approve` / `troupe answer`). */
  waiting: 3,
} as const;
