import type { LogFn, Logger } from '@troupe/sdk';

export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogEntry {
  readonly level: LogLevelName;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A logger that keeps every entry in memory, for assertions (and silence) in tests. */
export class RecordingLogger implements Logger {
  readonly trace: LogFn;
  readonly debug: LogFn;
  readonly info: LogFn;
  readonly warn: LogFn;
  readonly error: LogFn;
  readonly fatal: LogFn;

  constructor(
    readonly entries: LogEntry[] = [],
    private readonly bindings: Readonly<Record<string, unknown>> = {},
  ) {
    const at =
      (level: LogLevelName): LogFn =>
      (first: string | Record<string, unknown>, message?: string) => {
        const fields = typeof first === 'string' ? {} : first;
        this.entries.push({ level, message: typeof first === 'string' ? first : (message ?? ''), fields: { ...this.bindings, ...fields } });
      };
    this.trace = at('trace');
    this.debug = at('debug');
    this.info = at('info');
    this.warn = at('warn');
    this.error = at('error');
    this.fatal = at('fatal');
  }

  child(bindings: Record<string, unknown>): Logger {
    return new RecordingLogger(this.entries, { ...this.bindings, ...bindings });
  }
}
