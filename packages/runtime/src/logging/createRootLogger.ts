import pino, { type DestinationStream, type Level, type Logger as PinoLogger } from 'pino';
import { isInstanceSafely } from '@troupe/sdk';

export type LogLevel = Level | 'silent';

export interface RootLoggerOptions {
  readonly level: LogLevel;
  /** Absolute path of a log file (written synchronously, folder created). */
  readonly file?: string;
  /** Where lines go without a file: a stream or a file descriptor. Default stdout. */
  readonly destination?: DestinationStream | number;
  /** Replaces known secret values in a text (the host's SecretResolver.scrub). */
  readonly scrub: (text: string) => string;
  /** Whether logged errors keep their stack trace. Default true; a CLI leaves them out unless debugging. */
  readonly stacks?: boolean;
}

/** Field names that carry secrets by convention; pino censors them whatever their value. */
export const SECRET_LOG_PATHS = [
  'secret',
  'secrets',
  'token',
  'password',
  'apiKey',
  'authorization',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.password',
  '*.apiKey',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

/**
 * The host's pino root logger. Three layers keep secret values out:
 * `redact` censors fields named like secrets; a `logMethod` hook scrubs known
 * values from messages and logged errors before pino formats them; and each
 * finished line is scrubbed on its way to the destination, which also covers
 * fields of any name and child-logger bindings (pino serializes those once,
 * at child creation, out of reach of hooks).
 */
export function createRootLogger(options: RootLoggerOptions): PinoLogger {
  const { scrub } = options;
  const target =
    options.file !== undefined
      ? pino.destination({ dest: options.file, sync: true, mkdir: true })
      : typeof options.destination === 'object'
        ? options.destination
        : pino.destination({ fd: options.destination ?? 1, sync: true });
  const scrubbed: DestinationStream = { write: (line) => target.write(scrub(line)) };
  return pino(
    {
      level: options.level,
      redact: { paths: SECRET_LOG_PATHS, censor: '[REDACTED]' },
      ...(options.stacks === false ? { serializers: { err: errWithoutStack } } : {}),
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrubArgument(arg, scrub)) as Parameters<typeof method>);
        },
      },
    },
    scrubbed,
  );
}

/** pino's error serializer (causes nested, not glued to the message), without the stacks. */
function errWithoutStack(error: unknown): unknown {
  return withoutStacks(pino.stdSerializers.errWithCause(error as Error) as unknown, 0);
}

function withoutStacks(serialized: unknown, depth: number): unknown {
  if (typeof serialized !== 'object' || serialized === null || depth > 5) return serialized;
  const { stack: _stack, cause, ...rest } = serialized as Record<string, unknown>;
  return cause === undefined ? rest : { ...rest, cause: withoutStacks(cause, depth + 1) };
}

function scrubArgument(arg: unknown, scrub: (text: string) => string): unknown {
  if (typeof arg === 'string') return scrub(arg);
  // A top-level Error must stay an Error: pino takes its message as the log message.
  if (isInstanceSafely(arg, Error)) {
    const message = scrub(arg.message);
    const stack = arg.stack === undefined ? undefined : scrub(arg.stack);
    if (message === arg.message && stack === arg.stack) return arg;
    const copy = new Error(message);
    copy.name = arg.name;
    copy.stack = stack;
    return copy;
  }
  return arg;
}
