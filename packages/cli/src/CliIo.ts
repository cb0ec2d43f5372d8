/** Where a command reads and writes: the real process, or a capture in tests. */
export interface CliIo {
  readonly stdout: { write(text: string): void };
  readonly stderr: { write(text: string): void };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  stdout: { write: (text) => void process.stdout.write(text) },
  stderr: { write: (text) => void process.stderr.write(text) },
  get cwd() {
    return process.cwd();
  },
  env: process.env,
};

/** Exit statuses shared by every command. */
export const ExitCode = {
  ok: 0,
  /** The command ran and the answer is "no" (invalid config, host aborted, run failed). */
  failed: 1,
  /** Bad command line (E_CLI_USAGE). */
  usage: 2,
} as const;
